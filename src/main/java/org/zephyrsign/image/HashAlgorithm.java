package org.zephyrsign.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The image hash algorithms MCUboot knows, with their TLV type. */
public enum HashAlgorithm {
    SHA256("SHA-256", TlvType.SHA256, 32),
    SHA384("SHA-384", TlvType.SHA384, 48),
    SHA512("SHA-512", TlvType.SHA512, 64);

    private final String jcaName;
    private final int tlvType;
    private final int length;

    HashAlgorithm(String jcaName, int tlvType, int length) {
        this.jcaName = jcaName;
        this.tlvType = tlvType;
        this.length = length;
    }

    public int tlvType() {
        return tlvType;
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

    public static HashAlgorithm ofBits(int bits) {
        for (HashAlgorithm h : values()) {
            if (h.bits() == bits) {
                return h;
            }
        }
        throw new InvalidOptionException(ImageOption.SHA, "'" + bits + "' is not one of auto, 256, 384, 512");
    }

    public static HashAlgorithm ofTlvType(int type) {
        for (HashAlgorithm h : values()) {
            if (h.tlvType == type) {
                return h;
            }
        }
        return null;
    }
}
