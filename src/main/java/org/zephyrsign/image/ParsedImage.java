package org.zephyrsign.image;

import java.util.List;

/** An image read back from bytes: header, both TLV areas, and where each part lies. */
public record ParsedImage(String name, byte[] bytes, Endian endian, ImageHeader header, List<Tlv> protectedTlvs,
        List<Tlv> tlvs, int protectedOffset, int tlvOffset, int tlvEnd) {

    public ParsedImage {
        protectedTlvs = List.copyOf(protectedTlvs);
        tlvs = List.copyOf(tlvs);
    }

    /** First unprotected TLV of this type, or null. */
    public Tlv find(int type) {
        for (Tlv t : tlvs) {
            if (t.type() == type) {
                return t;
            }
        }
        return null;
    }

    /** Bytes after the TLV area: padding and trailer of a padded image. */
    public int trailingBytes() {
        return bytes.length - tlvEnd;
    }
}
