package org.zephyrsign.signer.vault;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
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
 * Signs with a Vault/OpenBao transit key ({@code POST /v1/MOUNT/sign/NAME}), the way MCUboot
 * verifies: ECDSA over the image digest ({@code prehashed}, {@code hash_algorithm} of the digest,
 * {@code marshaling_algorithm: asn1}: DER), RSA-PSS over the digest with {@code salt_length: hash}
 * (32 bytes; Vault's default {@code auto} makes the largest salt, which MCUboot rejects), Ed25519
 * over the message (the digest, or the image for pure Ed25519; Vault hashes nothing for it). The
 * public key and the version to sign with come from {@code GET /v1/MOUNT/keys/NAME} once; every
 * signature names that version and is verified against that key.
 */
final class VaultSigner extends RemoteImageSigner {
    private final RemoteHttpClient client;
    private final VaultKey key;
    private final int version;
    private final Map<String, String> headers;
    private final String credentialKey;

    private VaultSigner(RemoteTarget target, McubootPublicKey publicKey, RemoteHttpClient client, VaultKey key,
            int version, Map<String, String> headers, String credentialKey) {
        super(target, publicKey);
        this.client = client;
        this.key = key;
        this.version = version;
        this.headers = headers;
        this.credentialKey = credentialKey;
    }

    static VaultSigner open(VaultKey key, SignerConfig config, SignerLog log) {
        String caDefault = config.secrets().environmentVariable("VAULT_CACERT");
        HttpSettings settings = HttpSettings.fromConfig(config, caDefault);
        RemoteTarget target = new RemoteTarget(VaultSignerBackend.TYPE, key.describe(), null);
        RemoteHttpClient client = RemoteHttpClient.shared(settings, VaultSignerBackend.TYPE, log);
        Credential credential = credential(key, config, client, target);
        target = target.withCredentialSource(credential.source());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Vault-Token", credential.token());
        if (key.namespace() != null) {
            headers.put("X-Vault-Namespace", key.namespace());
        }
        headers.put("X-Vault-Request", "true");
        RemoteHttpClient.Response r = client.get(target, key.api("keys"), headers);
        if (!r.ok()) {
            throw failure(target, r, credential.cacheKey());
        }
        Map<String, Object> body = r.json(target);
        KeyVersion kv = readKey(target, key, body);
        log.info("Signing with Vault " + key.describe() + " (version " + kv.version() + ", " + kv.publicKey() + ", "
                + credential.source() + ")");
        return new VaultSigner(target, kv.publicKey(), client, key, kv.version(), headers, credential.cacheKey());
    }

    @Override
    protected byte[] signRemotely(SigningRequest request) {
        RemoteTarget target = target();
        SignatureAlgorithm alg = publicKey().algorithm();
        Map<String, Object> body = new LinkedHashMap<>();
        if (alg == SignatureAlgorithm.ED25519) {
            // Ed25519 signs the message itself (Vault's ed25519 takes no hash_algorithm nor prehashed).
            body.put("input", RemoteKeys.toBase64(request.message()));
        } else {
            body.put("input", RemoteKeys.toBase64(request.digest()));
            body.put("prehashed", true);
            body.put("hash_algorithm", hashName(request.hash()));
            if (alg.isEcdsa()) {
                body.put("marshaling_algorithm", "asn1");
            } else {
                body.put("signature_algorithm", "pss");
                body.put("salt_length", "hash");
            }
        }
        body.put("key_version", version);
        RemoteHttpClient.Response r = client.postJson(target, key.api("sign"), headers, body);
        if (!r.ok()) {
            throw failure(target, r, credentialKey);
        }
        Map<String, Object> answer = r.json(target);
        if (alg.isRsa() && Json.at(answer, "warnings") instanceof List<?> warnings
                && warnings.stream().anyMatch(w -> String.valueOf(w).contains("salt_length"))) {
            // Vault before 1.12 ignores salt_length and makes the largest salt, which MCUboot rejects.
            throw target.failure(Kind.WRONG_KEY_TYPE, "this Vault ignored salt_length (\""
                    + RemoteTargetText.oneLine(String.valueOf(warnings.get(0))) + "\"): RSA-PSS with MCUboot's "
                    + "32-byte salt needs Vault 1.12 or later, or OpenBao");
        }
        String signature = Json.string(answer, "data", "signature");
        String prefix = "vault:v" + version + ":";
        if (signature == null || !signature.startsWith(prefix)) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "data.signature is "
                    + (signature == null ? "missing" : "not " + prefix + "<base64>"));
        }
        return RemoteKeys.base64(target, "data.signature", signature.substring(prefix.length()));
    }

    @Override
    public String description() {
        return "Vault " + key.describe() + " version " + version;
    }

    /** Shortens a service text for a message. */
    private static final class RemoteTargetText {
        static String oneLine(String s) {
            String line = s.replaceAll("\\s+", " ").strip();
            return line.length() <= 120 ? line : line.substring(0, 117) + "...";
        }
    }

    /** Vault's names: sha2-256, sha2-384, sha2-512. */
    static String hashName(HashAlgorithm h) {
        return "sha2-" + h.bits();
    }

    private record KeyVersion(int version, McubootPublicKey publicKey) {
    }

    /** The version to sign with and its public key, from a read-key answer; refuses what MCUboot cannot use. */
    private static KeyVersion readKey(RemoteTarget target, VaultKey key, Map<String, Object> body) {
        Object data = body.get("data");
        String type = Json.string(data, "type");
        if (type == null || !(Json.at(data, "keys") instanceof Map<?, ?> keys)) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "the key's data.type or data.keys is missing");
        }
        SignatureAlgorithm expected = switch (type) {
            case "ecdsa-p256" -> SignatureAlgorithm.ECDSA_P256;
            case "ecdsa-p384" -> SignatureAlgorithm.ECDSA_P384;
            case "ed25519" -> SignatureAlgorithm.ED25519;
            case "rsa-2048" -> SignatureAlgorithm.RSA_2048;
            case "rsa-3072" -> SignatureAlgorithm.RSA_3072;
            default -> null;
        };
        if (expected == null) {
            boolean signs = Boolean.TRUE.equals(Json.at(data, "supports_signing"));
            throw target.failure(Kind.WRONG_KEY_TYPE, "transit key type " + type + (signs
                    ? ": MCUboot verifies ed25519, ecdsa-p256, ecdsa-p384, rsa-2048 and rsa-3072"
                    : " cannot sign; MCUboot needs ed25519, ecdsa-p256, ecdsa-p384, rsa-2048 or rsa-3072"));
        }
        if (Boolean.TRUE.equals(Json.at(data, "derived"))) {
            throw target.failure(Kind.WRONG_KEY_TYPE, "the key is derived (its public key depends on a context); "
                    + "MCUboot needs one fixed key");
        }
        List<Integer> versions = new ArrayList<>();
        for (Object name : keys.keySet()) {
            try {
                versions.add(Integer.valueOf((String) name));
            } catch (NumberFormatException e) {
                throw target.failure(Kind.MALFORMED_RESPONSE, "data.keys has a version '" + name + "'");
            }
        }
        if (versions.isEmpty()) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "data.keys is empty");
        }
        int latest = versions.stream().max(Integer::compare).get();
        if (Json.at(data, "latest_version") instanceof BigDecimal l) {
            latest = l.intValue();
        }
        int version = key.version() == null ? latest : key.version();
        if (!versions.contains(version)) {
            throw target.failure(Kind.KEY_NOT_FOUND, "version " + version + " does not exist; versions there: "
                    + versions.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""));
        }
        int minEncryption = Json.at(data, "min_encryption_version") instanceof BigDecimal m ? m.intValue() : 0;
        if (minEncryption > 0 && version < minEncryption) {
            throw target.failure(Kind.KEY_DISABLED, "version " + version + " is below the key's "
                    + "min_encryption_version " + minEncryption + ": Vault no longer signs with it");
        }
        Object entry = keys.get(String.valueOf(version));
        String pub = Json.string(entry, "public_key");
        if (pub == null) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "data.keys.\"" + version + "\".public_key is missing");
        }
        McubootPublicKey publicKey = expected == SignatureAlgorithm.ED25519
                ? RemoteKeys.ed25519(target, RemoteKeys.base64(target, "the Ed25519 public_key", pub))
                : RemoteKeys.fromPem(target, pub);
        if (publicKey.algorithm() != expected) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "a " + type + " key whose public key is "
                    + publicKey.algorithm());
        }
        return new KeyVersion(version, publicKey);
    }

    /** Vault's own words ({@code errors}) mapped to the common failures. */
    private static RuntimeException failure(RemoteTarget target, RemoteHttpClient.Response r, String credentialKey) {
        String errors = errors(r.body());
        String lower = errors.toLowerCase(Locale.ROOT);
        if (r.status() == 401 || r.status() == 403) {
            RemoteSessions.forget(credentialKey); // an expired login: the next signer logs in again
        }
        if (r.status() == 400 || r.status() == 404) {
            if (lower.contains("key not found") || lower.contains("no existing key")) {
                return target.failure(Kind.KEY_NOT_FOUND, "HTTP " + r.status() + ": " + errors);
            }
            if (lower.contains("minimum") && lower.contains("version")) {
                return target.failure(Kind.KEY_DISABLED, "HTTP " + r.status() + ": " + errors);
            }
            if (lower.contains("does not support signing") || lower.contains("unsupported")) {
                return target.failure(Kind.WRONG_KEY_TYPE, "HTTP " + r.status() + ": " + errors);
            }
        }
        return RemoteHttpClient.failure(target, r, errors);
    }

    /** Vault's {"errors": [...]}, joined; "" when the body says nothing readable. */
    static String errors(String body) {
        try {
            if (Json.at(Json.parse(body), "errors") instanceof List<?> l) {
                return String.join("; ", l.stream().map(String::valueOf).toList());
            }
        } catch (Json.JsonException e) {
            // not Vault's JSON: no words to quote
        }
        return "";
    }

    private record Credential(String token, String source, String cacheKey) {
    }

    /**
     * The token, fetched once per build per address, namespace and source: AppRole login when a role
     * is configured, else {@code token}, {@code serverId}, or VAULT_TOKEN.
     */
    private static Credential credential(VaultKey key, SignerConfig config, RemoteHttpClient client,
            RemoteTarget target) {
        Secrets secrets = config.secrets();
        String roleId = config.get(VaultSignerBackend.ROLE_ID);
        String secretId = config.get(VaultSignerBackend.SECRET_ID);
        String where = key.address() + "|" + key.namespace() + "|";
        if (roleId != null || secretId != null) {
            if (roleId == null || secretId == null) {
                throw new SignerConfigException("vault signer: AppRole login needs both "
                        + VaultKey.name(config, VaultSignerBackend.ROLE_ID) + " and "
                        + VaultKey.name(config, VaultSignerBackend.SECRET_ID));
            }
            String mount = config.get(VaultSignerBackend.AUTH_MOUNT) == null ? "approle"
                    : config.get(VaultSignerBackend.AUTH_MOUNT).replaceAll("^/+|/+$", "");
            String source = "AppRole login at auth/" + mount + " with the secret id from " + secretId;
            String cacheKey = where + "approle|" + mount + "|" + roleId + "|" + secretId;
            String token = RemoteSessions.credential(cacheKey, () -> {
                String role = Secrets.isReference(roleId)
                        ? new String(secrets.resolve(roleId, "vault signer: " + VaultKey.name(config,
                        VaultSignerBackend.ROLE_ID)))
                        : roleId;
                char[] secret = secrets.resolve(secretId, "vault signer: "
                        + VaultKey.name(config, VaultSignerBackend.SECRET_ID));
                try {
                    return appRoleLogin(key, mount, role, new String(secret), client,
                            target.withCredentialSource(source));
                } finally {
                    Arrays.fill(secret, '\0');
                }
            });
            return new Credential(token, source, cacheKey);
        }
        String reference;
        String what;
        if (config.get(VaultSignerBackend.TOKEN) != null) {
            reference = config.get(VaultSignerBackend.TOKEN);
            what = "vault signer: " + VaultKey.name(config, VaultSignerBackend.TOKEN);
        } else if (config.get(VaultSignerBackend.SERVER_ID) != null) {
            reference = "mvn:" + config.get(VaultSignerBackend.SERVER_ID);
            what = "vault signer: " + VaultKey.name(config, VaultSignerBackend.SERVER_ID);
        } else if (secrets.environmentVariable("VAULT_TOKEN") == null && tokenHelperFile() != null) {
            // Where `vault login` leaves the token (Vault's default token helper).
            reference = "file:" + tokenHelperFile();
            what = "vault signer: " + tokenHelperFile();
        } else {
            if (secrets.environmentVariable("VAULT_TOKEN") == null) {
                throw new SignerConfigException("vault signer: no Vault token: set VAULT_TOKEN (or run vault login), or "
                        + VaultKey.name(config, VaultSignerBackend.TOKEN) + ", "
                        + VaultKey.name(config, VaultSignerBackend.SERVER_ID) + ", or AppRole "
                        + VaultKey.name(config, VaultSignerBackend.ROLE_ID) + " and "
                        + VaultKey.name(config, VaultSignerBackend.SECRET_ID));
            }
            reference = "env:VAULT_TOKEN";
            what = "vault signer: VAULT_TOKEN";
        }
        String source = reference.startsWith("mvn:") ? "token from settings.xml server '" + reference.substring(4) + "'"
                : "token from " + reference;
        String cacheKey = where + "token|" + reference;
        String token = RemoteSessions.credential(cacheKey, () -> new String(secrets.resolve(reference, what)).strip());
        return new Credential(token, source, cacheKey);
    }

    /** ~/.vault-token when it exists, else null. */
    private static java.nio.file.Path tokenHelperFile() {
        String home = System.getProperty("user.home");
        if (home == null) {
            return null;
        }
        java.nio.file.Path f = java.nio.file.Path.of(home, ".vault-token");
        return java.nio.file.Files.isRegularFile(f) ? f : null;
    }

    private static String appRoleLogin(VaultKey key, String mount, String roleId, String secretId,
            RemoteHttpClient client, RemoteTarget target) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key.namespace() != null) {
            headers.put("X-Vault-Namespace", key.namespace());
        }
        headers.put("X-Vault-Request", "true");
        RemoteHttpClient.Response r = client.postJson(target, java.net.URI.create(key.address() + "/v1/auth/" + mount
                + "/login"), headers, Json.object("role_id", roleId, "secret_id", secretId));
        if (!r.ok()) {
            String errors = errors(r.body());
            if (r.status() == 400 && errors.toLowerCase(Locale.ROOT).contains("invalid")) {
                throw target.failure(Kind.AUTH, "HTTP 400: " + errors);
            }
            throw RemoteHttpClient.failure(target, r, errors);
        }
        String token = Json.string(r.json(target), "auth", "client_token");
        if (token == null || token.isBlank()) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "the AppRole login answer has no auth.client_token");
        }
        return token;
    }
}
