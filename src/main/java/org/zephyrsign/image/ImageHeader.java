package org.zephyrsign.image;

/** MCUboot's {@code struct image_header}: 32 bytes at the start of every image. */
public record ImageHeader(long loadAddress, int headerSize, int protectedTlvSize, long imageSize, long flags,
        ImageVersion version) {
    public static final long MAGIC = 0x96f3b83dL;
    public static final int SIZE = 32;

    public byte[] encode(Endian endian) {
        byte[] h = new byte[SIZE];
        endian.putU32(h, 0, MAGIC);
        endian.putU32(h, 4, loadAddress);
        endian.putU16(h, 8, headerSize);
        endian.putU16(h, 10, protectedTlvSize);
        endian.putU32(h, 12, imageSize);
        endian.putU32(h, 16, flags);
        h[20] = (byte) version.major();
        h[21] = (byte) version.minor();
        endian.putU16(h, 22, version.revision());
        endian.putU32(h, 24, version.build());
        return h;
    }

    /** Decodes the first 32 bytes; {@code null} when the magic is not MCUboot's in this byte order. */
    static ImageHeader decode(byte[] b, Endian endian) {
        if (b.length < SIZE || endian.getU32(b, 0) != MAGIC) {
            return null;
        }
        return new ImageHeader(endian.getU32(b, 4), endian.getU16(b, 8), endian.getU16(b, 10),
                endian.getU32(b, 12), endian.getU32(b, 16),
                new ImageVersion(b[20] & 0xff, b[21] & 0xff, endian.getU16(b, 22), endian.getU32(b, 24)));
    }
}
