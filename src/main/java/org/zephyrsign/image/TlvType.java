package org.zephyrsign.image;

import java.util.Map;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.SignatureAlgorithm;

/**
 * TLV type numbers from MCUboot's {@code image.h}, named as imgtool names them, and which TLV
 * carries which hash, signature and key exchange: the crypto layer knows algorithms, only the image
 * format knows where they go.
 */
public final class TlvType {
    public static final int KEYHASH = 0x01;
    public static final int PUBKEY = 0x02;
    public static final int SHA256 = 0x10;
    public static final int SHA384 = 0x11;
    public static final int SHA512 = 0x12;
    public static final int RSA2048 = 0x20;
    public static final int ECDSASIG = 0x22;
    public static final int RSA3072 = 0x23;
    public static final int ED25519 = 0x24;
    public static final int SIG_PURE = 0x25;
    public static final int ENCRSA2048 = 0x30;
    public static final int ENCKW = 0x31;
    public static final int ENCEC256 = 0x32;
    public static final int ENCX25519 = 0x33;
    public static final int ENCX25519_SHA512 = 0x34;
    public static final int DEPENDENCY = 0x40;
    public static final int SEC_CNT = 0x50;
    public static final int BOOT_RECORD = 0x60;
    public static final int DECOMP_SIZE = 0x70;
    public static final int DECOMP_SHA = 0x71;
    public static final int DECOMP_SIGNATURE = 0x72;
    /** The compressed payload's length before the AES padding, in encrypted compressed images. */
    public static final int COMP_DEC_SIZE = 0x73;
    public static final int UUID_VID = 0x74;
    public static final int UUID_CID = 0x75;

    /** Vendor range for custom TLVs, as imgtool enforces it. */
    public static final int VENDOR_MIN = 0x00a0;
    public static final int VENDOR_MAX = 0xfffe;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(KEYHASH, "KEYHASH"), Map.entry(PUBKEY, "PUBKEY"), Map.entry(SHA256, "SHA256"),
            Map.entry(SHA384, "SHA384"), Map.entry(SHA512, "SHA512"), Map.entry(RSA2048, "RSA2048"),
            Map.entry(ECDSASIG, "ECDSASIG"), Map.entry(RSA3072, "RSA3072"), Map.entry(ED25519, "ED25519"),
            Map.entry(SIG_PURE, "SIG_PURE"), Map.entry(ENCRSA2048, "ENCRSA2048"), Map.entry(ENCKW, "ENCKW"),
            Map.entry(ENCEC256, "ENCEC256"), Map.entry(ENCX25519, "ENCX25519"),
            Map.entry(ENCX25519_SHA512, "ENCX25519_SHA512"), Map.entry(DEPENDENCY, "DEPENDENCY"),
            Map.entry(SEC_CNT, "SEC_CNT"), Map.entry(BOOT_RECORD, "BOOT_RECORD"),
            Map.entry(DECOMP_SIZE, "DECOMP_SIZE"), Map.entry(DECOMP_SHA, "DECOMP_SHA"),
            Map.entry(DECOMP_SIGNATURE, "DECOMP_SIGNATURE"), Map.entry(COMP_DEC_SIZE, "COMP_DEC_SIZE"),
            Map.entry(UUID_VID, "UUID_VID"),
            Map.entry(UUID_CID, "UUID_CID"));

    private TlvType() {
    }

    /** The TLV holding an image digest made with {@code hash}. */
    public static int hash(HashAlgorithm hash) {
        return switch (hash) {
            case SHA256 -> SHA256;
            case SHA384 -> SHA384;
            case SHA512 -> SHA512;
        };
    }

    /** The hash a hash TLV holds, or null when {@code type} is not a hash TLV. */
    public static HashAlgorithm hashAlgorithm(int type) {
        return switch (type) {
            case SHA256 -> HashAlgorithm.SHA256;
            case SHA384 -> HashAlgorithm.SHA384;
            case SHA512 -> HashAlgorithm.SHA512;
            default -> null;
        };
    }

    /** The TLV a signature of this scheme goes in (both ECDSA curves share ECDSASIG). */
    public static int signature(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ED25519 -> ED25519;
            case ECDSA_P256, ECDSA_P384 -> ECDSASIG;
            case RSA_2048 -> RSA2048;
            case RSA_3072 -> RSA3072;
        };
    }

    public static boolean isSignature(int type) {
        return type == ED25519 || type == ECDSASIG || type == RSA2048 || type == RSA3072;
    }

    /** The TLV the AES key wrapped for this device key goes in. */
    public static int keyExchange(EncryptionKey.Kind kind, boolean hmacSha512) {
        return switch (kind) {
            case RSA2048 -> ENCRSA2048;
            case EC256 -> ENCEC256;
            case X25519 -> hmacSha512 ? ENCX25519_SHA512 : ENCX25519;
        };
    }

    public static boolean isPredefined(int type) {
        return NAMES.containsKey(type);
    }

    /** imgtool's name for a type, "UNKNOWN" for custom ones. */
    public static String name(int type) {
        return NAMES.getOrDefault(type, "UNKNOWN");
    }
}
