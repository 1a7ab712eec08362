package org.zephyrsign.maven;

/**
 * One {@code <customTlv>} element (Maven finds this class by the element's name): a tag in the
 * vendor range (0xa0-0xfffe) and either a value ("0x..." is hex bytes, anything else a UTF-8
 * string) or a file whose bytes are the value.
 */
public class CustomTlv {
    /** TLV type, e.g. {@code 0xa0}. */
    String tag;
    /** Value: 0x-prefixed hex or a string. */
    String value;
    /** Or a file holding the value. */
    java.io.File file;
}
