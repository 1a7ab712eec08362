package org.zephyrsign.imageset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.vectors.Vectors;

class PublicKeyCacheTest {
    @TempDir
    Path tmp;

    @Test
    void aKeyIsKeptPerIdentityAndTheSignersNewAnswerReplacesIt() {
        PublicKeyCache cache = new PublicKeyCache(tmp.resolve("sign-state"));
        McubootPublicKey p256 = PemKeys.publicKey(Vectors.path("keys/ecdsa-p256.pub.pem"));
        McubootPublicKey ed = PemKeys.publicKey(Vectors.path("keys/ed25519.pub.pem"));
        assertEquals(Optional.empty(), cache.get("pkcs11, token firmware, key label fw"));
        cache.put("pkcs11, token firmware, key label fw", p256);
        assertEquals(Optional.of(p256), cache.get("pkcs11, token firmware, key label fw"));
        assertEquals(Optional.empty(), cache.get("pkcs11, token firmware, key label other"));
        assertNotEquals(cache.file("a"), cache.file("b"));
        cache.put("pkcs11, token firmware, key label fw", ed);
        assertEquals(Optional.of(ed), cache.get("pkcs11, token firmware, key label fw"));
    }

    @Test
    void anUnreadableRecordMeansAskingTheSignerAgain() throws Exception {
        PublicKeyCache cache = new PublicKeyCache(tmp);
        Files.writeString(cache.file("id"), "not a key");
        assertTrue(cache.get("id").isEmpty());
    }
}
