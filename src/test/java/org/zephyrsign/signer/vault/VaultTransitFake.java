package org.zephyrsign.signer.vault;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer;
import org.zephyrsign.signer.remote.TestCa;

/**
 * A Vault/OpenBao transit engine on 127.0.0.1, standing in because no Vault or OpenBao server can be
 * installed from the registries this project reaches. It implements the documented subset the
 * {@code vault} signer uses, faithfully: {@code GET /v1/MOUNT/keys/NAME} (type, versions,
 * {@code public_key} as PEM for EC/RSA and raw base64 for Ed25519, latest and min_encryption
 * versions, supports_signing), {@code POST /v1/MOUNT/sign/NAME} ({@code input} base64,
 * {@code prehashed}, {@code hash_algorithm} that must match a prehashed input's length,
 * {@code marshaling_algorithm} asn1|jws, {@code signature_algorithm} pss|pkcs1v15, {@code salt_length}
 * auto (the largest salt, Vault's default)|hash|N, {@code key_version}; Ed25519 signs the input as
 * the message; answer {@code vault:vN:base64}), {@code POST /v1/auth/approle/login}. It checks
 * {@code X-Vault-Token} (403 "permission denied" as Vault answers a bad token) and, when it has one,
 * the namespace ({@code X-Vault-Namespace}). It holds real keys and signs with them over real TLS
 * from a test CA.
 */
public class VaultTransitFake extends LoopbackHttpsServer {
    /** A transit key: its type and versions (1-based). */
    public static final class Key {
        final String type;
        final List<KeyPair> versions = new ArrayList<>();
        int minEncryptionVersion;
        boolean derived;

        Key(String type) {
            this.type = type;
        }

        public Key minEncryptionVersion(int v) {
            minEncryptionVersion = v;
            return this;
        }

        public Key derived() {
            derived = true;
            return this;
        }

        public Key rotate() {
            versions.add(generate(type));
            return this;
        }
    }

    private final String mount;
    private final String namespace;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, String> appRoles = new ConcurrentHashMap<>();
    /** When set, acts as Vault before 1.12: ignores salt_length (with Vault's warning) and uses the largest salt. */
    public volatile boolean beforeSaltLength;
    /** When set, signatures are made over other bytes: a service whose signature does not verify. */
    public volatile boolean signWrongBytes;

    /**
     * @param namespace the namespace requests must name, or null for none
     */
    public VaultTransitFake(TestCa ca, String mount, String namespace, String... tokens) {
        super(ca, false);
        this.mount = mount;
        this.namespace = namespace;
        this.tokens.addAll(List.of(tokens));
    }

    /** A key with one generated version; types as Vault names them (ecdsa-p256, rsa-2048, aes256-gcm96, ...). */
    public Key addKey(String name, String type) {
        Key k = new Key(type);
        if (!type.startsWith("aes") && !type.startsWith("chacha")) {
            k.versions.add(generate(type));
        }
        keys.put(name, k);
        return k;
    }

    /** A key whose one version is the private key in a PEM file (the shared vectors' keys). */
    public Key addKey(String name, String type, Path privatePem) {
        try {
            PemKeys.PemKey pem = PemKeys.read(privatePem);
            String alg = type.startsWith("rsa") ? "RSA" : type.startsWith("ecdsa") ? "EC" : "Ed25519";
            KeyFactory f = KeyFactory.getInstance(alg);
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(pem.privateKey().getEncoded()));
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(pem.publicKey().getEncoded()));
            Key k = new Key(type);
            k.versions.add(new KeyPair(pub, priv));
            keys.put(name, k);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void addAppRole(String roleId, String secretId) {
        appRoles.put(roleId, secretId);
    }

    public void acceptToken(String token) {
        tokens.add(token);
    }

    static KeyPair generate(String type) {
        try {
            return switch (type) {
                case "ecdsa-p256", "ecdsa-p384", "ecdsa-p521" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp" + type.substring(7) + "r1"));
                    yield g.generateKeyPair();
                }
                case "rsa-2048", "rsa-3072", "rsa-4096" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(Integer.parseInt(type.substring(4)));
                    yield g.generateKeyPair();
                }
                case "ed25519" -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                default -> throw new IllegalArgumentException(type);
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Answer handle(Request r) {
        if (r.path().equals("/v1/auth/approle/login") && r.method().equals("POST")) {
            return login(r);
        }
        String token = r.header("X-Vault-Token");
        if (token == null || !tokens.contains(token)) {
            return Answer.json(403, "{\"errors\":[\"permission denied\"]}");
        }
        if (namespace != null && !namespace.equals(r.header("X-Vault-Namespace"))) {
            // The token belongs to the namespace: elsewhere it is worth nothing.
            return Answer.json(403, "{\"errors\":[\"permission denied\"]}");
        }
        String keysPrefix = "/v1/" + mount + "/keys/";
        String signPrefix = "/v1/" + mount + "/sign/";
        if (r.method().equals("GET") && r.path().startsWith(keysPrefix)) {
            Key k = keys.get(r.path().substring(keysPrefix.length()));
            return k == null ? Answer.json(404, "{\"errors\":[]}") : Answer.json(200, readKey(r, k));
        }
        if (r.method().equals("POST") && r.path().startsWith(signPrefix)) {
            String rest = r.path().substring(signPrefix.length());
            String urlHash = null;
            if (rest.contains("/")) {
                urlHash = rest.substring(rest.indexOf('/') + 1);
                rest = rest.substring(0, rest.indexOf('/'));
            }
            Key k = keys.get(rest);
            if (k == null) {
                return Answer.json(400, "{\"errors\":[\"signing key not found\"]}");
            }
            return sign(k, Json.parseObject(r.body()), urlHash);
        }
        return Answer.json(404, "{\"errors\":[\"no handler for route \\\"" + r.path() + "\\\"\"]}");
    }

    private Answer login(Request r) {
        Map<String, Object> body = Json.parseObject(r.body());
        String role = Json.string(body, "role_id");
        String secret = Json.string(body, "secret_id");
        if (role == null || secret == null || !secret.equals(appRoles.get(role))) {
            return Answer.json(400, "{\"errors\":[\"invalid role or secret ID\"]}");
        }
        String token = "hvs.approle-" + Long.toHexString(new SecureRandom().nextLong());
        tokens.add(token);
        return Answer.json(200, Json.write(Json.object("auth", Json.object("client_token", token,
                "policies", List.of("firmware-signing"), "lease_duration", 3600, "renewable", true))));
    }

    private String readKey(Request r, Key k) {
        Map<String, Object> versions = new LinkedHashMap<>();
        for (int i = 0; i < k.versions.size(); i++) {
            PublicKey pub = k.versions.get(i).getPublic();
            String publicKey = k.type.equals("ed25519")
                    ? Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(pub.getEncoded(), 12, 44))
                    : "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(pub.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            versions.put(String.valueOf(i + 1), Json.object("certificate_chain", "", "creation_time",
                    "2026-11-30T12:00:00.000000Z", "name", k.type.startsWith("ecdsa") ? "P-" + k.type.substring(7)
                    : k.type.startsWith("rsa") ? "rsa-" + k.type.substring(4) : k.type, "public_key", publicKey));
        }
        boolean signs = !k.type.startsWith("aes") && !k.type.startsWith("chacha");
        if (!signs) {
            versions.put("1", 1764504000);
        }
        return Json.write(Json.object("request_id", "5e1e6d2d", "lease_id", "", "renewable", false,
                "lease_duration", 0, "data", Json.object(
                "allow_plaintext_backup", false, "auto_rotate_period", 0, "deletion_allowed", false,
                "derived", k.derived, "exportable", false, "imported_key", false, "keys", versions,
                "latest_version", Math.max(1, k.versions.size()), "min_available_version", 0,
                "min_decryption_version", 1, "min_encryption_version", k.minEncryptionVersion,
                "name", r.path().substring(r.path().lastIndexOf('/') + 1), "supports_decryption", !signs,
                "supports_derivation", k.type.equals("ed25519") || !signs, "supports_encryption", !signs,
                "supports_signing", signs, "type", k.type), "wrap_info", null, "warnings", null, "auth", null));
    }

    private Answer sign(Key k, Map<String, Object> body, String urlHash) {
        if (k.versions.isEmpty()) {
            return Answer.json(400, "{\"errors\":[\"key type " + k.type + " does not support signing\"]}");
        }
        String inputB64 = Json.string(body, "input");
        if (inputB64 == null) {
            return Answer.json(400, "{\"errors\":[\"missing input to process\"]}");
        }
        byte[] input;
        try {
            input = Base64.getDecoder().decode(inputB64);
        } catch (IllegalArgumentException e) {
            return Answer.json(400, "{\"errors\":[\"unable to decode input as base64: illegal base64 data\"]}");
        }
        int version = k.versions.size();
        if (body.get("key_version") instanceof java.math.BigDecimal v && v.intValue() != 0) {
            version = v.intValue();
        }
        if (version < k.minEncryptionVersion) {
            return Answer.json(400, "{\"errors\":[\"requested version for signing is less than the minimum "
                    + "encryption key version\"]}");
        }
        if (version < 1 || version > k.versions.size()) {
            return Answer.json(400, "{\"errors\":[\"invalid key version\"]}");
        }
        KeyPair kp = k.versions.get(version - 1);
        boolean prehashed = Boolean.TRUE.equals(body.get("prehashed"));
        String hashName = urlHash != null ? urlHash : body.get("hash_algorithm") == null ? "sha2-256"
                : (String) body.get("hash_algorithm");
        byte[] signature;
        boolean jws = "jws".equals(body.get("marshaling_algorithm"));
        try {
            if (k.type.equals("ed25519")) {
                if (prehashed) {
                    return Answer.json(400, "{\"errors\":[\"prehashed is not supported for ed25519 keys\"]}");
                }
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(kp.getPrivate());
                s.update(wrong(input));
                signature = s.sign();
            } else {
                Digest digest = switch (hashName) {
                    case "sha2-256" -> new SHA256Digest();
                    case "sha2-384" -> new SHA384Digest();
                    case "sha2-512" -> new SHA512Digest();
                    default -> null;
                };
                if (digest == null) {
                    return Answer.json(400, "{\"errors\":[\"unsupported hash algorithm " + hashName + "\"]}");
                }
                byte[] hash;
                if (prehashed) {
                    if (input.length != digest.getDigestSize()) {
                        // What Vault's Go crypto refuses for a prehashed input of the wrong length.
                        return Answer.json(400, "{\"errors\":[\"crypto/rsa: input must be hashed with given hash\"]}");
                    }
                    hash = input;
                } else {
                    hash = new byte[digest.getDigestSize()];
                    digest.update(input, 0, input.length);
                    digest.doFinal(hash, 0);
                }
                hash = wrong(hash);
                if (k.type.startsWith("ecdsa")) {
                    Signature s = Signature.getInstance("NONEwithECDSA");
                    s.initSign(kp.getPrivate());
                    s.update(hash);
                    signature = s.sign();
                    if (jws) {
                        int n = k.type.equals("ecdsa-p256") ? 32 : k.type.equals("ecdsa-p384") ? 48 : 66;
                        signature = org.zephyrsign.crypto.SignatureCodec.rawFromDer(signature, n);
                    }
                } else {
                    Object alg = body.getOrDefault("signature_algorithm", "pss");
                    if (!"pss".equals(alg)) {
                        return Answer.json(400, "{\"errors\":[\"this fake signs pss only, not " + alg + "\"]}");
                    }
                    int modulusBytes = (((java.security.interfaces.RSAKey) kp.getPrivate()).getModulus().bitLength() + 7) / 8;
                    Object salt = beforeSaltLength ? "auto" : body.getOrDefault("salt_length", "auto");
                    int saltLength;
                    if ("auto".equals(salt)) {
                        saltLength = modulusBytes - digest.getDigestSize() - 2; // Go's PSSSaltLengthAuto
                    } else if ("hash".equals(salt)) {
                        saltLength = digest.getDigestSize();
                    } else {
                        saltLength = Integer.parseInt(String.valueOf(salt));
                    }
                    PSSSigner s = PSSSigner.createRawSigner(new RSABlindedEngine(), cloneDigest(hashName),
                            cloneDigest(hashName), saltLength, PSSSigner.TRAILER_IMPLICIT);
                    s.init(true, new ParametersWithRandom(PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()),
                            new SecureRandom()));
                    s.update(hash, 0, hash.length);
                    signature = s.generateSignature();
                }
            }
        } catch (Exception e) {
            return Answer.json(500, "{\"errors\":[\"" + e + "\"]}");
        }
        String encoded = jws ? Base64.getUrlEncoder().withoutPadding().encodeToString(signature)
                : Base64.getEncoder().encodeToString(signature);
        return Answer.json(200, Json.write(Json.object("request_id", "0c2d", "lease_id", "", "renewable", false,
                "lease_duration", 0, "data", Json.object("key_version", version, "signature", "vault:v" + version
                + ":" + encoded), "wrap_info", null, "warnings", beforeSaltLength && body.containsKey("salt_length")
                ? List.of("Endpoint ignored these unrecognized parameters: [salt_length]") : null, "auth", null)));
    }

    private byte[] wrong(byte[] b) {
        if (!signWrongBytes) {
            return b;
        }
        byte[] c = b.clone();
        c[0] ^= 1;
        return c;
    }

    private static Digest cloneDigest(String name) {
        return switch (name) {
            case "sha2-384" -> new SHA384Digest();
            case "sha2-512" -> new SHA512Digest();
            default -> new SHA256Digest();
        };
    }
}
