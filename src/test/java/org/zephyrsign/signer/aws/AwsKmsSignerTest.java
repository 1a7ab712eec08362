package org.zephyrsign.signer.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
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
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerConfig;
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

/** The aws-kms signer against {@link AwsKmsFake}: every algorithm, the key reference, each failure, retries. */
class AwsKmsSignerTest {
    static final String REGION = "eu-west-1";
    static final String ACCESS_KEY = "AKIAZEPHYRTEST000001";
    static final String SECRET = "zephyr/test/secret/+never+in+a+message/0123456";

    @TempDir
    static Path dir;
    static TestCa ca;
    static AwsKmsFake kms;
    static final Map<SignatureAlgorithm, String> ARNS = new HashMap<>();

    @BeforeAll
    static void start() {
        // The SDK's chain reads these first; instance metadata is never asked (no address but 127.0.0.1).
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        ca = TestCa.create(dir, "aws-kms-test");
        kms = new AwsKmsFake(ca, REGION, ACCESS_KEY, SECRET);
        ARNS.put(SignatureAlgorithm.ECDSA_P256, kms.add("ECC_NIST_P256", "SIGN_VERIFY",
                CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), true));
        ARNS.put(SignatureAlgorithm.ECDSA_P384, kms.add("ECC_NIST_P384", "SIGN_VERIFY",
                CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P384), true));
        ARNS.put(SignatureAlgorithm.RSA_2048, kms.add("RSA_2048", "SIGN_VERIFY",
                CloudTestKeys.generate(SignatureAlgorithm.RSA_2048), true));
        ARNS.put(SignatureAlgorithm.RSA_3072, kms.add("RSA_3072", "SIGN_VERIFY",
                CloudTestKeys.generate(SignatureAlgorithm.RSA_3072), true));
        ARNS.put(SignatureAlgorithm.ED25519, kms.add("ECC_NIST_EDWARDS25519", "SIGN_VERIFY",
                CloudTestKeys.generate(SignatureAlgorithm.ED25519), true));
        kms.alias("firmware", ARNS.get(SignatureAlgorithm.ECDSA_P256));
    }

    @AfterAll
    static void stop() {
        kms.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @AfterEach
    void endBuild() {
        RemoteSessions.closeAll();
        kms.corruptSignatures(false);
        System.setProperty("aws.secretAccessKey", SECRET);
    }

    static SignerConfig config(String keyId, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("keyId", keyId, "endpoint", kms.uri().toString(),
                "caBundle", ca.caPem().toString(), "retries", "2"));
        p.putAll(extra);
        return CloudTestKeys.config(new AwsKmsSignerBackend(), p, Map.of("AWS_REGION", REGION), dir);
    }

    static ImageSigner open(String keyId) {
        return new AwsKmsSignerBackend().open(config(keyId, Map.of()), SignerLog.NONE);
    }

    @Test
    void signsWithEveryKeyTypeMcubootVerifies() {
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            try (ImageSigner signer = open(ARNS.get(alg))) {
                assertEquals(alg, signer.publicKey().algorithm());
                assertArrayEquals(kms.key(ARNS.get(alg)).pair().getPublic().getEncoded(),
                        signer.publicKey().subjectPublicKeyInfo().getEncoded("DER").clone());
                SigningRequest request = CloudTestKeys.request(alg);
                byte[] tlv = signer.sign(request);
                assertTrue(SignatureVerifier.verify(signer.publicKey(), request.message(), tlv), alg.name());
                Request sign = last("Sign");
                assertTrue(sign.body().contains(alg == SignatureAlgorithm.ED25519 ? "\"MessageType\":\"RAW\""
                        : "\"MessageType\":\"DIGEST\""), sign.body());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void algorithmsAsKmsNamesThem() {
        Map<SignatureAlgorithm, String> expected = Map.of(SignatureAlgorithm.ECDSA_P256, "ECDSA_SHA_256",
                SignatureAlgorithm.ECDSA_P384, "ECDSA_SHA_384", SignatureAlgorithm.RSA_2048, "RSASSA_PSS_SHA_256",
                SignatureAlgorithm.RSA_3072, "RSASSA_PSS_SHA_256", SignatureAlgorithm.ED25519, "ED25519_SHA_512");
        expected.forEach((alg, name) -> {
            try (ImageSigner signer = open(ARNS.get(alg))) {
                signer.sign(CloudTestKeys.request(alg));
                assertTrue(last("Sign").body().contains("\"SigningAlgorithm\":\"" + name + "\""));
            }
        });
    }

    @Test
    void aliasAndAliasArnAndKeyReference() {
        try (ImageSigner signer = open("alias/firmware")) {
            assertEquals(SignatureAlgorithm.ECDSA_P256, signer.publicKey().algorithm());
            signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256));
        }
        String aliasArn = "arn:aws:kms:" + REGION + ":" + AwsKmsFake.ACCOUNT + ":alias/firmware";
        try (ImageSigner signer = open(aliasArn)) {
            assertEquals(SignatureAlgorithm.ECDSA_P256, signer.publicKey().algorithm());
        }
        assertEquals(Map.of("keyId", "alias/firmware"), new AwsKmsSignerBackend().fromKeyReference("awskms:alias/firmware"));
        assertNull(new AwsKmsSignerBackend().fromKeyReference("gcpkms://projects/p"));
        assertEquals("aws-kms", SignerBackends.of("aws-kms").type());
    }

    @Test
    void pureEd25519WithinKmsRawLimitOnly() {
        try (ImageSigner signer = open(ARNS.get(SignatureAlgorithm.ED25519))) {
            SigningRequest small = CloudTestKeys.request(SignatureAlgorithm.ED25519, 4096);
            assertTrue(SignatureVerifier.verify(signer.publicKey(), small.message(), signer.sign(small)));
            RemoteSignerException e = assertThrows(RemoteSignerException.class,
                    () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ED25519, 4097)));
            assertEquals(Kind.WRONG_KEY_TYPE, e.kind());
            assertTrue(e.getMessage().contains("at most 4096 bytes"), e.getMessage());
        }
    }

    @Test
    void retriesA429HonouringRetryAfter() {
        try (ImageSigner signer = open(ARNS.get(SignatureAlgorithm.ECDSA_P256))) {
            int before = kms.requests().size();
            kms.answerNext(new Answer(429, Map.of("Retry-After", "1"), "{\"__type\":\"ThrottlingException\"}"));
            SigningRequest r = CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256);
            assertTrue(SignatureVerifier.verify(signer.publicKey(), r.message(), signer.sign(r)));
            assertEquals(before + 2, kms.requests().size());
        }
    }

    @Test
    void rateLimitedAfterTheRetries() {
        try (ImageSigner signer = open(ARNS.get(SignatureAlgorithm.ECDSA_P256))) {
            Answer busy = new Answer(503, Map.of("Retry-After", "0"), "{\"__type\":\"ServiceUnavailableException\"}");
            kms.answerNext(busy, busy, busy);
            failsWith(Kind.RATE_LIMITED, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "after 2 retries");
        }
    }

    @Test
    void eachFailureIsOneLineNamingBackendKeyAndCredentialSource() throws Exception {
        String p256 = ARNS.get(SignatureAlgorithm.ECDSA_P256);
        failsWith(Kind.KEY_NOT_FOUND, () -> open("alias/no-such-key"), "NotFoundException");
        String disabled = kms.add("ECC_NIST_P256", "SIGN_VERIFY", CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256),
                false);
        failsWith(Kind.KEY_DISABLED, () -> open(disabled), "is disabled");
        String encryption = kms.add("RSA_2048", "ENCRYPT_DECRYPT", CloudTestKeys.generate(SignatureAlgorithm.RSA_2048),
                true);
        failsWith(Kind.WRONG_KEY_TYPE, () -> open(encryption), "key usage is ENCRYPT_DECRYPT");
        KeyPair p521 = CloudTestKeys.generateP521();
        failsWith(Kind.WRONG_KEY_TYPE, () -> open(kms.add("ECC_NIST_P521", "SIGN_VERIFY", p521, true)),
                "key spec is ECC_NIST_P521");
        String denied = kms.add("ECC_NIST_P256", "SIGN_VERIFY", CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256),
                true);
        kms.deny(denied);
        failsWith(Kind.AUTH, () -> open(denied), "AccessDeniedException");

        System.setProperty("aws.secretAccessKey", "wrong" + SECRET);
        failsWith(Kind.AUTH, () -> open(p256), "InvalidSignatureException");
        System.setProperty("aws.secretAccessKey", SECRET);

        failsWith(Kind.TLS, () -> new AwsKmsSignerBackend().open(CloudTestKeys.config(new AwsKmsSignerBackend(),
                Map.of("keyId", p256, "endpoint", kms.uri().toString()), Map.of(), dir), SignerLog.NONE),
                "not signed by a trusted CA");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        failsWith(Kind.UNREACHABLE, () -> open(p256, Map.of("endpoint", "https://127.0.0.1:" + closed)), "refused");

        try (ImageSigner signer = open(p256)) {
            kms.corruptSignatures(true);
            failsWith(Kind.SIGNATURE_INVALID, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "nothing was written");
            kms.corruptSignatures(false);
            kms.answerNext(Answer.json(200, "{\"KeyId\":\"x\",\"Signature\":\"%%%\"}"));
            failsWith(Kind.MALFORMED_RESPONSE, () -> signer.sign(CloudTestKeys.request(SignatureAlgorithm.ECDSA_P256)),
                    "Signature is not base64");
        }
    }

    @Test
    void noCredentialsNamesTheChainAndWhatToSet() {
        System.clearProperty("aws.accessKeyId");
        try {
            failsWith(Kind.AUTH, () -> open(ARNS.get(SignatureAlgorithm.ECDSA_P256)), "AWS_WEB_IDENTITY_TOKEN_FILE");
        } finally {
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
        }
    }

    @Test
    void regionFromTheArnAndEndpointFromTheSdkVariable() {
        SignerConfig c = CloudTestKeys.config(new AwsKmsSignerBackend(), Map.of("keyId",
                "arn:aws:kms:us-east-2:1:key/k"), Map.of(), dir);
        assertEquals("us-east-2", AwsKmsSigner.region(c, "arn:aws:kms:us-east-2:1:key/k"));
        assertEquals("https://kms.us-east-2.amazonaws.com", AwsKmsSigner.endpoint(c, "us-east-2").toString());
        SignerConfig env = CloudTestKeys.config(new AwsKmsSignerBackend(), Map.of("keyId", "alias/x"),
                Map.of("AWS_ENDPOINT_URL_KMS", "https://kms-fips.us-east-2.amazonaws.com", "AWS_REGION", "us-east-2"), dir);
        assertEquals("https://kms-fips.us-east-2.amazonaws.com", AwsKmsSigner.endpoint(env, "us-east-2").toString());
        SignerConfig plain = CloudTestKeys.config(new AwsKmsSignerBackend(), Map.of("keyId", "alias/x", "endpoint",
                "http://127.0.0.1:1"), Map.of(), dir);
        SignerConfigException e = assertThrows(SignerConfigException.class, () -> AwsKmsSigner.endpoint(plain, "x"));
        assertEquals("aws-kms signer: <signer><endpoint> must be an https:// URL, not 'http://127.0.0.1:1'",
                e.getMessage());
    }

    static ImageSigner open(String keyId, Map<String, String> extra) {
        return new AwsKmsSignerBackend().open(config(keyId, extra), SignerLog.NONE);
    }

    static Request last(String operation) {
        List<Request> all = kms.requests();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (("TrentService." + operation).equals(all.get(i).header("x-amz-target"))) {
                return all.get(i);
            }
        }
        throw new AssertionError("no " + operation);
    }

    static void failsWith(Kind kind, Runnable action, String detail) {
        SignerException e = assertThrows(SignerException.class, action::run);
        String m = e.getMessage();
        assertTrue(e instanceof RemoteSignerException r && r.kind() == kind, kind + " expected: " + m);
        assertTrue(m.startsWith("aws-kms signer, key '"), m);
        assertTrue(m.contains("AWS"), "names the credential source: " + m);
        assertTrue(m.contains(detail), detail + " expected in: " + m);
        assertFalse(m.contains("\n"), m);
        assertFalse(m.contains(SECRET), m);
    }
}
