package org.zephyrsign.signer.gcp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.signer.cloud.CloudTestKeys;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer;
import org.zephyrsign.signer.remote.TestCa;

/**
 * Google Cloud KMS on 127.0.0.1, the subset the gcp-kms signer uses, as Google documents it: the
 * OAuth 2.0 token endpoint a service account's {@code token_uri} names (JWT-bearer grant, the
 * assertion's RS256 signature checked against the service account's public key, its issuer, its audience
 * (Google's token server, whatever address the token is posted to) and its scope), {@code GET v1/{name}/publicKey} (PEM, {@code algorithm}, {@code pemCrc32c} as an int64 string)
 * and {@code POST v1/{name}:asymmetricSign} ({@code digest.sha256|sha384} with {@code digestCrc32c}, or
 * {@code data} with {@code dataCrc32c} for EC_SIGN_ED25519; answers {@code signature},
 * {@code signatureCrc32c}, {@code verifiedDigestCrc32c}/{@code verifiedDataCrc32c}), bearer tokens
 * checked on both, Google's error bodies ({@code error.code/message/status}), real keys.
 *
 * <p>It stands in for the service because no Cloud KMS emulator can be installed here (FACTS.md,
 * "Remote signing services").
 */
public final class GcpKmsFake extends LoopbackHttpsServer {
    public static final String CLIENT_EMAIL = "firmware-signer@zephyr-test.iam.gserviceaccount.com";

    /** A key version as Cloud KMS holds it. */
    public record Version(String algorithm, KeyPair pair, String state) {
    }

    private final KeyPair serviceAccount = CloudTestKeys.generate(SignatureAlgorithm.RSA_2048);
    private final Map<String, Version> versions = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile boolean corruptCrc;
    private volatile boolean corruptSignature;

    public GcpKmsFake(TestCa ca) {
        super(ca, false);
    }

    /** Adds a key version; returns its resource name. */
    public String add(String algorithm, KeyPair pair, String state) {
        String name = "projects/zephyr-test/locations/europe-west1/keyRings/firmware/cryptoKeys/"
                + algorithm.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "/cryptoKeyVersions/1";
        versions.put(name, new Version(algorithm, pair, state));
        return name;
    }

    public Version version(String name) {
        return versions.get(name);
    }

    /** The caller lacks cloudkms.cryptoKeyVersions.useToSign/viewPublicKey on this version. */
    public void deny(String name) {
        denied.add(name);
    }

    /** Signatures with one bit flipped (and a CRC32C that matches them: the service itself signed wrong). */
    public void corruptSignature(boolean on) {
        corruptSignature = on;
    }

    public void corruptSignatureCrc(boolean on) {
        corruptCrc = on;
    }

    /** A service account key file whose token_uri is this server. */
    public Path serviceAccountFile(Path dir) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(serviceAccount.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("type", "service_account");
        sa.put("project_id", "zephyr-test");
        sa.put("private_key_id", "0123456789abcdef");
        sa.put("private_key", pem);
        sa.put("client_email", CLIENT_EMAIL);
        sa.put("client_id", "100000000000000000001");
        sa.put("token_uri", uri() + "/token");
        try {
            Path file = dir.resolve("service-account-" + port() + ".json");
            Files.writeString(file, Json.write(sa));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected Answer handle(Request r) {
        if (r.path().equals("/token")) {
            return token(r);
        }
        String auth = r.header("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
                    + "access token, login cookie or other valid authentication credential.");
        }
        String path = r.path();
        if (r.method().equals("GET") && path.startsWith("/v1/") && path.endsWith("/publicKey")) {
            String name = path.substring(4, path.length() - "/publicKey".length());
            Answer problem = check(name, "cloudkms.cryptoKeyVersions.viewPublicKey");
            return problem != null ? problem : publicKey(name);
        }
        if (r.method().equals("POST") && path.startsWith("/v1/") && path.endsWith(":asymmetricSign")) {
            String name = path.substring(4, path.length() - ":asymmetricSign".length());
            Answer problem = check(name, "cloudkms.cryptoKeyVersions.useToSign");
            return problem != null ? problem : sign(name, Json.parseObject(r.body()));
        }
        return error(404, "NOT_FOUND", "The requested URL was not found on this server.");
    }

    private Answer check(String name, String permission) {
        if (denied.contains(name)) {
            return error(403, "PERMISSION_DENIED", "Permission '" + permission + "' denied on resource '" + name
                    + "' (or it may not exist).");
        }
        Version v = versions.get(name);
        if (v == null) {
            return error(404, "NOT_FOUND", name + " not found.");
        }
        if (!v.state().equals("ENABLED")) {
            return error(400, "FAILED_PRECONDITION", name + " is not enabled, current state is: " + v.state() + ".");
        }
        return null;
    }

    private Answer token(Request r) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : r.body().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return Answer.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        String[] jwt = form.getOrDefault("assertion", "").split("\\.");
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(serviceAccount.getPublic());
            s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            }
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT.\"}");
        }
        Map<String, Object> claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(jwt[1]),
                StandardCharsets.UTF_8));
        if (!CLIENT_EMAIL.equals(claims.get("iss")) || !"https://oauth2.googleapis.com/token".equals(claims.get("aud"))
                || !String.valueOf(claims.get("scope")).contains("https://www.googleapis.com/auth/cloudkms")) {
            return Answer.json(400, "{\"error\":\"invalid_scope\",\"error_description\":\"bad claims " + claims.keySet()
                    + "\"}");
        }
        String token = "ya29.fake-" + UUID.randomUUID();
        tokens.add(token);
        return Answer.json(200, Json.write(Json.object("access_token", token, "expires_in", 3599,
                "token_type", "Bearer")));
    }

    private Answer publicKey(String name) {
        Version v = versions.get(name);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(v.pair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pem", pem);
        out.put("algorithm", v.algorithm());
        out.put("pemCrc32c", Long.toString(crc(pem.getBytes(StandardCharsets.UTF_8))));
        out.put("name", name);
        out.put("protectionLevel", "HSM");
        return Answer.json(200, Json.write(out));
    }

    private Answer sign(String name, Map<String, Object> in) {
        Version v = versions.get(name);
        if (!List.of("EC_SIGN_P256_SHA256", "EC_SIGN_P384_SHA384", "RSA_SIGN_PSS_2048_SHA256",
                "RSA_SIGN_PSS_3072_SHA256", "EC_SIGN_ED25519").contains(v.algorithm())) {
            return error(400, "FAILED_PRECONDITION", "the fake does not sign with " + v.algorithm());
        }
        boolean eddsa = v.algorithm().equals("EC_SIGN_ED25519");
        byte[] payload;
        boolean verified;
        if (eddsa) {
            if (in.get("data") == null || in.get("digest") != null) {
                return error(400, "INVALID_ARGUMENT", "EC_SIGN_ED25519 requires data, not digest.");
            }
            payload = Base64.getDecoder().decode(Json.string(in, "data"));
            verified = in.get("dataCrc32c") != null;
            if (verified && !Long.toString(crc(payload)).equals(Json.string(in, "dataCrc32c"))) {
                return error(400, "INVALID_ARGUMENT", "The checksum in field data_crc32c did not match the data in "
                        + "field data.");
            }
        } else {
            String field = v.algorithm().endsWith("SHA384") ? "sha384" : "sha256";
            String digest = Json.string(in, "digest", field);
            if (digest == null) {
                return error(400, "INVALID_ARGUMENT", "The provided digest type does not match the key's algorithm ("
                        + v.algorithm() + ").");
            }
            payload = Base64.getDecoder().decode(digest);
            verified = in.get("digestCrc32c") != null;
            if (verified && !Long.toString(crc(payload)).equals(Json.string(in, "digestCrc32c"))) {
                return error(400, "INVALID_ARGUMENT", "The checksum in field digest_crc32c did not match the data in "
                        + "field digest.");
            }
        }
        byte[] signature = eddsa ? CloudTestKeys.ed25519(v.pair(), payload)
                : v.algorithm().startsWith("EC") ? CloudTestKeys.ecdsaDer(v.pair(), payload)
                : CloudTestKeys.rsaPss(v.pair(), payload);
        if (corruptSignature) {
            signature[signature.length - 3] ^= 0x10;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signature", Base64.getEncoder().encodeToString(signature));
        out.put("signatureCrc32c", Long.toString(crc(signature) + (corruptCrc ? 1 : 0)));
        out.put(eddsa ? "verifiedDataCrc32c" : "verifiedDigestCrc32c", verified);
        out.put("name", name);
        out.put("protectionLevel", "HSM");
        return Answer.json(200, Json.write(out));
    }

    static long crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }

    private static Answer error(int code, String status, String message) {
        return Answer.json(code, Json.write(Json.object("error", Json.object("code", code, "message", message,
                "status", status))));
    }
}
