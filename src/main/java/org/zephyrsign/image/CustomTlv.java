package org.zephyrsign.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A vendor TLV the user adds ({@code --custom-tlv TAG VALUE}, {@code --custom-tlv-file TAG FILE}):
 * protected, so covered by the signature. Tags must lie in the vendor range and not name a TLV
 * MCUboot defines, as imgtool enforces.
 */
public record CustomTlv(int tag, byte[] value) {
    public CustomTlv {
        value = value.clone();
    }

    /** A value "0x..." is hex bytes (an even number of digits); anything else is a UTF-8 string. */
    static CustomTlv parse(String tag, String value) {
        if (value.startsWith("0x") || value.startsWith("0X")) {
            String hex = value.substring(2);
            if (hex.length() % 2 != 0) {
                throw new InvalidValueException("custom TLV length is odd ('" + value + "')");
            }
            try {
                return new CustomTlv(tag(tag), HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("'" + value + "' is not hex");
            }
        }
        return new CustomTlv(tag(tag), value.getBytes(StandardCharsets.UTF_8));
    }

    static CustomTlv fromFile(String tag, Path file) {
        int t = tag(tag);
        // A TLV's length is 16 bits; a regular file only (a FIFO would block the build).
        return new CustomTlv(t, org.zephyrsign.IoReasons.readSmall(file, 0xffff,
                reason -> new InvalidValueException("custom TLV file " + file + ": " + reason)));
    }

    private static int tag(String text) {
        int tag = (int) Numbers.parseUnsigned(text, 0, 0xffff);
        if (TlvType.isPredefined(tag)) {
            throw new InvalidValueException(String.format("custom TLV 0x%x conflicts with predefined TLV", tag));
        }
        if (tag < TlvType.VENDOR_MIN || tag > TlvType.VENDOR_MAX) {
            throw new InvalidValueException(String.format(
                    "invalid custom TLV type value '0x%04x', allowed value should be between 0x%04x and 0x%04x",
                    tag, TlvType.VENDOR_MIN, TlvType.VENDOR_MAX));
        }
        return tag;
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    Tlv toTlv() {
        return new Tlv(tag, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomTlv c && c.tag == tag && java.util.Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("0x%x=%s", tag, HexFormat.of().formatHex(value));
    }
}
