package org.zephyrsign.signer.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Answer;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Request;
import org.zephyrsign.signer.remote.RemoteSessions;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.TestCa;
import org.zephyrsign.vectors.Vectors;

/**
 * The {@code vault} signer against {@link VaultTransitFake} (no Vault server can run here): every
 * algorithm through the command line's {@code -k vault://...} (Ed25519 byte for byte as imgtool
 * signs with the same key), the request shapes Vault documents, and each failure's one line.
 */
class VaultSignerTest {
    static final String TOKEN = "hvs.CAESIJtest-token-never-printed";

    @TempDir
    static Path dir;
    static TestCa ca;
    static VaultTransitFake vault;
    static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create(dir, "vault");
        vault = new VaultTransitFake(ca, "transit", null, TOKEN);
        vault.addKey("fw-p256", "ecdsa-p256", Vectors.path("keys/ecdsa-p256.pem"));
        vault.addKey("fw-p384", "ecdsa-p384", Vectors.path("keys/ecdsa-p384.pem"));
        vault.addKey("fw-ed25519", "ed25519", Vectors.path("keys/ed25519.pem"));
        vault.addKey("fw-rsa2048", "rsa-2048", Vectors.path("keys/rsa-2048.pem"));
        vault.addKey("fw-rsa3072", "rsa-3072", Vectors.path("keys/rsa-3072.pem"));
        vault.addKey("p521", "ecdsa-p521");
        vault.addKey("aes", "aes256-gcm96");
        vault.addKey("rotated", "ecdsa-p256").rotate().minEncryptionVersion(2);
        vault.addKey("derived", "ed25519").derived();
        vault.addAppRole("ci-role", "ci-secret-id-value");
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @BeforeEach
    void newBuild() {
        RemoteSessions.closeAll();
    }

    private String ref(String key) {
        return "vault://127.0.0.1:" + vault.port() + "/transit/keys/" + key + "?caBundle=" + ca.caPem()
                + "&token=file:" + tokenFile;
    }

    /** imgtool's argument list of a vector case, with -k naming the Vault key instead of the PEM. */
    private Vectors.Run signCase(String name, String key, Path out) {
        JsonObject c = Vectors.list("cases").stream().filter(o -> o.get("name").getAsString().equals(name))
                .findFirst().orElseThrow();
        List<String> args = new ArrayList<>(Vectors.strings(c.getAsJsonArray("args")));
        int k = args.indexOf("-k");
        args.set(k + 1, ref(key));
        String output = args.get(args.size() - 1);
        Vectors.Run run = Vectors.run(args, List.of(output), out);
        return run;
    }

    @Test
    void ed25519ThroughTheCliIsByteForByteWhatImgtoolSignsWithTheSameKey() throws Exception {
        for (String name : List.of("ed25519-basic", "ed25519-pure")) {
            Path out = Files.createDirectories(dir.resolve(name));
            Vectors.Run run = signCase(name, "fw-ed25519", out);
            assertEquals(0, run.exitCode(), run.stderr());
            assertArrayEquals(Vectors.bytes("cases/" + name + "/signed.bin"), Files.readAllBytes(out.resolve("signed.bin")),
                    name);
        }
        Request last = lastSign();
        Map<String, Object> body = Json.parseObject(last.body());
        assertFalse(body.containsKey("prehashed"), "Ed25519 signs the message: " + last.body());
        assertFalse(body.containsKey("hash_algorithm"));
        assertEquals(TOKEN, last.header("X-Vault-Token"));
        assertNull(last.header("X-Vault-Namespace"));
    }

    @Test
    void ecdsaAndRsaThroughTheCliVerifyAndAskVaultTheWayMcubootVerifies() throws Exception {
        record Case(String name, String key, String pub, String hash) { }
        for (Case c : List.of(new Case("ecdsa-p256", "fw-p256", "ecdsa-p256", "sha2-256"),
                new Case("ecdsa-p384", "fw-p384", "ecdsa-p384", "sha2-384"),
                new Case("rsa-2048", "fw-rsa2048", "rsa-2048", "sha2-256"),
                new Case("rsa-3072", "fw-rsa3072", "rsa-3072", "sha2-256"))) {
            Path out = Files.createDirectories(dir.resolve(c.name()));
            Vectors.Run run = signCase(c.name(), c.key(), out);
            assertEquals(0, run.exitCode(), c.name() + ": " + run.stderr());
            Path signed = out.resolve("signed.bin");
            Vectors.Run verify = Vectors.runCli("verify", "-k", Vectors.path("keys/" + c.pub() + ".pub.pem").toString(),
                    signed.toString());
            assertEquals(0, verify.exitCode(), c.name() + ": " + verify.stderr());
            Map<String, Object> body = Json.parseObject(lastSign().body());
            assertEquals(Boolean.TRUE, body.get("prehashed"), c.name());
            assertEquals(c.hash(), body.get("hash_algorithm"), c.name());
            assertEquals(new java.math.BigDecimal(1), body.get("key_version"));
            if (c.name().startsWith("rsa")) {
                assertEquals("pss", body.get("signature_algorithm"));
                assertEquals("hash", body.get("salt_length"), "Vault's default 'auto' is a salt MCUboot rejects");
            } else {
                assertEquals("asn1", body.get("marshaling_algorithm"));
            }
        }
    }

    private Request lastSign() {
        List<Request> rs = vault.requests();
        for (int i = rs.size() - 1; i >= 0; i--) {
            if (rs.get(i).path().startsWith("/v1/transit/sign/")) {
                return rs.get(i);
            }
        }
        throw new AssertionError("no sign request");
    }

    // ---- through the backend, as both front ends open it ----

    private SignerConfig config(Map<String, String> params, Map<String, String> env) {
        return new SignerConfig(SignerBackends.of("vault"), params, new SignerConfig.Context(
                n -> "<signer><" + n + ">", new Secrets(env, id -> id.equals("vault-ci") ? TOKEN.toCharArray() : null,
                dir), false, dir));
    }

    private Map<String, String> params(String key, String... more) {
        Map<String, String> p = new HashMap<>(Map.of("address", vault.uri().toString(), "key", key,
                "caBundle", ca.caPem().toString()));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    private static final Map<String, String> ENV = Map.of("VAULT_TOKEN", TOKEN);

    private byte[] sign(SignerConfig config) {
        try (ImageSigner s = config.backend().open(config, SignerLog.NONE)) {
            byte[] digest = HashAlgorithm.SHA256.digest("firmware".getBytes());
            return s.sign(new SigningRequest(s.publicKey().algorithm(), HashAlgorithm.SHA256, digest, digest, false));
        }
    }

    private RemoteSignerException fails(Kind kind, SignerConfig config) {
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> sign(config));
        assertEquals(kind, e.kind(), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void tokenFromVaultTokenSettingsServerOrReference() {
        assertEquals(SignatureAlgorithm.ECDSA_P256, config(params("fw-p256"), ENV).backend()
                .publicKey(config(params("fw-p256"), ENV), SignerLog.NONE).algorithm());
        sign(config(params("fw-p256", "serverId", "vault-ci"), Map.of()));
        sign(config(params("fw-p256", "token", "file:" + tokenFile), Map.of()));
        SignerConfigException none = assertThrows(SignerConfigException.class,
                () -> sign(config(params("fw-p256"), Map.of())));
        assertTrue(none.getMessage().startsWith("vault signer: no Vault token: set VAULT_TOKEN"), none.getMessage());
        SignerConfigException literal = assertThrows(SignerConfigException.class,
                () -> sign(config(params("fw-p256", "token", TOKEN), Map.of())));
        assertFalse(literal.getMessage().contains(TOKEN));
    }

    @Test
    void addressAndCaFromTheEnvironmentAsVaultsClientReadsThem() {
        Map<String, String> p = new HashMap<>(Map.of("key", "fw-p384"));
        Map<String, String> env = Map.of("VAULT_TOKEN", TOKEN, "VAULT_ADDR", vault.uri().toString(),
                "VAULT_CACERT", ca.caPem().toString());
        assertEquals(SignatureAlgorithm.ECDSA_P384, config(p, env).backend().publicKey(config(p, env), SignerLog.NONE)
                .algorithm());
    }

    @Test
    void wrongTokenIsAnAuthFailureNamingItsSource() {
        RemoteSignerException e = fails(Kind.AUTH, config(params("fw-p256"), Map.of("VAULT_TOKEN", "hvs.wrong")));
        assertEquals("vault signer, transit key 'transit/keys/fw-p256' at " + vault.uri() + " (token from "
                + "env:VAULT_TOKEN): the service refused the credentials (HTTP 403: permission denied); check that "
                + "the credential is valid and allowed to read the key and sign with it", e.getMessage());
        assertFalse(e.getMessage().contains("hvs.wrong"));
    }

    @Test
    void keyNotFoundDisabledOrOfAKindMcubootCannotUse() {
        assertTrue(fails(Kind.KEY_NOT_FOUND, config(params("missing"), ENV)).getMessage()
                .contains("the key does not exist (HTTP 404)"));
        assertTrue(fails(Kind.KEY_NOT_FOUND, config(params("fw-p256", "keyVersion", "7"), ENV)).getMessage()
                .contains("version 7 does not exist; versions there: 1"));
        assertTrue(fails(Kind.KEY_DISABLED, config(params("rotated", "keyVersion", "1"), ENV)).getMessage()
                .contains("version 1 is below the key's min_encryption_version 2"));
        sign(config(params("rotated"), ENV)); // the latest version signs
        assertEquals("vault signer, transit key 'transit/keys/p521' at " + vault.uri() + " (token from env:VAULT_TOKEN):"
                + " the key cannot sign MCUboot images (transit key type ecdsa-p521: MCUboot verifies ed25519, "
                + "ecdsa-p256, ecdsa-p384, rsa-2048 and rsa-3072)", fails(Kind.WRONG_KEY_TYPE,
                config(params("p521"), ENV)).getMessage());
        assertTrue(fails(Kind.WRONG_KEY_TYPE, config(params("aes"), ENV)).getMessage()
                .contains("transit key type aes256-gcm96 cannot sign"));
        assertTrue(fails(Kind.WRONG_KEY_TYPE, config(params("derived"), ENV)).getMessage().contains("derived"));
    }

    @Test
    void unreachableAndUntrusted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> p = params("fw-p256");
        p.put("address", "https://127.0.0.1:" + port);
        assertTrue(fails(Kind.UNREACHABLE, config(p, ENV)).getMessage().contains("connection to 127.0.0.1:" + port
                + " refused"));
        Map<String, String> noCa = params("fw-p256");
        noCa.remove("caBundle");
        assertTrue(fails(Kind.TLS, config(noCa, ENV)).getMessage().contains("not signed by a trusted CA"));
        SignerConfigException http = assertThrows(SignerConfigException.class,
                () -> sign(config(params("fw-p256", "address", "http://127.0.0.1:8200"), ENV)));
        assertTrue(http.getMessage().contains("must be https://"), http.getMessage());
    }

    @Test
    void retriesA429ThenSignsAndReportsRateLimitingAfterTheRetries() {
        vault.answerNext(new Answer(429, Map.of("Retry-After", "0"), "{\"errors\":[\"rate limit quota exceeded\"]}"));
        sign(config(params("fw-p256"), ENV));
        vault.answerNext(new Answer(429, Map.of("Retry-After", "0"), "{\"errors\":[\"rate limit quota exceeded\"]}"),
                new Answer(429, Map.of("Retry-After", "0"), "{\"errors\":[\"rate limit quota exceeded\"]}"));
        RemoteSignerException e = fails(Kind.RATE_LIMITED, config(params("fw-p256", "retries", "1"), ENV));
        assertTrue(e.getMessage().contains("HTTP 429 after 1 retry"), e.getMessage());
    }

    @Test
    void malformedAnswersAndASignatureThatDoesNotVerify() {
        vault.answerNext(Answer.json(200, "<html>proxy login</html>"));
        assertTrue(fails(Kind.MALFORMED_RESPONSE, config(params("fw-p256"), ENV)).getMessage()
                .contains("the service's answer is malformed"));
        SignerConfig c = config(params("fw-p256"), ENV);
        try (ImageSigner s = c.backend().open(c, SignerLog.NONE)) {
            byte[] digest = HashAlgorithm.SHA256.digest("x".getBytes());
            SigningRequest r = new SigningRequest(SignatureAlgorithm.ECDSA_P256, HashAlgorithm.SHA256, digest, digest,
                    false);
            vault.answerNext(Answer.json(200, "{\"data\":{\"signature\":\"vault:v1:%%%\"}}"));
            assertEquals(Kind.MALFORMED_RESPONSE, assertThrows(RemoteSignerException.class, () -> s.sign(r)).kind());
            vault.answerNext(Answer.json(200, "{\"data\":{\"signature\":\"MEUCIQ==\"}}"));
            assertTrue(assertThrows(RemoteSignerException.class, () -> s.sign(r)).getMessage()
                    .contains("data.signature is not vault:v1:<base64>"));
            vault.signWrongBytes = true;
            try {
                RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> s.sign(r));
                assertEquals(Kind.SIGNATURE_INVALID, e.kind());
                assertTrue(e.getMessage().contains("the signature does not verify against the key's public half "
                        + "from the same service; nothing was written"), e.getMessage());
            } finally {
                vault.signWrongBytes = false;
            }
        }
    }

    @Test
    void aVaultThatIgnoresSaltLengthIsNamedNotJustAnInvalidSignature() {
        vault.beforeSaltLength = true;
        try {
            RemoteSignerException e = fails(Kind.WRONG_KEY_TYPE, config(params("fw-rsa2048"), ENV));
            assertTrue(e.getMessage().contains("this Vault ignored salt_length (\"Endpoint ignored these unrecognized "
                    + "parameters: [salt_length]\"): RSA-PSS with MCUboot's 32-byte salt needs Vault 1.12 or later, or "
                    + "OpenBao"), e.getMessage());
        } finally {
            vault.beforeSaltLength = false;
        }
    }

    @Test
    void appRoleLogsInOncePerBuildForEverySigner() {
        Map<String, String> env = Map.of("ROLE_SECRET", "ci-secret-id-value");
        Map<String, String> p = params("fw-p256", "roleId", "ci-role", "secretId", "env:ROLE_SECRET");
        long before = logins();
        sign(config(p, env));
        sign(config(params("fw-p384", "roleId", "ci-role", "secretId", "env:ROLE_SECRET"), env));
        assertEquals(1, logins() - before, "one login for the build");
        RemoteSessions.closeAll();
        RemoteSignerException e = fails(Kind.AUTH, config(p, Map.of("ROLE_SECRET", "wrong-secret")));
        assertTrue(e.getMessage().contains("(AppRole login at auth/approle with the secret id from env:ROLE_SECRET)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret"));
    }

    private long logins() {
        return vault.requests().stream().filter(r -> r.path().equals("/v1/auth/approle/login")).count();
    }

    @Test
    void namespaceFromParameterOrVaultNamespace() throws Exception {
        try (VaultTransitFake ns = new VaultTransitFake(ca, "fw/transit", "team-a", TOKEN)) {
            ns.addKey("k", "ed25519");
            Map<String, String> p = new HashMap<>(Map.of("address", ns.uri().toString(), "key", "k", "mount",
                    "fw/transit", "caBundle", ca.caPem().toString()));
            assertEquals(Kind.AUTH, assertThrows(RemoteSignerException.class, () -> sign(config(p, ENV))).kind());
            sign(config(p, Map.of("VAULT_TOKEN", TOKEN, "VAULT_NAMESPACE", "team-a")));
            p.put("namespace", "team-a");
            sign(config(p, ENV));
            assertEquals("team-a", ns.requests().get(ns.requests().size() - 1).header("X-Vault-Namespace"));
        }
    }

    @Test
    void keyReferenceAndIdentity() {
        VaultSignerBackend b = new VaultSignerBackend();
        assertNull(b.fromKeyReference("pkcs11:token=x"));
        assertEquals(Map.of("address", "https://vault.example.com:8200", "mount", "secret/fw-transit", "key", "fw",
                "keyVersion", "3", "namespace", "ns1"), b.fromKeyReference(
                "vault://vault.example.com:8200/secret/fw-transit/keys/fw?version=3&namespace=ns1"));
        assertThrows(SignerConfigException.class, () -> b.fromKeyReference("vault://host/transit/fw"));
        assertThrows(SignerConfigException.class, () -> b.fromKeyReference("vault://host/transit/keys/fw?pin=1"));
        assertNull(b.keyIdentity(config(params("fw-p256"), ENV)), "the latest version may change: no identity");
        String id = b.keyIdentity(config(params("fw-p256", "keyVersion", "1"), ENV));
        assertEquals("vault, " + vault.uri() + ", namespace null, transit/keys/fw-p256, version 1", id);
        assertFalse(id.contains(TOKEN));
    }
}
