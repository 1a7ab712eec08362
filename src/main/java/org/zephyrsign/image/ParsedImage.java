package org.zephyrsign.image;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * An image read back: header, both TLV areas, and where each part lies. Only those small parts are
 * held; the payload stays in the file and is streamed when it is hashed ({@link #update}) or decoded
 * ({@link #open}), so memory does not grow with the image.
 */
public final class ParsedImage {
    private final String name;
    private final ImageSource source;
    private final Endian endian;
    private final ImageHeader header;
    private final List<Tlv> protectedTlvs;
    private final List<Tlv> tlvs;
    private final int protectedOffset;
    private final int tlvOffset;
    private final int tlvEnd;

    ParsedImage(String name, ImageSource source, Endian endian, ImageHeader header, List<Tlv> protectedTlvs,
            List<Tlv> tlvs, int protectedOffset, int tlvOffset, int tlvEnd) {
        this.name = name;
        this.source = source;
        this.endian = endian;
        this.header = header;
        this.protectedTlvs = List.copyOf(protectedTlvs);
        this.tlvs = List.copyOf(tlvs);
        this.protectedOffset = protectedOffset;
        this.tlvOffset = tlvOffset;
        this.tlvEnd = tlvEnd;
    }

    public String name() {
        return name;
    }

    public Endian endian() {
        return endian;
    }

    public ImageHeader header() {
        return header;
    }

    public List<Tlv> protectedTlvs() {
        return protectedTlvs;
    }

    public List<Tlv> tlvs() {
        return tlvs;
    }

    /** Where the protected TLV area starts: header plus payload. */
    public int protectedOffset() {
        return protectedOffset;
    }

    /** Where the unprotected TLV area starts; the hash covers everything before it. */
    public int tlvOffset() {
        return tlvOffset;
    }

    public int tlvEnd() {
        return tlvEnd;
    }

    /** The file's length, padding and trailer included. */
    public long size() {
        return source.size();
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
        return (int) (source.size() - tlvEnd);
    }

    /** Feeds the image bytes {@code [from, to)} to {@code digest}, streamed from the file. */
    public void update(MessageDigest digest, long from, long to) {
        source.update(digest, from, to);
    }

    /** The image bytes {@code [from, to)} as a stream (to decrypt or decompress a part); close it. */
    public InputStream open(long from, long to) {
        return source.open(from, to);
    }

    /** The image bytes {@code [from, from + length)}, in memory: for parts, not for the payload. */
    public byte[] read(long from, long length) {
        return source.read(from, Math.toIntExact(length));
    }

    /** The last {@code min(max, trailingBytes())} bytes of the file: where the trailer is. */
    public byte[] tail(int max) {
        int n = Math.min(max, trailingBytes());
        return source.read(source.size() - n, n);
    }

    /**
     * The whole file in memory. Verification and dump stream instead ({@link #update}, {@link #open},
     * {@link #tail}); this is for the rare caller that needs every byte at once.
     */
    public byte[] bytes() {
        long size = source.size();
        try {
            return source.read(0, Math.toIntExact(size));
        } catch (OutOfMemoryError e) {
            throw ImageMemory.outOfMemory("reading the whole image " + name, size);
        }
    }
}
