package org.zephyrsign.image;

import java.util.Arrays;
import java.util.List;

/**
 * The swap trailer at the end of a slot, the one description of its layout that the binary writer,
 * the Intel HEX writer and dumpinfo's reader share. From the end of the slot backwards
 * (MCUboot's {@code boot_trailer_sz()}, imgtool's {@code _trailer_size} and {@code pad_to}):
 *
 * <pre>
 *   boot magic         16 bytes, at the very end, after erased bytes up to a max-align boundary
 *   image_ok           max-align bytes, first byte 0x01 when confirmed
 *   copy_done          max-align bytes
 *   swap_info          max-align bytes
 *   swap_size          max-align bytes (a u32 in the first four)
 *   encryption keys    two slots (primary and secondary image), only for encrypted images
 *   swap status        max-sectors x 3 x align: one write per sector per swap step
 * </pre>
 *
 * The swap status is 3 entries per sector because a swap moves each sector in three steps (slot 1
 * to scratch/slot 0 and back), each recorded with its own flash write. The four flags are written
 * separately, so each takes a whole max-align unit. Overwrite-only upgrades keep no swap status
 * and no keys: only image_ok, copy_done and the magic.
 */
final class Trailer {
    static final int MAGIC_SIZE = 16;
    /** MCUboot's original magic, used when max-align is 8. */
    private static final byte[] BOOT_MAGIC = {
        0x77, (byte) 0xc2, (byte) 0x95, (byte) 0xf3, 0x60, (byte) 0xd2, (byte) 0xef, 0x7f,
        0x35, 0x52, 0x50, 0x0f, 0x2c, (byte) 0xb6, 0x79, (byte) 0x80};
    /** The magic for another max-align: that max-align as a u16, then these 14 bytes. */
    private static final byte[] BOOT_MAGIC_TAIL = {
        0x2d, (byte) 0xe1, 0x5d, 0x29, 0x41, 0x0b, (byte) 0x8d, 0x77, 0x67, (byte) 0x9c, 0x11, 0x0f, 0x1f, (byte) 0x8a};
    /** The AES key slot when the bootloader saves only the key, not the whole key-exchange TLV. */
    private static final int SAVED_KEY_SIZE = 16;

    private final int maxAlign;

    Trailer(int maxAlign) {
        this.maxAlign = maxAlign;
    }

    /** The trailer of an image made with these settings. */
    static Trailer of(ImageSettings s) {
        return new Trailer(s.get(ImageOption.MAX_ALIGN));
    }

    /**
     * The trailer's whole size, which the slot must leave free behind the image.
     *
     * @param encryptionTlvLength the key-exchange TLV's length, or -1 when the image is not encrypted
     */
    static int size(ImageSettings s, int encryptionTlvLength) {
        Trailer t = of(s);
        if (s.get(ImageOption.OVERWRITE_ONLY)) {
            return t.magicArea() + 2 * t.maxAlign;
        }
        int size = s.get(ImageOption.MAX_SECTORS) * 3 * s.get(ImageOption.ALIGN);
        if (encryptionTlvLength >= 0) {
            int keySlot = s.get(ImageOption.SAVE_ENCTLV) ? alignUp(encryptionTlvLength, t.maxAlign)
                    : alignUp(SAVED_KEY_SIZE, t.maxAlign);
            size += 2 * keySlot;
        }
        return size + 4 * t.maxAlign + t.magicArea();
    }

    /**
     * The magic and the erased bytes that align it: {@code align_up(16, max_align)}, written as the
     * maximum so that a reader given a garbled max-align (any u16) still computes what imgtool does.
     */
    private int magicArea() {
        return Math.max(MAGIC_SIZE, maxAlign);
    }

    int imageOkFromEnd() {
        return magicArea() + maxAlign;
    }

    int copyDoneFromEnd() {
        return imageOkFromEnd() + maxAlign;
    }

    int swapInfoFromEnd() {
        return copyDoneFromEnd() + maxAlign;
    }

    int swapSizeFromEnd() {
        return swapInfoFromEnd() + maxAlign;
    }

    /** Bytes the flag and size fields and the magic take at the end of the slot. */
    int fieldsSize() {
        return swapSizeFromEnd();
    }

    byte[] magic(Endian endian) {
        if (maxAlign == ImageSettings.DEFAULT_MAX_ALIGN) {
            return BOOT_MAGIC.clone();
        }
        byte[] m = new byte[MAGIC_SIZE];
        endian.putU16(m, 0, maxAlign);
        System.arraycopy(BOOT_MAGIC_TAIL, 0, m, 2, BOOT_MAGIC_TAIL.length);
        return m;
    }

    /** The max-align a boot magic encodes, or null when these 16 bytes are no boot magic. */
    static Integer maxAlignOf(byte[] magic) {
        if (magic.length != MAGIC_SIZE) {
            return null;
        }
        if (Arrays.equals(magic, BOOT_MAGIC)) {
            return ImageSettings.DEFAULT_MAX_ALIGN;
        }
        if (Arrays.equals(magic, 2, MAGIC_SIZE, BOOT_MAGIC_TAIL, 0, BOOT_MAGIC_TAIL.length)) {
            return (magic[0] & 0xff) | (magic[1] & 0xff) << 8;
        }
        return null;
    }

    /**
     * What a padded image's trailer holds beyond erased flash, as {@code (offset from the slot end,
     * bytes)}: the magic, and for a confirmed or test image the image_ok field (0x01 when confirmed,
     * erased for a test swap, as imgtool writes it). The binary writer lays these over erased fill;
     * the HEX writer emits only these.
     */
    List<Field> writtenFields(ImageSettings s) {
        Field magic = new Field(MAGIC_SIZE, magic(s.get(ImageOption.ENDIAN)));
        boolean marked = s.get(ImageOption.CONFIRM) || s.get(ImageOption.TEST);
        if (!marked || s.get(ImageOption.OVERWRITE_ONLY)) {
            return List.of(magic);
        }
        byte[] imageOk = new byte[maxAlign];
        Arrays.fill(imageOk, (byte) (int) s.get(ImageOption.ERASED_VAL));
        if (s.get(ImageOption.CONFIRM)) {
            imageOk[0] = 0x01;
        }
        return List.of(new Field(imageOkFromEnd(), imageOk), magic);
    }

    /** Bytes at {@code fromEnd} bytes before the end of the slot. */
    record Field(int fromEnd, byte[] bytes) {
    }

    static int alignUp(int n, int align) {
        return (n + align - 1) & -align;
    }
}
