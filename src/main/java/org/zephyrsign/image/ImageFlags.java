package org.zephyrsign.image;

import java.util.LinkedHashMap;
import java.util.Map;

/** Header flag bits, named as imgtool names them. */
public final class ImageFlags {
    public static final int PIC = 0x1;
    public static final int ENCRYPTED_AES128 = 0x4;
    public static final int ENCRYPTED_AES256 = 0x8;
    public static final int NON_BOOTABLE = 0x10;
    public static final int RAM_LOAD = 0x20;
    public static final int ROM_FIXED = 0x100;
    public static final int COMPRESSED_LZMA1 = 0x200;
    public static final int COMPRESSED_LZMA2 = 0x400;
    public static final int COMPRESSED_ARM_THUMB = 0x800;

    /** In imgtool's order, for dumps. */
    public static final Map<String, Integer> NAMES;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("PIC", PIC);
        m.put("ENCRYPTED_AES128", ENCRYPTED_AES128);
        m.put("ENCRYPTED_AES256", ENCRYPTED_AES256);
        m.put("NON_BOOTABLE", NON_BOOTABLE);
        m.put("RAM_LOAD", RAM_LOAD);
        m.put("ROM_FIXED", ROM_FIXED);
        m.put("COMPRESSED_LZMA1", COMPRESSED_LZMA1);
        m.put("COMPRESSED_LZMA2", COMPRESSED_LZMA2);
        m.put("COMPRESSED_ARM_THUMB", COMPRESSED_ARM_THUMB);
        NAMES = java.util.Collections.unmodifiableMap(m);
    }

    private ImageFlags() {
    }

    /** Any compression flag, valid combination or not (the verifier says which is wrong). */
    public static boolean isCompressed(long flags) {
        return (flags & (COMPRESSED_LZMA1 | COMPRESSED_LZMA2 | COMPRESSED_ARM_THUMB)) != 0;
    }

    public static boolean isEncrypted(long flags) {
        return (flags & (ENCRYPTED_AES128 | ENCRYPTED_AES256)) != 0;
    }
}
