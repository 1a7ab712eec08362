package org.zephyrsign.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash algorithms MCUboot uses for image digests and key hashes. */
public enum HashAlgorithm {
    SHA256("SHA-256", 32),
    SHA384("SHA-384", 48),
    SHA512("SHA-512", 64);

    private final String jcaName;
    private final int length;

    HashAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    public int length() {
        return length;
    }

    /** imgtool's {@code --sha} value: 256, 384 or 512. */
    public int bits() {
        return length * 8;
    }

    /** The name the boot record's measurement description carries ("SHA256"). */
    public String recordName() {
        return name();
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from this JDK", e);
        }
    }

    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    /** The algorithm of this many bits, or null when MCUboot has none. */
    public static HashAlgorithm ofBits(int bits) {
        for (HashAlgorithm h : values()) {
            if (h.bits() == bits) {
                return h;
            }
        }
        return null;
    }
}
