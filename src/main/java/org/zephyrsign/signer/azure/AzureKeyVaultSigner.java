package org.zephyrsign.signer.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.math.BigInteger;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.remote.HttpSettings;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.RemoteHttpClient;
import org.zephyrsign.signer.remote.RemoteImageSigner;
import org.zephyrsign.signer.remote.RemoteKeys;
import org.zephyrsign.signer.remote.RemoteSessions;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.RemoteTarget;

/**
 * Signs with Azure Key Vault (or Managed HSM) through its REST API, {@code GET {key}} for the JWK
 * and {@code POST {kid}/sign} (api-version 7.4), with a bearer token from azure-identity's
 * credentials, chained in DefaultAzureCredential's order for its members that CI and servers use:
 * client secret or certificate from the environment (as EnvironmentCredential reads it), workload
 * identity (a federated token file, as CI OIDC provides), managed identity, and the Azure CLI. The
 * chain is built here rather than taken whole because DefaultAzureCredential also holds the IDE and
 * shared-token-cache credentials, which need the JNA libraries left out of the plugin, and because
 * EnvironmentCredential cannot have instance discovery turned off for a private authority. The Key
 * Vault client library would add little (0.3 MB) but a second HTTP stack; its Netty transport alone
 * is 11 MB (README, "Cloud key services").
 *
 * <p>ES256/ES384 sign the digest and answer raw R||S (64 or 96 bytes), converted here to MCUboot's
 * DER; PS256 signs the digest with a 32-byte salt. Key Vault has no Ed25519 keys.
 */
final class AzureKeyVaultSigner extends RemoteImageSigner {
    static final String API_VERSION = "7.4";
    private static final Pattern KEY_ID = Pattern.compile("https://([^/?#]+)/keys/([^/?#]+)(?:/([^/?#]*))?/?");
    /** The variables azure-identity's environment, workload identity and managed identity credentials read. */
    private static final List<String> VARIABLES = List.of("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET",
            "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
            "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE",
            "AZURE_REGIONAL_AUTHORITY_NAME", "AZURE_POD_IDENTITY_AUTHORITY_HOST", "IDENTITY_ENDPOINT",
            "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT",
            "AZURE_TOKEN_CREDENTIALS");

    private final RemoteHttpClient http;
    private final URI kid;
    private final String scope;
    private final Tokens credential;
    private final String alg;

    private AzureKeyVaultSigner(RemoteTarget target, McubootPublicKey key, RemoteHttpClient http, URI kid, String scope,
            Tokens credential, String alg) {
        super(target, key);
        this.http = http;
        this.kid = kid;
        this.scope = scope;
        this.credential = credential;
        this.alg = alg;
    }

    static AzureKeyVaultSigner open(SignerConfig config, SignerLog log) {
        String keyId = config.require(AzureKeyVaultSignerBackend.KEY_ID);
        Matcher m = KEY_ID.matcher(keyId);
        if (!m.matches()) {
            throw new SignerConfigException(AzureKeyVaultSignerBackend.TYPE + " signer: " + named(config,
                    AzureKeyVaultSignerBackend.KEY_ID) + " must be https://VAULT.vault.azure.net/keys/NAME[/VERSION], "
                    + "not '" + keyId + "'");
        }
        String host = m.group(1);
        String version = m.group(3) == null ? "" : m.group(3);
        URI key = URI.create("https://" + host + "/keys/" + m.group(2) + (version.isEmpty() ? "" : "/" + version));
        HttpSettings settings = HttpSettings.fromConfig(config, null);
        RemoteHttpClient http = RemoteHttpClient.shared(settings, AzureKeyVaultSignerBackend.TYPE, log);
        String scope = scope(host);
        RemoteTarget target = new RemoteTarget(AzureKeyVaultSignerBackend.TYPE, "key " + key,
                "Azure credential chain: environment, workload identity, managed identity, Azure CLI");
        RemoteTarget tokenTarget = target;
        String authority = config.get(AzureKeyVaultSignerBackend.AUTHORITY_HOST);
        String tenant = config.get(AzureKeyVaultSignerBackend.TENANT_ID);
        String client = config.get(AzureKeyVaultSignerBackend.CLIENT_ID);
        // Per credential settings and HTTP client: the token requests go through that client's CA and proxies.
        Tokens credential = RemoteSessions.credential("azure|" + authority + "|" + tenant + "|" + client + "|"
                + System.identityHashCode(http),
                () -> new Tokens(chain(config, new AzureHttpClient(http, tokenTarget), authority, tenant, client)));

        RemoteHttpClient.Response r = http.get(target, URI.create(key + "?api-version=" + API_VERSION),
                auth(target, credential, scope));
        Map<String, Object> answer = answer(target, r);
        Object enabled = Json.at(answer, "attributes", "enabled");
        if (Boolean.FALSE.equals(enabled)) {
            throw target.failure(Kind.KEY_DISABLED, "attributes.enabled is false");
        }
        Object jwk = answer.get("key");
        if (!(jwk instanceof Map<?, ?>)) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "no key (JWK) in the answer");
        }
        Object ops = Json.at(answer, "key", "key_ops");
        if (ops instanceof List<?> list && !list.contains("sign")) {
            throw target.failure(Kind.WRONG_KEY_TYPE, "its key_ops are " + list + ", without sign");
        }
        String kidText = Json.string(answer, "key", "kid");
        if (kidText == null || !KEY_ID.matcher(kidText).matches()) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "the JWK has no key id (kid)");
        }
        McubootPublicKey publicKey = fromJwk(target, answer);
        String alg = switch (publicKey.algorithm()) {
            case ECDSA_P256 -> "ES256";
            case ECDSA_P384 -> "ES384";
            case RSA_2048, RSA_3072 -> "PS256";
            case ED25519 -> throw target.failure(Kind.WRONG_KEY_TYPE, "Key Vault has no Ed25519");
        };
        // The versioned kid: every image of the build is signed by the version whose public key was read.
        return new AzureKeyVaultSigner(target, publicKey, http, URI.create(kidText), scope, credential, alg);
    }

    @Override
    protected byte[] signRemotely(SigningRequest request) {
        Map<String, Object> body = Json.object("alg", alg, "value", RemoteKeys.toBase64Url(request.digest()));
        RemoteHttpClient.Response r = http.postJson(target(), URI.create(kid + "/sign?api-version=" + API_VERSION),
                auth(target(), credential, scope), body);
        Map<String, Object> answer = answer(target(), r);
        byte[] signature = RemoteKeys.base64Url(target(), "value", Json.string(answer, "value"));
        if (publicKey().algorithm().isEcdsa()) {
            int raw = 2 * publicKey().algorithm().ecdsaScalarLength();
            if (signature.length != raw) {
                throw target().failure(Kind.MALFORMED_RESPONSE, alg + " signatures are raw R||S of " + raw
                        + " bytes, got " + signature.length);
            }
            return RemoteKeys.derFromRaw(signature);
        }
        return signature;
    }

    /**
     * The token scope Key Vault wants: its resource is the vault's host without the vault name
     * ({@code https://vault.azure.net}, {@code https://managedhsm.azure.net}, sovereign clouds alike).
     */
    static String scope(String host) {
        String h = host.replaceFirst(":\\d+$", "");
        int dot = h.indexOf('.');
        boolean ip = h.matches("[0-9.]+") || h.startsWith("[");
        String resource = dot < 0 || ip ? "vault.azure.net" : h.substring(dot + 1);
        return "https://" + resource + "/.default";
    }

    /** The public key from the JWK: EC (P-256, P-384) or RSA; anything else named. */
    static McubootPublicKey fromJwk(RemoteTarget target, Map<String, Object> answer) {
        String kty = Json.string(answer, "key", "kty");
        String crv = Json.string(answer, "key", "crv");
        SubjectPublicKeyInfo spki;
        try {
            if ("EC".equals(kty) || "EC-HSM".equals(kty)) {
                ASN1ObjectIdentifier curve = switch (crv == null ? "" : crv) {
                    case "P-256" -> SECObjectIdentifiers.secp256r1;
                    case "P-384" -> SECObjectIdentifiers.secp384r1;
                    default -> throw target.failure(Kind.WRONG_KEY_TYPE, "it is an EC key on curve " + crv
                            + "; MCUboot verifies P-256 and P-384");
                };
                int size = curve.equals(SECObjectIdentifiers.secp256r1) ? 32 : 48;
                byte[] x = RemoteKeys.base64Url(target, "key.x", Json.string(answer, "key", "x"));
                byte[] y = RemoteKeys.base64Url(target, "key.y", Json.string(answer, "key", "y"));
                if (x.length != size || y.length != size) {
                    throw target.failure(Kind.MALFORMED_RESPONSE, "the JWK's x and y are not " + size + " bytes");
                }
                byte[] point = new byte[1 + 2 * size];
                point[0] = 4;
                System.arraycopy(x, 0, point, 1, size);
                System.arraycopy(y, 0, point, 1 + size, size);
                spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point);
            } else if ("RSA".equals(kty) || "RSA-HSM".equals(kty)) {
                BigInteger n = new BigInteger(1, RemoteKeys.base64Url(target, "key.n", Json.string(answer, "key", "n")));
                BigInteger e = new BigInteger(1, RemoteKeys.base64Url(target, "key.e", Json.string(answer, "key", "e")));
                spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                        DERNull.INSTANCE), new RSAPublicKey(n, e));
            } else {
                throw target.failure(Kind.WRONG_KEY_TYPE, "its key type is " + kty + "; MCUboot verifies EC (P-256, "
                        + "P-384) and RSA (2048, 3072) keys");
            }
            return McubootPublicKey.fromSubjectPublicKeyInfo(spki);
        } catch (KeyException e) {
            throw target.failure(Kind.WRONG_KEY_TYPE, e.getMessage());
        } catch (java.io.IOException e) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "unreadable JWK");
        }
    }

    private static TokenCredential chain(SignerConfig config, AzureHttpClient httpClient, String authority,
            String tenant, String client) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String v : VARIABLES) {
            String value = config.secrets().environmentVariable(v);
            if (value != null) {
                env.put(v, value);
            }
        }
        Configuration configuration = new ConfigurationBuilder(path -> Map.of(), path -> Map.of(), path -> env).build();
        String authorityHost = authority != null ? authority : env.get("AZURE_AUTHORITY_HOST");
        String tenantId = tenant != null ? tenant : env.get("AZURE_TENANT_ID");
        String clientId = client != null ? client : env.get("AZURE_CLIENT_ID");

        boolean discovery = !"false".equalsIgnoreCase(config.get(AzureKeyVaultSignerBackend.INSTANCE_DISCOVERY));
        ChainedTokenCredentialBuilder chain = new ChainedTokenCredentialBuilder();
        // EnvironmentCredential's own choice (a client secret, else a certificate), made here from the same
        // variables so that instance discovery can be turned off for a private authority (Azure Stack, ADFS).
        String secret = env.get("AZURE_CLIENT_SECRET");
        String certificate = env.get("AZURE_CLIENT_CERTIFICATE_PATH");
        if (tenantId != null && clientId != null && (secret != null || certificate != null)) {
            AadCredentialBuilderBase<?> b = secret != null
                    ? new ClientSecretCredentialBuilder().clientSecret(secret)
                    : new ClientCertificateCredentialBuilder().pemCertificate(certificate)
                            .sendCertificateChain("true".equalsIgnoreCase(env.get("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")));
            if (secret == null && env.get("AZURE_CLIENT_CERTIFICATE_PASSWORD") != null) {
                b = new ClientCertificateCredentialBuilder().pfxCertificate(certificate)
                        .clientCertificatePassword(env.get("AZURE_CLIENT_CERTIFICATE_PASSWORD"));
            }
            chain.addLast(configure(b, configuration, httpClient, authorityHost, tenantId, clientId, discovery));
        }
        String tokenFile = env.get("AZURE_FEDERATED_TOKEN_FILE");
        if (tokenFile != null && tenantId != null && clientId != null) {
            chain.addLast(configure(new WorkloadIdentityCredentialBuilder().tokenFilePath(tokenFile), configuration,
                    httpClient, authorityHost, tenantId, clientId, discovery));
        }
        ManagedIdentityCredentialBuilder managed = new ManagedIdentityCredentialBuilder().configuration(configuration)
                .httpClient(httpClient).maxRetry(0);
        if (clientId != null) {
            managed.clientId(clientId);
        }
        chain.addLast(managed.build());
        chain.addLast(new AzureCliCredentialBuilder().configuration(configuration).tenantId(tenantId).build());
        return chain.build();
    }

    /** One of azure-identity's Entra ID credentials, on the shared HTTP client (which does the retrying). */
    private static TokenCredential configure(AadCredentialBuilderBase<?> builder, Configuration configuration,
            AzureHttpClient httpClient, String authorityHost, String tenantId, String clientId, boolean discovery) {
        builder.configuration(configuration);
        builder.httpClient(httpClient);
        builder.maxRetry(0);
        builder.tenantId(tenantId);
        builder.clientId(clientId);
        if (authorityHost != null) {
            builder.authorityHost(authorityHost);
        }
        if (!discovery) {
            builder.disableInstanceDiscovery();
        }
        if (builder instanceof ClientSecretCredentialBuilder b) {
            return b.build();
        }
        if (builder instanceof ClientCertificateCredentialBuilder b) {
            return b.build();
        }
        return ((WorkloadIdentityCredentialBuilder) builder).build();
    }

    /**
     * The chain and the last token it gave: one token per build and scope, fetched again only when
     * it is about to expire (the credentials' own caches do not hold a token for every authority).
     */
    static final class Tokens {
        private final TokenCredential chain;
        private final Map<String, AccessToken> tokens = new java.util.HashMap<>();

        Tokens(TokenCredential chain) {
            this.chain = chain;
        }

        synchronized AccessToken get(String scope) {
            AccessToken t = tokens.get(scope);
            if (t == null || t.getExpiresAt() == null
                    || t.getExpiresAt().isBefore(java.time.OffsetDateTime.now().plusMinutes(5))) {
                t = chain.getTokenSync(new TokenRequestContext().addScopes(scope));
                tokens.put(scope, t);
            }
            return t;
        }
    }

    private static Map<String, String> auth(RemoteTarget target, Tokens credential, String scope) {
        AccessToken token;
        try {
            token = credential.get(scope);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RemoteSignerException r && r.kind() != Kind.AUTH) {
                    throw r;
                }
            }
            throw target.failure(Kind.AUTH, "no access token: " + firstLine(e.getMessage()));
        }
        if (token == null || token.getToken() == null) {
            throw target.failure(Kind.AUTH, "no access token from the credential chain");
        }
        return Map.of("Authorization", "Bearer " + token.getToken());
    }

    /** The answer's JSON, or the failure Key Vault's error body describes. */
    private static Map<String, Object> answer(RemoteTarget target, RemoteHttpClient.Response r) {
        if (r.ok()) {
            return r.json(target);
        }
        String code = null;
        String message = null;
        try {
            Map<String, Object> error = Json.parseObject(r.body());
            code = Json.string(error, "error", "code");
            message = Json.string(error, "error", "message");
        } catch (Json.JsonException notJson) {
            // the HTTP status alone then
        }
        String detail = "HTTP " + r.status() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("disabled")) {
            throw target.failure(Kind.KEY_DISABLED, detail);
        }
        if ("KeyNotFound".equals(code) || r.status() == 404) {
            throw target.failure(Kind.KEY_NOT_FOUND, detail);
        }
        if (r.status() == 400 && ("BadParameter".equals(code) || lower.contains("algorithm")
                || lower.contains("not allowed"))) {
            throw target.failure(Kind.WRONG_KEY_TYPE, detail);
        }
        throw RemoteHttpClient.failure(target, r, (code == null ? "" : code + ": ") + (message == null ? "" : message));
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        String s = m.strip().split("\\R", 2)[0];
        return s.length() > 240 ? s.substring(0, 237) + "..." : s;
    }

    private static String named(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }

}
