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
 * The JDK signs and verifies Ed25519 for the common PEM form with exactly Bouncy Castle's results
 * (Ed25519 is deterministic), and leaves every other key file to {@link PemKeys}.
 */
class JdkEd25519Test {
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
        JdkEd25519.KeyPair pair = JdkEd25519.readPrivateKey(pem);
        assertNotNull(pair);
        McubootPublicKey bc = PemKeys.publicKey(pem);
        assertEquals(bc, pair.publicKey());
        assertArrayEquals(bc.mcubootEncoding(), pair.publicKey().mcubootEncoding());
        assertEquals(bc.toString(), pair.publicKey().toString());
        assertEquals(bc.pem(), pair.publicKey().pem());
        for (byte[] message : new byte[][] {new byte[0], new byte[32], "an image digest".getBytes(StandardCharsets.UTF_8),
            new byte[100_000]}) {
            byte[] ours = JdkEd25519.sign(pair.privateKey(), message);
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
        assertNull(JdkEd25519.readPrivateKey(Vectors.path("keys/ed25519.pub.pem")));
        assertNull(JdkEd25519.readPrivateKey(Vectors.path("keys/ecdsa-p256.pem")));
        assertNull(JdkEd25519.readPrivateKey(Vectors.path("keys/rsa-2048.pem")));
        assertNull(JdkEd25519.readPrivateKey(Files.writeString(tmp.resolve("two.pem"), text + text)));
        assertNull(JdkEd25519.readPrivateKey(Files.writeString(tmp.resolve("preamble.pem"), "a key:\n" + text)));
        assertNull(JdkEd25519.readPrivateKey(Files.writeString(tmp.resolve("garbled.pem"),
                text.replace("MC4CAQAw", "MC4CAQA*"))));
        assertNull(JdkEd25519.readPrivateKey(Files.writeString(tmp.resolve("short.pem"),
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")));
        assertNull(JdkEd25519.readPrivateKey(tmp.resolve("missing.pem")));
        assertNull(JdkEd25519.readPrivateKey(tmp));
        byte[] big = new byte[8192];
        Arrays.fill(big, (byte) ' ');
        Files.write(tmp.resolve("big.pem"), (new String(big, StandardCharsets.US_ASCII) + text).getBytes());
        assertNull(JdkEd25519.readPrivateKey(tmp.resolve("big.pem")));
        // The same key with other line breaks is still the simple form.
        assertNotNull(JdkEd25519.readPrivateKey(Files.writeString(tmp.resolve("crlf.pem"), text.replace("\n", "\r\n"))));
    }
}
