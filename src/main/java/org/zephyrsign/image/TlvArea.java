package org.zephyrsign.image;

import java.util.List;

/** A TLV area as stored: info header (magic, total length) then the TLVs. */
public final class TlvArea {
    public static final int PROTECTED_MAGIC = 0x6908;
    public static final int UNPROTECTED_MAGIC = 0x6907;
    public static final int INFO_SIZE = 4;

    private TlvArea() {
    }

    /** Encoded size of an area holding these TLVs; 0 for none (the area is then left out). */
    static int size(List<Tlv> tlvs) {
        if (tlvs.isEmpty()) {
            return 0;
        }
        int n = INFO_SIZE;
        for (Tlv t : tlvs) {
            n += t.encodedSize();
        }
        return n;
    }

    static byte[] encode(int magic, List<Tlv> tlvs, Endian endian) {
        int size = size(tlvs);
        if (size > 0xffff) {
            // ImageBuilder refuses oversized protected TLVs with a message; the unprotected area is a
            // hash, a key and a signature, a few hundred bytes at most.
            throw new IllegalStateException("TLV area of " + size + " bytes exceeds its 16-bit length field");
        }
        byte[] out = new byte[size];
        if (size == 0) {
            return out;
        }
        endian.putU16(out, 0, magic);
        endian.putU16(out, 2, size);
        int off = INFO_SIZE;
        for (Tlv t : tlvs) {
            t.writeTo(endian, out, off);
            off += t.encodedSize();
        }
        return out;
    }
}
