package org.zephyrsign.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 through the JDK's own provider, so that signing with an Ed25519 PEM key, the common
 * development case, and verifying any Ed25519 signature need no Bouncy Castle: a command-line run
 * then neither loads nor initializes it. Ed25519 is deterministic (RFC 8032), so the signatures are
 * the bytes Bouncy Castle and imgtool produce.
 */
public final class JdkEd25519 {
    /** An unencrypted PKCS#8 Ed25519 private key, as imgtool and OpenSSL write it: this, then the seed. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    /** Larger than any key file of this simple form; bigger files are left to {@link PemKeys}. */
    private static final int MAX_FILE = 4096;

    /** A private key and its public half. */
    public record KeyPair(PrivateKey privateKey, McubootPublicKey publicKey) {
    }

    private JdkEd25519() {
    }

    /**
     * The key pair of a PEM file that holds exactly one unencrypted PKCS#8 Ed25519 private key and
     * nothing else; null for every other file, which {@link PemKeys} then reads (and judges) as before.
     */
    public static KeyPair readPrivateKey(Path file) {
        byte[] pem = read(file);
        if (pem == null) {
            return null;
        }
        return derive(pem);
    }

    /** The file's bytes when it is small enough to be a key of the simple form, else null. */
    private static byte[] read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static KeyPair derive(byte[] pem) {
        byte[] seed = seed(pem);
        if (seed == null) {
            return null;
        }
        try {
            // The JDK derives a key pair from the 32 random bytes it asks for: hand it the seed.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
            java.security.KeyPair pair = generator.generateKeyPair();
            return new KeyPair(pair.getPrivate(), McubootPublicKey.ed25519(pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null; // a JDK without Ed25519, or one that draws its randomness differently
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static byte[] seed(byte[] pem) {
        byte[] der;
        try {
            String text = new String(pem, StandardCharsets.US_ASCII).strip();
            if (!text.startsWith(BEGIN) || !text.endsWith(END)
                    || text.indexOf("-----", BEGIN.length()) != text.length() - END.length()) {
                return null;
            }
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (der.length != PKCS8_PREFIX.length + 32
                || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            return null;
        }
        return Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
    }

    /** Signs {@code message} (the image digest, or for pure Ed25519 the image). */
    public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    /** Whether {@code signature} is {@code key}'s over {@code message}; false for any malformed part. */
    static boolean verify(McubootPublicKey key, byte[] message, byte[] signature) {
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key.jdkPublicKey());
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a signature or key that does not decode does not verify
        }
    }

    /** Hands out the seed as the "random" bytes of key generation. */
    private static final class FixedSeed extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        FixedSeed(byte[] seed) {
            super(null, null); // no system generator behind it: nothing to seed from the OS
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("the JDK asked for other random bytes than the key's seed");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
            Arrays.fill(seed, (byte) 0);
        }
    }
}
