package org.zephyrsign.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The common Ed25519 key file, read without a PEM or ASN.1 parser and signed with Bouncy Castle's
 * Ed25519 directly: a command-line run then loads Bouncy Castle's Ed25519 arithmetic and nothing
 * else of it (no PEM parser, ASN.1 registry or key-parameter classes). Measured in fresh JVMs with
 * class-data sharing, that is some 8 ms less than the JDK's own Ed25519 (whose provider also has
 * to be set up), and once warm Bouncy Castle signs and verifies 10-15 times faster. Ed25519 is
 * deterministic (RFC 8032): the signatures are the bytes every implementation makes.
 */
public final class Ed25519Pem {
    /** An unencrypted PKCS#8 Ed25519 private key, as imgtool and OpenSSL write it: this, then the seed. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    /** Larger than any key file of this simple form; bigger files are left to {@link PemKeys}. */
    private static final int MAX_FILE = 4096;

    private final byte[] seed;
    private final byte[] publicKey;
    private final McubootPublicKey mcubootKey;

    private Ed25519Pem(byte[] seed, byte[] publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
        byte[] spki = Arrays.copyOf(McubootPublicKey.ED25519_SPKI_PREFIX, McubootPublicKey.ED25519_SPKI_PREFIX.length
                + publicKey.length);
        System.arraycopy(publicKey, 0, spki, McubootPublicKey.ED25519_SPKI_PREFIX.length, publicKey.length);
        this.mcubootKey = McubootPublicKey.ed25519(spki);
    }

    /**
     * The key of a PEM file that holds exactly one unencrypted PKCS#8 Ed25519 private key and nothing
     * else; null for every other file, which {@link PemKeys} then reads (and judges) as before.
     */
    public static Ed25519Pem read(Path file) {
        byte[] seed = seed(file);
        if (seed == null) {
            return null;
        }
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return new Ed25519Pem(seed, publicKey);
    }

    private static byte[] seed(Path file) {
        byte[] der;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                return null;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
            if (!text.startsWith(BEGIN) || !text.endsWith(END)
                    || text.indexOf("-----", BEGIN.length()) != text.length() - END.length()) {
                return null;
            }
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        if (der.length != PKCS8_PREFIX.length + Ed25519.SECRET_KEY_SIZE
                || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            return null;
        }
        return Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
    }

    public McubootPublicKey publicKey() {
        return mcubootKey;
    }

    /** Signs {@code message} (the image digest, or for pure Ed25519 the image). */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether {@code signature} is {@code key}'s over {@code message}: RFC 8032's check, as Ed25519Signer makes it. */
    static boolean verify(McubootPublicKey key, byte[] message, byte[] signature) {
        return signature.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(signature, 0, key.ed25519PublicKey(), 0, message, 0, message.length);
    }
}
