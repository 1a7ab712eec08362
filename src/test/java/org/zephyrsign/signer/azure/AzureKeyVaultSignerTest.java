package org.zephyrsign.signer.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.SignatureVerifier;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.cloud.CloudTestKeys;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Answer;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Request;
import org.zephyrsign.signer.remote.RemoteSessions;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.TestCa;

/**
 * The azure-key-vault signer against {@link AzureKeyVaultFake}, with tokens from azure-identity's
 * environment credential (client secret) at the fake's authority: every key type Key Vault and MCUboot
 * share, raw R||S to DER, each failure, retries.
 */
class AzureKeyVaultSignerTest {
    static final String SECRET = "zephyr~test~client~secret~never~in~a~message";

    @TempDir
    static Path dir;
    static TestCa ca;
    static AzureKeyVaultFake vault;
    static final Map<SignatureAlgorithm, String> IDS = new HashMap<>();

    @BeforeAll
    static void start() {
        ca = TestCa.create(dir, "azure-test");
        vault = new AzureKeyVaultFake(ca, SECRET);
        List<String> signing = List.of("sign", "verify");
        IDS.put(SignatureAlgorithm.ECDSA_P256, vault.add("EC-HSM", "P-256", signing,
                CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), true));
        IDS.put(SignatureAlgorithm.ECDSA_P384, vault.add("EC", "P-384", signing,
                CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P384), true));
        IDS.put(SignatureAlgorithm.RSA_2048, vault.add("RSA-HSM", null, signing,
                CloudTestKeys.generate(SignatureAlgorithm.RSA_2048), true));
        IDS.put(SignatureAlgorithm.RSA_3072, vault.add("RSA", null, signing,
                CloudTestKeys.generate(SignatureAlgorithm.RSA_3072), true));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @AfterEach
    void endBuild() {
        RemoteSessions.closeAll();
        vault.corruptSignatures(false);
    }

    static Map<String, String> env(String secret) {
        return Map.of("AZURE_TENANT_ID", AzureKeyVaultFake.TENANT, "AZURE_CLIENT_ID", AzureKeyVaultFake.CLIENT_ID,
                "AZURE_CLIENT_SECRET", secret, "AZURE_AUTHORITY_HOST", vault.uri() + "/");
    }

    static ImageSigner open(String keyId, Map<String, String> extra, Map<String, String> env) {
        Map<String, String> p = new HashMap<>(Map.of("keyId", keyId, "caBundle", ca.caPem().toString(), "retries", "2",
                "instanceDiscovery", "false"));
        p.putAll(extra);
        return new AzureKeyVaultSignerBackend().open(CloudTestKeys.config(new AzureKeyVaultSignerBackend(), p, env, dir),
                SignerLog.NONE);
    }

    static ImageSigner open(String keyId) {
        return open(keyId, Map.of(), env(SECRET));
    }

    @Test
    void signsWithEveryKeyTypeKeyVaultAndMcubootShare() throws Exception {
        for (SignatureAlgorithm alg : IDS.keySet()) {
            try (ImageSigner signer = open(IDS.get(alg))) {
                assertEquals(alg, signer.publicKey().algorithm());
                assertArrayEquals(vault.key(IDS.get(alg)).pair().getPublic().getEncoded(),
                        signer.publicKey().subjectPublicKeyInfo().getEncoded("DER"));
                SigningRequest request = CloudTestKeys.request(alg);
                byte[] tlv = signer.sign(request);
                assertTrue(SignatureVerifier.verify(signer.publicKey(), request.message(), tlv), alg.name());
                if (alg.isEcdsa()) {
                    assertEquals(0x30, tlv[0] & 0xff, "raw R||S from Key Vault becomes DER");
                }
                Request sign = lastSign();
                String expected = alg == SignatureAlgorithm.ECDSA_P256 ? "ES256" : alg == SignatureAlgorithm.ECDSA_P384
                        ? "ES384" : "PS256";
                assertTrue(sign.body().contains("\"alg\":\"" + expected + "\""), sign.body());
                assertTrue(sign.path().matches("/keys/[^/]+/[0-9a-f]{32}/sign"), "signs the version read: " + sign.path());
            }
        }
        assertEquals(List.of(), vault.unknownRequests());
    }

    @Test
    void keyReferenceAndVersion() {
        assertEquals(Map.of("keyId", "https://fw.vault.azure.net/keys/app/0123"),
                new AzureKeyVaultSignerBackend().fromKeyReference("azurekv://fw.vault.azure.net/keys/app/0123"));
        assertNull(new AzureKeyVaultSignerBackend().fromKeyReference("awskms:alias/x"));
        String id = IDS.get(SignatureAlgorithm.ECDSA_P256);
        try (ImageSigner signer = open(id + "/" + vault.key(id).version())) {
            assertEquals(SignatureAlgorithm.ECDSA_P256, signer.publicKey().algorithm());
        }
        assertEquals("https://vault.azure.net/.default", AzureKeyVaultSigner.scope("fw.vault.azure.net"));
        assertEquals("https://managedhsm.azure.net/.default", AzureKeyVaultSigner.scope("fw.managedhsm.azure.net"));
        assertEquals("https://vault.azure.cn/.default", AzureKeyVaultSigner.scope("fw.vault.azure.cn"));
    }

    @Test
    void retriesA429HonouringRetryAfter() {
        try (ImageSigner signer = open(IDS.get(SignatureAlgorithm.ECDSA_P384))) {
            int before = vault.requests().size();
            vault.answerNext(new Answer(429, Map.of("Retry-After", "1"), "{\"error\":{\"code\":\"Throttled\","
                    + "\"message\":\"Rate limit is exceeded.\"}}"));
            SigningRequest r = CloudTestKeys.request(SignatureAlgorithm.ECDSA_P384);
            assertTrue(SignatureVerifier.verify(signer.publicKey(), r.message(), signer.sign(r)));
            assertEquals(before + 2, vault.requests().size(), vault.requests().subList(before, vault.requests().size())
                    .stream().map(q -> q.method() + " " + q.path()).toList().toString());
        }
    }

    @Test
    void eachFailureIsOneLineNamingBackendKeyAndCredentialSource() throws Exception {
        String p256 = IDS.get(SignatureAlgorithm.ECDSA_P256);
        failsWith(Kind.KEY_NOT_FOUND, () -> open(vault.uri() + "/keys/no-such-key"), "KeyNotFound");
        failsWith(Kind.KEY_DISABLED, () -> open(vault.add("EC", "P-256", List.of("sign", "verify"),
                CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), false)), "disabled");
        failsWith(Kind.WRONG_KEY_TYPE, () -> open(vault.add("RSA", null, List.of("encrypt", "decrypt", "wrapKey"),
                CloudTestKeys.generate(SignatureAlgorithm.RSA_2048), true)), "without sign");
        failsWith(Kind.WRONG_KEY_TYPE, () -> open(vault.add("EC", "P-521", List.of("sign", "verify"),
                CloudTestKeys.generateP521(), true)), "curve P-521");
        String forbidden = vault.add("EC", "P-256", List.of("sign"), CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256),
                true);
        vault.forbid(forbidden);
        failsWith(Kind.AUTH, () -> open(forbidden), "Caller is not authorized");
        RemoteSessions.closeAll(); // a new build: the credential is fetched anew
        failsWith(Kind.AUTH, () -> open(p256, Map.of(), env("wrong-" + SECRET)), "AADSTS7000215");
        RemoteSessions.closeAll();
        failsWith(Kind.TLS, () -> open(p256, Map.of("caBundle", ""), env(SECRET)), "not signed by a trusted CA");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        failsWith(Kind.UNREACHABLE, () -> open("https://127.0.0.1:" + closed + "/keys/k"), "refused");
        try (ImageSigner signer = open(p256)) {
            vault.corruptSignatures(true);
            failsWith(Kind.SIGNATURE_INVALID, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "nothing was written");
            vault.corruptSignatures(false);
            vault.answerNext(Answer.json(200, "{\"kid\":\"x\",\"value\":\"AAAA\"}"));
            failsWith(Kind.MALFORMED_RESPONSE, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "raw R||S of 64 bytes, got 3");
            Answer busy = new Answer(503, Map.of("Retry-After", "0"), "{}");
            vault.answerNext(busy, busy, busy);
            failsWith(Kind.RATE_LIMITED, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "after 2 retries");
        }
    }

    static Request lastSign() {
        List<Request> all = vault.requests();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).path().endsWith("/sign")) {
                return all.get(i);
            }
        }
        throw new AssertionError("no sign");
    }

    static void failsWith(Kind kind, Runnable action, String detail) {
        SignerException e = assertThrows(SignerException.class, action::run);
        String m = e.getMessage();
        assertTrue(e instanceof RemoteSignerException r && r.kind() == kind, kind + " expected: " + m);
        assertTrue(m.startsWith("azure-key-vault signer, key https://127.0.0.1:"), m);
        assertTrue(m.contains("Azure credential chain"), "names the credential source: " + m);
        assertTrue(m.contains(detail), detail + " expected in: " + m);
        assertFalse(m.contains("\n") || m.contains(SECRET) || m.contains("fake-"), m);
    }
}
