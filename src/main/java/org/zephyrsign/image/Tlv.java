package org.zephyrsign.image;

import java.util.Arrays;
import java.util.HexFormat;

/** One type-length-value record. The value is copied in and out, so a Tlv never changes. */
public final class Tlv {
    private final int type;
    private final byte[] value;

    public Tlv(int type, byte[] value) {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("TLV type out of range: " + type);
        }
        if (value.length > 0xffff) {
            throw new IllegalArgumentException("TLV 0x" + Integer.toHexString(type) + " value longer than 65535 bytes");
        }
        this.type = type;
        this.value = value.clone();
    }

    public int type() {
        return type;
    }

    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Size on flash: the 4-byte TLV header plus the value. */
    public int encodedSize() {
        return 4 + value.length;
    }

    void writeTo(Endian endian, byte[] out, int offset) {
        endian.putTlvHeader(out, offset, type, value.length);
        System.arraycopy(value, 0, out, offset + 4, value.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.type == type && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return TlvType.name(type) + "(0x" + Integer.toHexString(type) + ")=" + HexFormat.of().formatHex(value);
    }
}
