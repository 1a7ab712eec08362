package org.zephyrsign.image;

/**
 * Byte order of an image's integers ({@code -e little|big}). Little is what every MCUboot target
 * uses; big exists for parity with imgtool, including its way of writing a predefined TLV's header
 * as {@code struct.pack('BBH')}: type byte, a zero byte, then the length.
 */
public enum Endian {
    LITTLE, BIG;

    public void putU16(byte[] b, int off, int v) {
        if (this == LITTLE) {
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >>> 8);
        } else {
            b[off] = (byte) (v >>> 8);
            b[off + 1] = (byte) v;
        }
    }

    public void putU32(byte[] b, int off, long v) {
        if (this == LITTLE) {
            putU16(b, off, (int) (v & 0xffff));
            putU16(b, off + 2, (int) ((v >>> 16) & 0xffff));
        } else {
            putU16(b, off, (int) ((v >>> 16) & 0xffff));
            putU16(b, off + 2, (int) (v & 0xffff));
        }
    }

    public int getU16(byte[] b, int off) {
        int lo = b[off] & 0xff;
        int hi = b[off + 1] & 0xff;
        return this == LITTLE ? lo | hi << 8 : lo << 8 | hi;
    }

    public long getU32(byte[] b, int off) {
        long first = getU16(b, off);
        long second = getU16(b, off + 2);
        return this == LITTLE ? first | second << 16 : first << 16 | second;
    }

    void putTlvHeader(byte[] b, int off, int type, int length) {
        if (this == BIG && TlvType.isPredefined(type)) {
            b[off] = (byte) type;
            b[off + 1] = 0;
        } else {
            putU16(b, off, type);
        }
        putU16(b, off + 2, length);
    }

    public byte[] u32(long v) {
        byte[] b = new byte[4];
        putU32(b, 0, v);
        return b;
    }
}
