package org.zephyrsign.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.vectors.Vectors;

/**
 * The common Ed25519 PEM form, read without a PEM parser, gives the key and signatures Bouncy
 * Castle's PEM and signer classes give (Ed25519 is deterministic); every other key file is left to
 * {@link PemKeys}.
 */
class Ed25519PemTest {
    @TempDir
    Path tmp;

    private final Path pem = Vectors.path("keys/ed25519.pem");

    private static byte[] bcSign(Path pem, byte[] message) throws Exception {
        Ed25519PrivateKeyParameters key = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(
                PemKeys.read(pem).privateKey());
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    @Test
    void sameKeyAndSignaturesAsBouncyCastle() throws Exception {
        Ed25519Pem pair = Ed25519Pem.read(pem);
        assertNotNull(pair);
        McubootPublicKey bc = PemKeys.publicKey(pem);
        assertEquals(bc, pair.publicKey());
        assertArrayEquals(bc.mcubootEncoding(), pair.publicKey().mcubootEncoding());
        assertEquals(bc.toString(), pair.publicKey().toString());
        assertEquals(bc.pem(), pair.publicKey().pem());
        for (byte[] message : new byte[][] {new byte[0], new byte[32], "an image digest".getBytes(StandardCharsets.UTF_8),
            new byte[100_000]}) {
            byte[] ours = pair.sign(message);
            assertArrayEquals(bcSign(pem, message), ours);
            assertTrue(SignatureVerifier.verify(pair.publicKey(), message, ours));
            assertTrue(SignatureVerifier.verify(bc, message, ours));
        }
    }

    @Test
    void aSignatureThatIsNotTheKeysOverTheMessageDoesNotVerify() throws Exception {
        McubootPublicKey key = PemKeys.publicKey(pem);
        byte[] message = new byte[32];
        byte[] signature = bcSign(pem, message);
        for (int bit = 0; bit < 512; bit += 37) {
            byte[] bad = signature.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(SignatureVerifier.verify(key, message, bad), "bit " + bit);
        }
        byte[] other = message.clone();
        other[0] = 1;
        assertFalse(SignatureVerifier.verify(key, other, signature));
        assertFalse(SignatureVerifier.verify(key, message, Arrays.copyOf(signature, 63)));
        assertFalse(SignatureVerifier.verify(key, message, Arrays.copyOf(signature, 65)));
        // S >= the group order: rejected, as RFC 8032 asks
        byte[] bigS = signature.clone();
        Arrays.fill(bigS, 32, 64, (byte) 0xff);
        assertFalse(SignatureVerifier.verify(key, message, bigS));
        // a key that is no curve point: does not verify, and does not throw
        McubootPublicKey noPoint = McubootPublicKey.ed25519(HexFormat.of().parseHex("302a300506032b6570032100"
                + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));
        assertFalse(SignatureVerifier.verify(noPoint, message, signature));
    }

    @Test
    void everyOtherKeyFileIsLeftToPemKeys() throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        assertNull(Ed25519Pem.read(Vectors.path("keys/ed25519.pub.pem")));
        assertNull(Ed25519Pem.read(Vectors.path("keys/ecdsa-p256.pem")));
        assertNull(Ed25519Pem.read(Vectors.path("keys/rsa-2048.pem")));
        assertNull(Ed25519Pem.read(Files.writeString(tmp.resolve("two.pem"), text + text)));
        assertNull(Ed25519Pem.read(Files.writeString(tmp.resolve("preamble.pem"), "a key:\n" + text)));
        assertNull(Ed25519Pem.read(Files.writeString(tmp.resolve("garbled.pem"),
                text.replace("MC4CAQAw", "MC4CAQA*"))));
        assertNull(Ed25519Pem.read(Files.writeString(tmp.resolve("short.pem"),
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")));
        assertNull(Ed25519Pem.read(tmp.resolve("missing.pem")));
        assertNull(Ed25519Pem.read(tmp));
        byte[] big = new byte[8192];
        Arrays.fill(big, (byte) ' ');
        Files.write(tmp.resolve("big.pem"), (new String(big, StandardCharsets.US_ASCII) + text).getBytes());
        assertNull(Ed25519Pem.read(tmp.resolve("big.pem")));
        // The same key with other line breaks is still the simple form.
        assertNotNull(Ed25519Pem.read(Files.writeString(tmp.resolve("crlf.pem"), text.replace("\n", "\r\n"))));
    }
}
