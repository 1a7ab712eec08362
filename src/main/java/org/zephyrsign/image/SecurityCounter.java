package org.zephyrsign.image;

/**
 * The SEC_CNT TLV's value ({@code -s}): a number, or {@code auto}, which imgtool derives from the
 * version as major << 24 | minor << 16 | revision.
 */
public record SecurityCounter(long value, boolean auto) {
    static SecurityCounter parse(String text) {
        if ("auto".equalsIgnoreCase(text)) { // imgtool: value.lower() == 'auto'; anything else must be a number
            return new SecurityCounter(0, true);
        }
        return new SecurityCounter(Numbers.parseUnsigned(text, 0, 0xffffffffL), false);
    }

    /** The counter for an image of this version. */
    public long resolve(ImageVersion version) {
        return auto ? ((long) version.major() << 24) | ((long) version.minor() << 16) | version.revision() : value;
    }
}
