package org.zephyrsign.signer.aws;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zephyrsign.signer.cloud.CloudTestKeys;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer;
import org.zephyrsign.signer.remote.TestCa;

/**
 * AWS KMS on 127.0.0.1, the subset the aws-kms signer uses, as AWS documents it: the JSON 1.1
 * protocol ({@code POST /}, {@code Content-Type: application/x-amz-json-1.1},
 * {@code X-Amz-Target: TrentService.GetPublicKey|Sign}), every request's SigV4 signature recomputed
 * here from the test secret (scope, signed headers, payload hash, clock skew), KMS's error names
 * ({@code __type}) with HTTP 400, and real keys: GetPublicKey answers the SubjectPublicKeyInfo DER,
 * Sign checks MessageType (DIGEST length = the algorithm's hash; ED25519_SHA_512 takes RAW messages of at
 * most 4096 bytes) and signs (ECDSA DER, RSA-PSS salt 32, pure Ed25519).
 *
 * <p>It stands in for the service because no AWS KMS emulator can be installed here (FACTS.md,
 * "Remote signing services": not in apt, npm or Maven Central, and no Docker).
 */
public final class AwsKmsFake extends LoopbackHttpsServer {
    public static final String ACCOUNT = "111122223333";

    /** A key as KMS holds it. */
    public record Key(String id, String spec, String usage, KeyPair pair, boolean enabled) {
    }

    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final List<String> denied = new ArrayList<>();
    private volatile boolean corruptSignatures;

    public AwsKmsFake(TestCa ca, String region, String accessKey, String secretKey) {
        super(ca, false);
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Adds a key; returns its ARN. */
    public String add(String spec, String usage, KeyPair pair, boolean enabled) {
        String id = UUID.randomUUID().toString();
        keys.put(id, new Key(id, spec, usage, pair, enabled));
        return arn(id);
    }

    public void alias(String name, String arn) {
        aliases.put("alias/" + name, arn.substring(arn.indexOf("key/") + 4));
    }

    /** kms:Sign and kms:GetPublicKey refused on this key (an IAM policy without them). */
    public void deny(String arn) {
        denied.add(arn);
    }

    /** Answers signatures with one bit flipped. */
    public void corruptSignatures(boolean on) {
        corruptSignatures = on;
    }

    public Key key(String arn) {
        return keys.get(arn.substring(arn.indexOf("key/") + 4));
    }

    private String arn(String id) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + id;
    }

    @Override
    protected Answer handle(Request r) {
        if (!r.method().equals("POST") || !r.path().equals("/")) {
            return error(404, "UnknownOperationException", null);
        }
        if (!"application/x-amz-json-1.1".equals(r.header("content-type"))) {
            return error(400, "SerializationException", "Start of structure or map found where not expected.");
        }
        String auth = checkSigV4(r);
        if (auth != null) {
            return auth.startsWith("Unrecognized") ? error(400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.")
                    : error(400, "InvalidSignatureException", auth);
        }
        Map<String, Object> in = Json.parseObject(r.body());
        String target = r.header("x-amz-target");
        String keyId = Json.string(in, "KeyId");
        Key key = resolve(keyId);
        if (key == null) {
            return error(400, "NotFoundException", "Key '" + keyId + "' does not exist");
        }
        String operation = target == null ? "" : target.replaceFirst("^TrentService\\.", "");
        if (denied.contains(arn(key.id()))) {
            return error(400, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/ci is not authorized "
                    + "to perform: kms:" + operation + " on resource: " + arn(key.id()) + " because no identity-based "
                    + "policy allows the kms:" + operation + " action");
        }
        if (!key.enabled()) {
            return error(400, "DisabledException", arn(key.id()) + " is disabled.");
        }
        return switch (operation) {
            case "GetPublicKey" -> getPublicKey(key);
            case "Sign" -> sign(key, in);
            default -> error(400, "UnknownOperationException", null);
        };
    }

    private Key resolve(String keyId) {
        if (keyId == null) {
            return null;
        }
        String id = keyId;
        if (id.startsWith("arn:aws:kms:")) {
            String[] p = id.split(":", 6);
            if (!p[3].equals(region) || !p[4].equals(ACCOUNT)) {
                return null;
            }
            id = p[5];
        }
        if (id.startsWith("alias/")) {
            id = aliases.get(id);
            return id == null ? null : keys.get(id);
        }
        return keys.get(id.replaceFirst("^key/", ""));
    }

    private static List<String> algorithms(String spec) {
        return switch (spec) {
            case "ECC_NIST_P256" -> List.of("ECDSA_SHA_256");
            case "ECC_NIST_P384" -> List.of("ECDSA_SHA_384");
            case "ECC_NIST_P521" -> List.of("ECDSA_SHA_512");
            case "ECC_NIST_EDWARDS25519" -> List.of("ED25519_SHA_512", "ED25519_PH_SHA_512");
            default -> List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
                    "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512");
        };
    }

    private Answer getPublicKey(Key key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", arn(key.id()));
        out.put("PublicKey", Base64.getEncoder().encodeToString(key.pair().getPublic().getEncoded()));
        out.put("KeySpec", key.spec());
        out.put("CustomerMasterKeySpec", key.spec());
        out.put("KeyUsage", key.usage());
        if (key.usage().equals("SIGN_VERIFY")) {
            out.put("SigningAlgorithms", algorithms(key.spec()));
        } else {
            out.put("EncryptionAlgorithms", List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"));
        }
        return Answer.json(200, Json.write(out));
    }

    private Answer sign(Key key, Map<String, Object> in) {
        if (!key.usage().equals("SIGN_VERIFY")) {
            return error(400, "InvalidKeyUsageException", "You cannot use " + arn(key.id()) + " for Sign.");
        }
        String algorithm = Json.string(in, "SigningAlgorithm");
        if (!algorithms(key.spec()).contains(algorithm)) {
            return error(400, "InvalidKeyUsageException", "Algorithm " + algorithm + " is incompatible with key spec "
                    + key.spec() + ".");
        }
        String type = Json.string(in, "MessageType");
        byte[] message = Base64.getDecoder().decode(Json.string(in, "Message"));
        boolean digest = "DIGEST".equals(type);
        if (algorithm.equals("ED25519_SHA_512") && digest) {
            return error(400, "ValidationException", "ED25519_SHA_512 requires MessageType RAW.");
        }
        if (!digest && message.length > 4096) {
            return error(400, "ValidationException", "1 validation error detected: Value at 'message' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 4096");
        }
        byte[] signature;
        try {
            switch (algorithm) {
                case "ECDSA_SHA_256", "ECDSA_SHA_384", "RSASSA_PSS_SHA_256" -> {
                    String hash = algorithm.endsWith("384") ? "SHA-384" : "SHA-256";
                    byte[] d = digest ? message : MessageDigest.getInstance(hash).digest(message);
                    if (d.length != MessageDigest.getInstance(hash).getDigestLength()) {
                        return error(400, "ValidationException", "Digest is invalid length for algorithm "
                                + algorithm + ".");
                    }
                    signature = algorithm.startsWith("ECDSA") ? CloudTestKeys.ecdsaDer(key.pair(), d)
                            : CloudTestKeys.rsaPss(key.pair(), d);
                }
                case "ED25519_SHA_512" -> signature = CloudTestKeys.ed25519(key.pair(), message);
                default -> {
                    return error(400, "ValidationException", "the fake does not implement " + algorithm);
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (corruptSignatures) {
            signature[signature.length - 3] ^= 0x10;
        }
        return Answer.json(200, Json.write(Json.object("KeyId", arn(key.id()), "Signature",
                Base64.getEncoder().encodeToString(signature), "SigningAlgorithm", algorithm)));
    }

    /** Null when the SigV4 signature is right; else why not. */
    private String checkSigV4(Request r) {
        String auth = r.header("authorization");
        String date = r.header("x-amz-date");
        if (auth == null || date == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
            return "Unrecognized: no SigV4 Authorization";
        }
        Map<String, String> parts = new TreeMap<>();
        for (String p : auth.substring(17).split(",\\s*")) {
            int eq = p.indexOf('=');
            parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        String[] credential = parts.get("Credential").split("/");
        if (!credential[0].equals(accessKey)) {
            return "Unrecognized access key";
        }
        String scope = credential[1] + "/" + credential[2] + "/" + credential[3] + "/" + credential[4];
        if (!credential[2].equals(region) || !credential[3].equals("kms") || !credential[4].equals("aws4_request")
                || !date.startsWith(credential[1])) {
            return "Credential should be scoped to a valid region and service, not '" + scope + "'.";
        }
        Instant when = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(date, Instant::from);
        if (Duration.between(when, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return "Signature expired: " + date + " is not within 5 minutes of now.";
        }
        String signedHeaders = parts.get("SignedHeaders");
        List<String> names = List.of(signedHeaders.split(";"));
        for (String required : List.of("host", "x-amz-date", "x-amz-target", "content-type")) {
            if (!names.contains(required)) {
                return "'" + required + "' must be a signed header.";
            }
        }
        StringBuilder canonical = new StringBuilder("POST\n/\n\n");
        for (String name : names) {
            String value = r.header(name);
            canonical.append(name).append(':').append(value == null ? "" : value.trim().replaceAll(" +", " "))
                    .append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(hex(sha256(r.body())));
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex(sha256(canonical.toString()));
        byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), credential[1]);
        k = hmac(k, credential[2]);
        k = hmac(k, credential[3]);
        k = hmac(k, credential[4]);
        String expected = hex(hmac(k, toSign));
        if (!expected.equals(parts.get("Signature"))) {
            return "The request signature we calculated does not match the signature you provided. Check your AWS "
                    + "Secret Access Key and signing method.";
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static Answer error(int status, String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        return new Answer(status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", type),
                Json.write(body));
    }
}
