package org.zephyrsign.signer.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.Secrets;
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

/**
 * Signs through an in-house service that speaks the contract the README documents:
 * {@code GET BASE/keys/KEY_ID} answers {@code {"publicKey": PEM}}; {@code POST BASE/keys/KEY_ID/sign}
 * takes {@code {keyId, algorithm, hashAlgorithm, prehashed, digest, message, image}} and answers
 * {@code {"signature": base64, "signatureEncoding": "der"|"raw", "publicKey"?}}; errors are
 * {@code {"error": text, "code": KEY_NOT_FOUND|KEY_DISABLED|WRONG_ALGORITHM|...}} with an HTTP status.
 * Bearer token and/or client certificate.
 */
final class HttpContractSigner extends RemoteImageSigner {
    private final RemoteHttpClient client;
    private final URI signUri;
    private final String keyId;
    private final Map<String, String> headers;

    private HttpContractSigner(RemoteTarget target, McubootPublicKey key, RemoteHttpClient client, URI signUri,
            String keyId, Map<String, String> headers) {
        super(target, key);
        this.client = client;
        this.signUri = signUri;
        this.keyId = keyId;
        this.headers = headers;
    }

    static HttpContractSigner open(SignerConfig config, SignerLog log) {
        String url = config.require(HttpSignerBackend.URL).replaceAll("/+$", "");
        URI base;
        try {
            base = URI.create(url);
        } catch (IllegalArgumentException e) {
            base = null;
        }
        if (base == null || !"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new SignerConfigException("http signer: " + name(config, HttpSignerBackend.URL) + " '" + url
                    + "' must be https://HOST[:PORT][/BASE]: tokens and signatures never travel unencrypted");
        }
        String keyId = config.require(HttpSignerBackend.KEY_ID);
        URI keyUri = URI.create(url + "/keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8).replace("+", "%20"));
        String tokenRef = config.get(HttpSignerBackend.TOKEN);
        String source = tokenRef == null ? null : tokenRef.startsWith("mvn:")
                ? "bearer token from settings.xml server '" + tokenRef.substring(4) + "'" : "bearer token from " + tokenRef;
        HttpSettings settings = HttpSettings.fromConfig(config, null);
        if (settings.clientCertificate() != null) {
            source = (source == null ? "" : source + ", ") + "client certificate " + settings.clientCertificate();
        }
        RemoteTarget target = new RemoteTarget(HttpSignerBackend.TYPE, "key '" + keyId + "' at " + url, source);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        String credentialKey = null;
        if (tokenRef != null) {
            if (!Secrets.isReference(tokenRef)) {
                throw new SignerConfigException("http signer: " + name(config, HttpSignerBackend.TOKEN)
                        + " must be a reference (" + config.secrets().referenceForms() + "), not the token itself");
            }
            String what = "http signer: " + name(config, HttpSignerBackend.TOKEN);
            credentialKey = url + "|bearer|" + tokenRef;
            String token = RemoteSessions.credential(credentialKey,
                    () -> new String(config.secrets().resolve(tokenRef, what)).strip());
            headers.put("Authorization", "Bearer " + token);
        }
        RemoteHttpClient client = RemoteHttpClient.shared(settings, HttpSignerBackend.TYPE, log);
        McubootPublicKey local = null;
        if (config.get(HttpSignerBackend.PUBLIC_KEY) != null) {
            try {
                local = PemKeys.publicKey(config.requirePath(HttpSignerBackend.PUBLIC_KEY));
            } catch (KeyException e) {
                throw new SignerConfigException("http signer: " + name(config, HttpSignerBackend.PUBLIC_KEY) + ": "
                        + e.getMessage());
            }
        }
        RemoteHttpClient.Response r = client.get(target, keyUri, headers);
        if (r.status() == 401 || r.status() == 403) {
            RemoteSessions.forget(credentialKey); // a refused token is fetched again by the next signer
        }
        McubootPublicKey key;
        if (r.status() == 404 && local != null && !"KEY_NOT_FOUND".equals(Json.string(parse(r.body()), "code"))) {
            key = local; // the service hands out no keys; the sign answers are checked against the local one
        } else {
            if (!r.ok()) {
                throw failure(target, r);
            }
            Map<String, Object> body = r.json(target);
            checkEnabled(target, body);
            String pem = Json.string(body, "publicKey");
            if (pem == null) {
                throw target.failure(Kind.MALFORMED_RESPONSE, "no \"publicKey\" in the key's description");
            }
            key = RemoteKeys.fromPem(target, pem);
            if (local != null && !local.equals(key)) {
                throw target.failure(Kind.WRONG_KEY_TYPE, "the service's public key (" + key + ") is not "
                        + config.get(HttpSignerBackend.PUBLIC_KEY) + " (" + local + ")");
            }
        }
        log.info("Signing with " + target.describe() + ", " + key);
        return new HttpContractSigner(target, key, client, URI.create(keyUri + "/sign"), keyId, headers);
    }

    /** The contract's algorithm names. */
    static String algorithmName(SignatureAlgorithm a) {
        return switch (a) {
            case ECDSA_P256 -> "ecdsa-p256-sha256";
            case ECDSA_P384 -> "ecdsa-p384-sha384";
            case RSA_2048, RSA_3072 -> "rsa-pss-sha256";
            case ED25519 -> "ed25519";
        };
    }

    @Override
    protected byte[] signRemotely(SigningRequest request) {
        RemoteTarget target = target();
        SignatureAlgorithm alg = publicKey().algorithm();
        boolean ed = alg == SignatureAlgorithm.ED25519;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyId", keyId);
        body.put("algorithm", algorithmName(alg));
        body.put("hashAlgorithm", "sha" + request.hash().bits());
        body.put("prehashed", !ed);
        body.put("digest", RemoteKeys.toBase64(request.digest()));
        if (ed) {
            body.put("message", RemoteKeys.toBase64(request.message()));
        }
        if (alg.isRsa()) {
            body.put("pss", Json.object("mgf", "mgf1-sha256", "saltLength", 32));
        }
        body.put("image", Json.object("format", "mcuboot", "pure", request.pure(), "messageLength",
                request.message().length));
        RemoteHttpClient.Response r = client.postJson(target, signUri, headers, body);
        if (!r.ok()) {
            throw failure(target, r);
        }
        Map<String, Object> answer = r.json(target);
        String pem = Json.string(answer, "publicKey");
        if (pem != null && !RemoteKeys.fromPem(target, pem).equals(publicKey())) {
            throw target.failure(Kind.SIGNATURE_INVALID, "the service signed with another key ("
                    + RemoteKeys.fromPem(target, pem) + ") than it named (" + publicKey() + ")");
        }
        String signature = Json.string(answer, "signature");
        if (signature == null) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "no \"signature\" in the answer");
        }
        byte[] bytes = RemoteKeys.base64(target, "\"signature\"", signature);
        String encoding = Json.string(answer, "signatureEncoding");
        if (encoding != null && !Arrays.asList("der", "raw").contains(encoding)) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "\"signatureEncoding\" is '" + encoding
                    + "', not der or raw");
        }
        if (alg.isEcdsa() && "raw".equals(encoding)) {
            if (bytes.length != 2 * alg.ecdsaScalarLength()) {
                throw target.failure(Kind.MALFORMED_RESPONSE, "a raw " + alg + " signature is "
                        + 2 * alg.ecdsaScalarLength() + " bytes, got " + bytes.length);
            }
            return RemoteKeys.derFromRaw(bytes);
        }
        return bytes;
    }

    private static void checkEnabled(RemoteTarget target, Map<String, Object> body) {
        if (Boolean.FALSE.equals(body.get("enabled"))) {
            throw target.failure(Kind.KEY_DISABLED, "the service describes the key as \"enabled\": false");
        }
    }

    private static Object parse(String body) {
        try {
            return Json.parse(body);
        } catch (Json.JsonException e) {
            return null;
        }
    }

    /** The contract's {"error", "code"} mapped to the common failures; else by status. */
    private static RuntimeException failure(RemoteTarget target, RemoteHttpClient.Response r) {
        Object body = parse(r.body());
        String error = Json.string(body, "error");
        String code = Json.string(body, "code");
        String detail = "HTTP " + r.status() + (code == null ? "" : " " + code) + (error == null ? "" : ": " + error);
        if (code != null) {
            switch (code) {
                case "KEY_NOT_FOUND":
                    return target.failure(Kind.KEY_NOT_FOUND, detail);
                case "KEY_DISABLED":
                    return target.failure(Kind.KEY_DISABLED, detail);
                case "WRONG_ALGORITHM":
                case "NOT_A_SIGNING_KEY":
                    return target.failure(Kind.WRONG_KEY_TYPE, detail);
                case "UNAUTHENTICATED":
                case "PERMISSION_DENIED":
                    return target.failure(Kind.AUTH, detail);
                default:
                    break;
            }
        }
        return RemoteHttpClient.failure(target, r, (code == null ? "" : code + (error == null ? "" : ": "))
                + (error == null ? "" : error));
    }

    private static String name(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }
}
