package org.zephyrsign.signer.gcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.cloud.CloudTestKeys;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Answer;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Request;
import org.zephyrsign.signer.remote.RemoteSessions;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.TestCa;

/** The gcp-kms signer against {@link GcpKmsFake}: every algorithm, CRC32C both ways, each failure, retries. */
class GcpKmsSignerTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static GcpKmsFake kms;
    static Path serviceAccount;
    static final Map<SignatureAlgorithm, String> NAMES = new HashMap<>();
    static final Map<SignatureAlgorithm, String> GOOGLE = Map.of(SignatureAlgorithm.ECDSA_P256, "EC_SIGN_P256_SHA256",
            SignatureAlgorithm.ECDSA_P384, "EC_SIGN_P384_SHA384", SignatureAlgorithm.RSA_2048, "RSA_SIGN_PSS_2048_SHA256",
            SignatureAlgorithm.RSA_3072, "RSA_SIGN_PSS_3072_SHA256", SignatureAlgorithm.ED25519, "EC_SIGN_ED25519");

    @BeforeAll
    static void start() {
        ca = TestCa.create(dir, "gcp-kms-test");
        kms = new GcpKmsFake(ca);
        serviceAccount = kms.serviceAccountFile(dir);
        GOOGLE.forEach((alg, name) -> NAMES.put(alg, kms.add(name, CloudTestKeys.generate(alg), "ENABLED")));
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    @AfterEach
    void endBuild() {
        RemoteSessions.closeAll();
        kms.corruptSignature(false);
        kms.corruptSignatureCrc(false);
    }

    static ImageSigner open(String name, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("keyVersion", name, "endpoint", kms.uri().toString(),
                "caBundle", ca.caPem().toString(), "credentialsFile", serviceAccount.toString(), "retries", "2"));
        p.putAll(extra);
        return new GcpKmsSignerBackend().open(CloudTestKeys.config(new GcpKmsSignerBackend(), p, Map.of(), dir),
                SignerLog.NONE);
    }

    static ImageSigner open(String name) {
        return open(name, Map.of());
    }

    @Test
    void signsWithEveryKeyTypeMcubootVerifies() throws Exception {
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            try (ImageSigner signer = open(NAMES.get(alg))) {
                assertEquals(alg, signer.publicKey().algorithm());
                assertArrayEquals(kms.version(NAMES.get(alg)).pair().getPublic().getEncoded(),
                        signer.publicKey().subjectPublicKeyInfo().getEncoded("DER"));
                SigningRequest request = CloudTestKeys.request(alg);
                assertTrue(SignatureVerifier.verify(signer.publicKey(), request.message(), signer.sign(request)));
                String body = lastSign().body();
                String expected = alg == SignatureAlgorithm.ED25519 ? "\"data\":" : alg == SignatureAlgorithm.ECDSA_P384
                        ? "\"digest\":{\"sha384\":" : "\"digest\":{\"sha256\":";
                assertTrue(body.contains(expected) && body.contains("Crc32c\":\""), body);
            }
        }
    }

    @Test
    void pureEd25519SendsTheImageAsData() {
        try (ImageSigner signer = open(NAMES.get(SignatureAlgorithm.ED25519))) {
            SigningRequest pure = CloudTestKeys.request(SignatureAlgorithm.ED25519, 20000);
            assertTrue(SignatureVerifier.verify(signer.publicKey(), pure.message(), signer.sign(pure)));
        }
    }

    @Test
    void oneTokenPerBuildForEveryImage() {
        long before = kms.requests().stream().filter(r -> r.path().equals("/token")).count();
        try (ImageSigner a = open(NAMES.get(SignatureAlgorithm.ECDSA_P256));
                ImageSigner b = open(NAMES.get(SignatureAlgorithm.RSA_2048))) {
            a.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256));
            b.sign(CloudTestKeys.request(SignatureAlgorithm.RSA_2048));
        }
        assertEquals(before + 1, kms.requests().stream().filter(r -> r.path().equals("/token")).count());
    }

    @Test
    void retriesA429HonouringRetryAfter() {
        try (ImageSigner signer = open(NAMES.get(SignatureAlgorithm.ECDSA_P256))) {
            int before = kms.requests().size();
            kms.answerNext(new Answer(429, Map.of("Retry-After", "1"), "{\"error\":{\"code\":429,\"status\":"
                    + "\"RESOURCE_EXHAUSTED\",\"message\":\"Quota exceeded\"}}"));
            SigningRequest r = CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256);
            assertTrue(SignatureVerifier.verify(signer.publicKey(), r.message(), signer.sign(r)));
            assertEquals(before + 2, kms.requests().size());
        }
    }

    @Test
    void eachFailureIsOneLineNamingBackendKeyAndCredentialSource() throws Exception {
        String p256 = NAMES.get(SignatureAlgorithm.ECDSA_P256);
        failsWith(Kind.KEY_NOT_FOUND, () -> open(p256.replace("/cryptoKeyVersions/1", "/cryptoKeyVersions/9")),
                "NOT_FOUND");
        failsWith(Kind.KEY_DISABLED, () -> open(kms.add("EC_SIGN_P256_SHA256",
                CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), "DISABLED")), "not enabled");
        failsWith(Kind.WRONG_KEY_TYPE, () -> open(kms.add("RSA_SIGN_PKCS1_2048_SHA256",
                CloudTestKeys.generate(SignatureAlgorithm.RSA_2048), "ENABLED")), "RSA_SIGN_PKCS1_2048_SHA256");
        String denied = kms.add("EC_SIGN_P256_SHA256", CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), "ENABLED");
        kms.deny(denied);
        failsWith(Kind.AUTH, () -> open(denied), "PERMISSION_DENIED");
        try (GcpKmsFake other = new GcpKmsFake(ca)) {
            // A service account another server issued: its token endpoint refuses the assertion.
            Path foreign = other.serviceAccountFile(dir);
            java.nio.file.Files.writeString(foreign, java.nio.file.Files.readString(foreign)
                    .replace(other.uri().toString(), kms.uri().toString()));
            failsWith(Kind.AUTH, () -> open(p256, Map.of("credentialsFile", foreign.toString())), "invalid_grant");
        }
        RemoteSessions.closeAll();
        failsWith(Kind.TLS, () -> open(p256, Map.of("caBundle", "")), "not signed by a trusted CA");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        failsWith(Kind.UNREACHABLE, () -> open(p256, Map.of("endpoint", "https://127.0.0.1:" + closed)), "refused");
        try (ImageSigner signer = open(p256)) {
            kms.corruptSignatureCrc(true);
            failsWith(Kind.MALFORMED_RESPONSE, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "signatureCrc32c");
            kms.corruptSignatureCrc(false);
            kms.corruptSignature(true);
            failsWith(Kind.SIGNATURE_INVALID, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "nothing was written");
            kms.corruptSignature(false);
            Answer busy = new Answer(503, Map.of("Retry-After", "0"), "{\"error\":{\"code\":503,\"status\":"
                    + "\"UNAVAILABLE\",\"message\":\"busy\"}}");
            kms.answerNext(busy, busy, busy);
            failsWith(Kind.RATE_LIMITED, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "after 2 retries");
            kms.answerNext(Answer.json(200, "{\"signature\":\"AAAA\",\"signatureCrc32c\":\"1\"}"));
            failsWith(Kind.MALFORMED_RESPONSE, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "verifiedDigestCrc32c is not true");
        }
    }

    @Test
    void keyReferenceAndMalformedNames() {
        String name = "projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1";
        assertEquals(Map.of("keyVersion", name), new GcpKmsSignerBackend().fromKeyReference("gcpkms://" + name));
        SignerConfigException e = assertThrows(SignerConfigException.class, () -> open("projects/p/keys/k"));
        assertEquals("gcp-kms signer: <signer><keyVersion> must be projects/P/locations/L/keyRings/R/cryptoKeys/K/"
                + "cryptoKeyVersions/V, not 'projects/p/keys/k'", e.getMessage());
    }

    static Request lastSign() {
        List<Request> all = kms.requests();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).path().endsWith(":asymmetricSign")) {
                return all.get(i);
            }
        }
        throw new AssertionError("no asymmetricSign");
    }

    static void failsWith(Kind kind, Runnable action, String detail) {
        SignerException e = assertThrows(SignerException.class, action::run);
        String m = e.getMessage();
        assertTrue(e instanceof RemoteSignerException r && r.kind() == kind, kind + " expected: " + m);
        assertTrue(m.startsWith("gcp-kms signer, key version projects/"), m);
        assertTrue(m.contains("credentials file "), "names the credential source: " + m);
        assertTrue(m.contains(detail), detail + " expected in: " + m);
        assertFalse(m.contains("\n") || m.contains("ya29.") || m.contains("PRIVATE KEY"), m);
    }
}
