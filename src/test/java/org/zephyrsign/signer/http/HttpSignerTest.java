package org.zephyrsign.signer.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
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
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Answer;
import org.zephyrsign.signer.remote.RemoteSessions;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.TestCa;
import org.zephyrsign.vectors.Vectors;

/** The {@code http} signer against a service speaking its documented contract, bearer token and mTLS. */
class HttpSignerTest {
    static final String TOKEN = "bearer-secret-never-printed";

    @TempDir
    static Path dir;
    static TestCa ca;
    static HttpContractFake bearer;
    static HttpContractFake mtls;
    static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create(dir, "http");
        bearer = new HttpContractFake(ca, false, "/api/v1", TOKEN);
        mtls = new HttpContractFake(ca, true, "", null);
        for (HttpContractFake f : List.of(bearer, mtls)) {
            f.addKey("fw-p256", "ecdsa-p256-sha256", Vectors.path("keys/ecdsa-p256.pem"));
            f.addKey("fw-p384", "ecdsa-p384-sha384", Vectors.path("keys/ecdsa-p384.pem"));
            f.addKey("fw-ed25519", "ed25519", Vectors.path("keys/ed25519.pem"));
            f.addKey("fw-rsa2048", "rsa-pss-sha256", Vectors.path("keys/rsa-2048.pem"));
            f.addKey("fw-rsa3072", "rsa-pss-sha256", Vectors.path("keys/rsa-3072.pem"));
        }
        bearer.addKey("old", "ecdsa-p256-sha256", Vectors.path("keys/ecdsa-p256.pem")).disable();
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterAll
    static void stop() {
        bearer.close();
        mtls.close();
    }

    @BeforeEach
    void newBuild() {
        RemoteSessions.closeAll();
    }

    private Vectors.Run signCase(String name, String reference, Path out) {
        JsonObject c = Vectors.list("cases").stream().filter(o -> o.get("name").getAsString().equals(name))
                .findFirst().orElseThrow();
        List<String> args = new ArrayList<>(Vectors.strings(c.getAsJsonArray("args")));
        args.set(args.indexOf("-k") + 1, reference);
        return Vectors.run(args, List.of(args.get(args.size() - 1)), out);
    }

    @Test
    void everyAlgorithmThroughTheCliWithBearerToken() throws Exception {
        record Case(String name, String key, String pub) { }
        for (Case c : List.of(new Case("ed25519-basic", "fw-ed25519", "ed25519"),
                new Case("ed25519-pure", "fw-ed25519", "ed25519"), new Case("ecdsa-p256", "fw-p256", "ecdsa-p256"),
                new Case("ecdsa-p384", "fw-p384", "ecdsa-p384"), new Case("rsa-2048", "fw-rsa2048", "rsa-2048"),
                new Case("rsa-3072", "fw-rsa3072", "rsa-3072"))) {
            Path out = Files.createDirectories(dir.resolve("bearer-" + c.name()));
            String ref = "sign+https://127.0.0.1:" + bearer.port() + "/api/v1/keys/" + c.key() + "?token=file:"
                    + tokenFile + "&caBundle=" + ca.caPem();
            Vectors.Run run = signCase(c.name(), ref, out);
            assertEquals(0, run.exitCode(), c.name() + ": " + run.stderr());
            Path signed = out.resolve("signed.bin");
            Vectors.Run verify = Vectors.runCli("verify", "-k", Vectors.path("keys/" + c.pub() + ".pub.pem").toString(),
                    signed.toString());
            assertEquals(0, verify.exitCode(), c.name() + ": " + verify.stderr());
            if (c.pub().equals("ed25519")) {
                assertArrayEquals(Vectors.bytes("cases/" + c.name() + "/signed.bin"), Files.readAllBytes(signed));
            }
        }
        var last = bearer.requests().get(bearer.requests().size() - 1);
        assertEquals("Bearer " + TOKEN, last.header("Authorization"));
        Map<String, Object> body = Json.parseObject(last.body());
        assertEquals("rsa-pss-sha256", body.get("algorithm"));
        assertEquals("sha256", body.get("hashAlgorithm"));
        assertEquals(Boolean.TRUE, body.get("prehashed"));
        assertEquals(new java.math.BigDecimal(32), Json.at(body, "pss", "saltLength"));
    }

    private SignerConfig config(HttpContractFake f, Map<String, String> more, Map<String, String> env) {
        Map<String, String> p = new HashMap<>(Map.of("url", f.uri() + (f == bearer ? "/api/v1" : ""),
                "caBundle", ca.caPem().toString()));
        p.putAll(more);
        return new SignerConfig(SignerBackends.of("http"), p, new SignerConfig.Context(n -> "<signer><" + n + ">",
                new Secrets(env, null, dir), false, dir));
    }

    private void sign(SignerConfig c) {
        try (ImageSigner s = c.backend().open(c, SignerLog.NONE)) {
            byte[] d = HashAlgorithm.SHA256.digest("fw".getBytes());
            s.sign(new SigningRequest(s.publicKey().algorithm(), HashAlgorithm.SHA256, d, d, false));
        }
    }

    private RemoteSignerException fails(Kind kind, SignerConfig c) {
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> sign(c));
        assertEquals(kind, e.kind(), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
        return e;
    }

    @Test
    void mutualTlsWithPkcs12OrPemAndNoToken() {
        Path p12 = ca.clientPkcs12("ci", "p12-pass");
        sign(config(mtls, Map.of("keyId", "fw-p256", "clientCertificate", p12.toString(),
                "clientCertificatePassword", "env:P12"), Map.of("P12", "p12-pass")));
        sign(config(mtls, Map.of("keyId", "fw-ed25519", "clientCertificate", ca.clientPem("ci-pem").toString()),
                Map.of()));
        RemoteSignerException e = assertThrows(RemoteSignerException.class,
                () -> sign(config(mtls, Map.of("keyId", "fw-p256"), Map.of())));
        assertTrue(e.kind() == Kind.TLS || e.kind() == Kind.UNREACHABLE, e.getMessage());
    }

    @Test
    void rawEcdsaAndThePublicKeyInTheAnswer() {
        bearer.rawEcdsa = true;
        bearer.publicKeyInAnswer = true;
        try {
            sign(config(bearer, Map.of("keyId", "fw-p384", "token", "env:TOK"), Map.of("TOK", TOKEN)));
        } finally {
            bearer.rawEcdsa = false;
            bearer.publicKeyInAnswer = false;
        }
    }

    @Test
    void failures() {
        Map<String, String> env = Map.of("TOK", TOKEN);
        assertEquals("http signer, key 'fw-p256' at " + bearer.uri() + "/api/v1 (bearer token from env:TOK): the "
                + "service refused the credentials (HTTP 401 UNAUTHENTICATED: missing or invalid bearer token); check "
                + "that the credential is valid and allowed to read the key and sign with it",
                fails(Kind.AUTH, config(bearer, Map.of("keyId", "fw-p256", "token", "env:TOK"),
                        Map.of("TOK", "wrong"))).getMessage());
        assertTrue(fails(Kind.KEY_NOT_FOUND, config(bearer, Map.of("keyId", "nope", "token", "env:TOK"), env))
                .getMessage().contains("HTTP 404 KEY_NOT_FOUND: no key 'nope'"));
        assertTrue(fails(Kind.KEY_DISABLED, config(bearer, Map.of("keyId", "old", "token", "env:TOK"), env))
                .getMessage().contains("\"enabled\": false"));
        bearer.answerNext(Answer.json(200, "{\"publicKey\":\"" + TestCaPem.p521() + "\"}"));
        assertTrue(fails(Kind.WRONG_KEY_TYPE, config(bearer, Map.of("keyId", "fw-p256", "token", "env:TOK"), env))
                .getMessage().contains("secp521r1"));
        bearer.answerNext(new Answer(503, Map.of("Retry-After", "0"), "{\"error\":\"busy\"}"),
                new Answer(503, Map.of("Retry-After", "0"), "{\"error\":\"busy\"}"));
        assertTrue(fails(Kind.RATE_LIMITED, config(bearer, Map.of("keyId", "fw-p256", "token", "env:TOK",
                "retries", "1"), env)).getMessage().contains("HTTP 503 after 1 retry"));
        bearer.answerNext(Answer.json(200, "{\"publicKey\":42}"));
        fails(Kind.MALFORMED_RESPONSE, config(bearer, Map.of("keyId", "fw-p256", "token", "env:TOK"), env));
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        SignerConfig c = config(bearer, Map.of("keyId", "fw-p256", "token", "env:TOK"), Map.of("TOK", TOKEN));
        try (ImageSigner s = c.backend().open(c, SignerLog.NONE)) {
            byte[] d = HashAlgorithm.SHA256.digest("fw".getBytes());
            // A well-formed DER signature, but over other bytes.
            java.security.Signature other = java.security.Signature.getInstance("NONEwithECDSA");
            other.initSign(java.security.KeyFactory.getInstance("EC").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(org.zephyrsign.crypto.PemKeys.read(
                            Vectors.path("keys/ecdsa-p256.pem")).privateKey().getEncoded())));
            other.update(HashAlgorithm.SHA256.digest("other".getBytes()));
            bearer.answerNext(Answer.json(200, "{\"signature\":\"" + java.util.Base64.getEncoder()
                    .encodeToString(other.sign()) + "\"}"));
            RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> s.sign(
                    new SigningRequest(s.publicKey().algorithm(), HashAlgorithm.SHA256, d, d, false)));
            assertEquals(Kind.SIGNATURE_INVALID, e.kind());
        }
    }

    @Test
    void keyReference() {
        HttpSignerBackend b = new HttpSignerBackend();
        assertNull(b.fromKeyReference("https://example.com/keys/x"), "a plain URL is not claimed");
        assertEquals(Map.of("url", "https://sign.example.com:8443/api/v1", "keyId", "fw", "token", "env:SIGN_TOKEN"),
                b.fromKeyReference("sign+https://sign.example.com:8443/api/v1/keys/fw?token=env:SIGN_TOKEN"));
        assertEquals(Map.of("url", "https://sign.example.com", "keyId", "fw"),
                b.fromKeyReference("sign+https://sign.example.com/keys/fw"));
    }

    /** A P-521 public key PEM, escaped for a JSON string. */
    static final class TestCaPem {
        static String p521() {
            try {
                var g = java.security.KeyPairGenerator.getInstance("EC");
                g.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
                return ("-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n")
                        .replace("\n", "\\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
