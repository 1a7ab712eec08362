package org.zephyrsign.image;

/**
 * The swap trailer at the end of a slot ({@code --pad}, {@code --confirm}, {@code --test}):
 * swap status, encryption key slots, swap size/info, copy_done, image_ok and the boot magic.
 * Sizes follow MCUboot's {@code boot_trailer_sz()} as imgtool computes them.
 */
public final class Trailer {
    static final int MAGIC_SIZE = 16;
    private static final byte[] BOOT_MAGIC = {
        0x77, (byte) 0xc2, (byte) 0x95, (byte) 0xf3, 0x60, (byte) 0xd2, (byte) 0xef, 0x7f,
        0x35, 0x52, 0x50, 0x0f, 0x2c, (byte) 0xb6, 0x79, (byte) 0x80};
    /** The magic for max-align other than 8: the max-align (u16) then these 14 bytes. */
    private static final byte[] BOOT_MAGIC_TAIL = {
        0x2d, (byte) 0xe1, 0x5d, 0x29, 0x41, 0x0b, (byte) 0x8d, 0x77, 0x67, (byte) 0x9c, 0x11, 0x0f, 0x1f, (byte) 0x8a};

    private Trailer() {
    }

    /** The max-align a trailer's boot magic encodes, or null when it is not a boot magic. */
    static Integer maxAlignOf(byte[] magic) {
        if (magic.length != MAGIC_SIZE) {
            return null;
        }
        if (java.util.Arrays.equals(magic, BOOT_MAGIC)) {
            return ImageSettings.DEFAULT_MAX_ALIGN;
        }
        if (java.util.Arrays.equals(magic, 2, MAGIC_SIZE, BOOT_MAGIC_TAIL, 0, BOOT_MAGIC_TAIL.length)) {
            return (magic[0] & 0xff) | (magic[1] & 0xff) << 8;
        }
        return null;
    }

    static int alignUp(int n, int align) {
        return (n + align - 1) & -align;
    }

    /**
     * @param encryptionTlvLength the key-exchange TLV's length, or -1 when the image is not encrypted
     * @param saveEncTlv whether the bootloader saves the whole key TLV (BOOT_SWAP_SAVE_ENCTLV)
     */
    public static int size(ImageSettings s, int encryptionTlvLength, boolean saveEncTlv) {
        int magicArea = alignUp(MAGIC_SIZE, s.maxAlign());
        if (s.overwriteOnly()) {
            return s.maxAlign() * 2 + magicArea;
        }
        int size = s.maxSectors() * 3 * s.align();
        if (encryptionTlvLength >= 0) {
            int keySlot = saveEncTlv ? alignUp(encryptionTlvLength, s.maxAlign()) : alignUp(16, s.maxAlign());
            size += 2 * keySlot;
        }
        return size + s.maxAlign() * 4 + magicArea;
    }

    public static byte[] bootMagic(ImageSettings s) {
        if (s.maxAlign() == ImageSettings.DEFAULT_MAX_ALIGN) {
            return BOOT_MAGIC.clone();
        }
        byte[] m = new byte[MAGIC_SIZE];
        s.endian().putU16(m, 0, s.maxAlign());
        System.arraycopy(BOOT_MAGIC_TAIL, 0, m, 2, BOOT_MAGIC_TAIL.length);
        return m;
    }

    /** Offset of image_ok counted back from the end of the slot; 0 when it is not written. */
    static int imageOkFromEnd(ImageSettings s) {
        return s.confirm() && !s.overwriteOnly() ? alignUp(MAGIC_SIZE, s.maxAlign()) + s.maxAlign() : 0;
    }

    /**
     * The last bytes of the slot that differ from erased flash: the image_ok flag slot (when
     * confirmed) up to the end, erased bytes between. imgtool's HEX output holds only these.
     */
    static byte[] tail(ImageSettings s) {
        int okFromEnd = imageOkFromEnd(s);
        byte[] tail = new byte[Math.max(okFromEnd, MAGIC_SIZE)];
        java.util.Arrays.fill(tail, (byte) s.erasedValue());
        byte[] magic = bootMagic(s);
        System.arraycopy(magic, 0, tail, tail.length - MAGIC_SIZE, MAGIC_SIZE);
        if (okFromEnd > 0) {
            tail[tail.length - okFromEnd] = 0x01;
        }
        return tail;
    }
}
