package org.zephyrsign.signer.remote;

import org.zephyrsign.Json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;

class JsonAndKeysTest {
    static final RemoteTarget T = new RemoteTarget("t", "key 'k'", null);

    @Test
    void parsesWhatServicesAnswer() {
        Map<String, Object> m = Json.parseObject("{\"data\":{\"keys\":{\"1\":{\"public_key\":\"a\\nb\\u00e9\"}},"
                + "\"n\":-1.5e2,\"ok\":true,\"x\":null,\"l\":[1,\"2\",[]]}}");
        assertEquals("a\nb\u00e9", Json.string(m, "data", "keys", "1", "public_key"));
        assertEquals(new BigDecimal("-1.5e2"), Json.at(m, "data", "n"));
        assertEquals(Boolean.TRUE, Json.at(m, "data", "ok"));
        assertEquals(List.of(new BigDecimal(1), "2", List.of()), Json.at(m, "data", "l"));
        assertEquals(null, Json.at(m, "data", "missing", "deeper"));
        for (String bad : new String[] {"", "{", "{\"a\":1,}", "[1] x", "{\"a\" 1}", "\"\\q\"", "{\"a\":1,\"a\":2}",
            "nul", "-", "[".repeat(100) + "]".repeat(100)}) {
            assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(Json.JsonException.class, () -> Json.parseObject("[]"));
    }

    @Test
    void writesCompactJson() {
        assertEquals("{\"input\":\"q+/=\",\"prehashed\":true,\"n\":3,\"s\":\"a\\\"\\\\\\n\\u0001\",\"l\":[null]}",
                Json.write(Json.object("input", "q+/=", "prehashed", true, "n", 3, "s", "a\"\\\n\u0001",
                        "l", java.util.Arrays.asList((Object) null))));
        assertEquals(Json.object("a", "b\u00e9"), Json.parse(Json.write(Json.object("a", "b\u00e9"))));
    }

    @Test
    void base64FormsAndFailures() {
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, RemoteKeys.base64(T, "sig", "+/8="));
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, RemoteKeys.base64Url(T, "sig", "-_8"));
        assertEquals("-_8", RemoteKeys.toBase64Url(new byte[] {(byte) 0xfb, (byte) 0xff}));
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> RemoteKeys.base64(T, "sig", "-_8"));
        assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
        assertEquals("t signer, key 'k': the service's answer is malformed (sig is not base64)", e.getMessage());
    }

    @Test
    void publicKeysAndVerification() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var kp = g.generateKeyPair();
        McubootPublicKey key = RemoteKeys.fromPem(T, TestCa.pem(kp.getPublic()));
        assertEquals(SignatureAlgorithm.ECDSA_P256, key.algorithm());
        byte[] digest = HashAlgorithm.SHA256.digest("image".getBytes());
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(kp.getPrivate());
        s.update(digest);
        byte[] der = s.sign();
        assertArrayEquals(der, RemoteKeys.verified(T, key, digest, der));
        byte[] raw = RemoteKeys.rawFromDer(SignatureAlgorithm.ECDSA_P256, der);
        assertEquals(64, raw.length);
        assertArrayEquals(der, RemoteKeys.verified(T, key, digest, raw), "raw r||s becomes DER");
        byte[] other = HashAlgorithm.SHA256.digest("other".getBytes());
        assertEquals(Kind.SIGNATURE_INVALID, assertThrows(RemoteSignerException.class,
                () -> RemoteKeys.verified(T, key, other, der)).kind());
        assertEquals(Kind.MALFORMED_RESPONSE, assertThrows(RemoteSignerException.class,
                () -> RemoteKeys.verified(T, key, digest, new byte[5])).kind());

        g.initialize(new ECGenParameterSpec("secp521r1"));
        String p521 = TestCa.pem(g.generateKeyPair().getPublic());
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> RemoteKeys.fromPem(T, p521));
        assertEquals(Kind.WRONG_KEY_TYPE, e.kind());
        assertTrue(e.getMessage().contains("secp521r1"), e.getMessage());
        assertEquals(Kind.MALFORMED_RESPONSE, assertThrows(RemoteSignerException.class,
                () -> RemoteKeys.fromPem(T, "garbage")).kind());
        byte[] edSpki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        McubootPublicKey ed = RemoteKeys.ed25519(T, java.util.Arrays.copyOfRange(edSpki, 12, 44));
        assertArrayEquals(edSpki, ed.mcubootEncoding());
        assertEquals(Kind.MALFORMED_RESPONSE, assertThrows(RemoteSignerException.class,
                () -> RemoteKeys.ed25519(T, new byte[31])).kind());
    }
}
