package org.zephyrsign.signer.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.RemoteTarget;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Signs with AWS KMS through its JSON 1.1 API ({@code TrentService.GetPublicKey} and
 * {@code TrentService.Sign}), each request SigV4-signed by the AWS SDK's own signer with credentials
 * from the SDK's default chain (environment, profile/SSO, web identity token file as CI OIDC
 * provides it, container and instance metadata). Only the two calls go over the project's HTTP
 * client: one client, one TLS/proxy/retry behaviour for every backend, and 1.5 MB less than the KMS
 * client (README, "Cloud key services").
 *
 * <p>ECDSA P-256/P-384 sign the digest ({@code MessageType DIGEST}, {@code ECDSA_SHA_256/384}; DER
 * comes back); RSA 2048/3072 sign it with {@code RSASSA_PSS_SHA_256}, whose salt is the hash length,
 * 32 bytes, as MCUboot needs; Ed25519 keys ({@code ECC_NIST_EDWARDS25519}) sign with
 * {@code ED25519_SHA_512}, pure EdDSA over a RAW message of at most 4096 bytes: the image digest
 * always fits, a pure-Ed25519 image only when that small.
 */
final class AwsKmsSigner extends RemoteImageSigner {
    /** KMS's limit for a RAW message. */
    static final int MAX_RAW_MESSAGE = 4096;

    private final RemoteHttpClient http;
    private final URI endpoint;
    private final String region;
    private final String keyId;
    private final AwsCredentialsProvider credentials;
    private final String signingAlgorithm;

    private AwsKmsSigner(RemoteTarget target, McubootPublicKey key, RemoteHttpClient http, URI endpoint, String region,
            String keyId, AwsCredentialsProvider credentials, String signingAlgorithm) {
        super(target, key);
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.keyId = keyId;
        this.credentials = credentials;
        this.signingAlgorithm = signingAlgorithm;
    }

    static AwsKmsSigner open(SignerConfig config, SignerLog log) {
        String keyId = config.require(AwsKmsSignerBackend.KEY_ID);
        String region = region(config, keyId);
        URI endpoint = endpoint(config, region);
        String caBundle = config.secrets().environmentVariable("AWS_CA_BUNDLE");
        HttpSettings settings = HttpSettings.fromConfig(config, caBundle);
        String profile = config.get(AwsKmsSignerBackend.PROFILE);
        RemoteTarget target = new RemoteTarget(AwsKmsSignerBackend.TYPE, "key '" + keyId + "' at " + endpoint,
                "AWS default credential chain" + (profile == null ? "" : ", profile " + profile));
        AwsCredentialsProvider provider = RemoteSessions.credential("aws-kms|" + profile,
                () -> DefaultCredentialsProvider.builder().profileName(profile).build());
        AwsCredentials first = resolve(target, provider);
        target = target.withCredentialSource("AWS credentials from "
                + first.providerName().orElse("the default chain") + (profile == null ? "" : ", profile " + profile));
        RemoteHttpClient http = RemoteHttpClient.shared(settings, AwsKmsSignerBackend.TYPE, log);

        Map<String, Object> answer = call(target, http, endpoint, region, provider, "GetPublicKey",
                Json.object("KeyId", keyId));
        String usage = Json.string(answer, "KeyUsage");
        String spec = Json.string(answer, "KeySpec");
        if (spec == null) {
            spec = Json.string(answer, "CustomerMasterKeySpec");
        }
        if (usage != null && !usage.equals("SIGN_VERIFY")) {
            throw target.failure(Kind.WRONG_KEY_TYPE, "its key usage is " + usage + " (key spec " + spec
                    + "); MCUboot needs a SIGN_VERIFY key");
        }
        String algorithm = switch (spec == null ? "" : spec) {
            case "ECC_NIST_P256" -> "ECDSA_SHA_256";
            case "ECC_NIST_P384" -> "ECDSA_SHA_384";
            case "RSA_2048", "RSA_3072" -> "RSASSA_PSS_SHA_256";
            case "ECC_NIST_EDWARDS25519" -> "ED25519_SHA_512";
            default -> throw target.failure(Kind.WRONG_KEY_TYPE, "its key spec is " + spec + "; MCUboot verifies "
                    + "ECC_NIST_P256, ECC_NIST_P384, RSA_2048, RSA_3072 and ECC_NIST_EDWARDS25519 keys");
        };
        Object offered = answer.get("SigningAlgorithms");
        if (offered instanceof List<?> list && !list.contains(algorithm)) {
            throw target.failure(Kind.WRONG_KEY_TYPE, "the key offers " + list + ", not " + algorithm);
        }
        String der = Json.string(answer, "PublicKey");
        McubootPublicKey key = RemoteKeys.fromDer(target, RemoteKeys.base64(target, "PublicKey", der));
        return new AwsKmsSigner(target, key, http, endpoint, region, keyId, provider, algorithm);
    }

    @Override
    protected byte[] signRemotely(SigningRequest request) {
        boolean eddsa = request.algorithm() == SignatureAlgorithm.ED25519;
        byte[] message = eddsa ? request.message() : request.digest();
        if (eddsa && message.length > MAX_RAW_MESSAGE) {
            throw target().failure(Kind.WRONG_KEY_TYPE, "KMS signs Ed25519 only over a RAW message of at most "
                    + MAX_RAW_MESSAGE + " bytes, and this pure-Ed25519 image is " + message.length
                    + "; sign the image digest instead (without --pure)");
        }
        Map<String, Object> body = Json.object("KeyId", keyId, "Message", RemoteKeys.toBase64(message),
                "MessageType", eddsa ? "RAW" : "DIGEST", "SigningAlgorithm", signingAlgorithm);
        Map<String, Object> answer = call(target(), http, endpoint, region, credentials, "Sign", body);
        return RemoteKeys.base64(target(), "Signature", Json.string(answer, "Signature"));
    }

    /** One KMS call: the JSON 1.1 request, SigV4-signed, and its answer or its one-line failure. */
    private static Map<String, Object> call(RemoteTarget target, RemoteHttpClient http, URI endpoint, String region,
            AwsCredentialsProvider provider, String operation, Map<String, Object> request) {
        String body = Json.write(request);
        URI uri = endpoint.resolve("/");
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService." + operation)
                .build();
        AwsCredentials credentials = resolve(target, provider);
        SignedRequest signed;
        try {
            signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        } catch (SdkException e) {
            throw target.failure(Kind.AUTH, "SigV4 signing failed: " + e.getClass().getSimpleName());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            // The HTTP client sets Host and Content-Length itself (the same values were signed).
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                headers.put(name, String.join(",", values));
            }
        });
        RemoteHttpClient.Response r = http.send(target, "POST", uri, headers, body);
        if (r.ok()) {
            return r.json(target);
        }
        throw failure(target, r);
    }

    /** KMS's error names (the {@code __type} of its JSON error) as the failures every backend reports. */
    static RuntimeException failure(RemoteTarget target, RemoteHttpClient.Response r) {
        String type = r.header("x-amzn-ErrorType");
        String message = null;
        try {
            Map<String, Object> error = Json.parseObject(r.body());
            if (type == null) {
                type = Json.string(error, "__type");
            }
            message = Json.string(error, "message");
            if (message == null) {
                message = Json.string(error, "Message");
            }
        } catch (Json.JsonException notJson) {
            // the status alone then
        }
        if (type == null) {
            return RemoteHttpClient.failure(target, r, message);
        }
        type = type.replaceFirst(":.*", "").replaceFirst(".*#", "");
        String detail = "HTTP " + r.status() + " " + type + (message == null ? "" : ": " + message);
        Kind kind = switch (type) {
            case "NotFoundException" -> Kind.KEY_NOT_FOUND;
            case "DisabledException", "KMSInvalidStateException", "KeyUnavailableException" -> Kind.KEY_DISABLED;
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
                    "IncompleteSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException",
                    "InvalidClientTokenId", "SignatureDoesNotMatch" -> Kind.AUTH;
            case "InvalidKeyUsageException", "UnsupportedOperationException" -> Kind.WRONG_KEY_TYPE;
            case "ThrottlingException", "LimitExceededException" -> Kind.RATE_LIMITED;
            default -> r.status() == 401 || r.status() == 403 ? Kind.AUTH : Kind.SERVICE_ERROR;
        };
        return target.failure(kind, detail);
    }

    private static AwsCredentials resolve(RemoteTarget target, AwsCredentialsProvider provider) {
        try {
            return provider.resolveCredentials();
        } catch (SdkException e) {
            throw target.failure(Kind.AUTH, "the default chain found no AWS credentials; set "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or AWS_ROLE_ARN and "
                    + "AWS_WEB_IDENTITY_TOKEN_FILE (CI OIDC)");
        }
    }

    /** The region: the parameter, the key ARN's, else the SDK's region chain (AWS_REGION, profile). */
    static String region(SignerConfig config, String keyId) {
        String r = config.get(AwsKmsSignerBackend.REGION);
        if (r != null) {
            return r;
        }
        if (keyId.startsWith("arn:")) {
            String[] parts = keyId.split(":", 6);
            if (parts.length == 6 && !parts[3].isEmpty()) {
                return parts[3];
            }
        }
        String env = config.secrets().environmentVariable("AWS_REGION");
        if (env != null) {
            return env;
        }
        try {
            String profile = config.get(AwsKmsSignerBackend.PROFILE);
            Region found = DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
            return found.id();
        } catch (SdkException e) {
            throw new SignerConfigException(AwsKmsSignerBackend.TYPE + " signer: no AWS region for key '" + keyId
                    + "': set " + name(config, AwsKmsSignerBackend.REGION) + " or AWS_REGION, or name the key by ARN");
        }
    }

    /** The endpoint: the parameter, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL (the SDKs' own variables), else the region's. */
    static URI endpoint(SignerConfig config, String region) {
        String e = config.get(AwsKmsSignerBackend.ENDPOINT);
        String from = name(config, AwsKmsSignerBackend.ENDPOINT);
        for (String variable : new String[] {"AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL"}) {
            if (e == null) {
                e = config.secrets().environmentVariable(variable);
                from = variable;
            }
        }
        if (e == null) {
            String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
            return URI.create("https://kms." + region + "." + domain);
        }
        URI uri;
        try {
            uri = new URI(e);
        } catch (java.net.URISyntaxException x) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !"https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new SignerConfigException(AwsKmsSignerBackend.TYPE + " signer: " + from + " must be an https:// URL, "
                    + "not '" + e + "'");
        }
        return uri;
    }

    private static String name(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }

}
