package org.zephyrsign.image;

import java.util.Map;

/** TLV type numbers from MCUboot's {@code image.h}, named as imgtool names them. */
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
            Map.entry(DECOMP_SIGNATURE, "DECOMP_SIGNATURE"), Map.entry(UUID_VID, "UUID_VID"),
            Map.entry(UUID_CID, "UUID_CID"));

    private TlvType() {
    }

    public static boolean isPredefined(int type) {
        return NAMES.containsKey(type);
    }

    /** imgtool's name for a type, "UNKNOWN" for custom ones. */
    public static String name(int type) {
        return NAMES.getOrDefault(type, "UNKNOWN");
    }
}
