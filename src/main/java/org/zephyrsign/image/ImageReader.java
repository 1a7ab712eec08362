package org.zephyrsign.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses any MCUboot image, binary or Intel HEX, checking every length against the bytes present:
 * malformed input yields a {@link MalformedImageException} naming what is wrong, never an
 * out-of-bounds error, a hang or a huge allocation. A binary image file is not read whole: only its
 * header and TLV areas are, and the payload is streamed when it is hashed.
 */
public final class ImageReader {
    /** Both TLV areas have 16-bit lengths: nothing the parser looks at lies further past the payload. */
    private static final int MAX_TLV_AREAS = 2 * 0xffff;

    private ImageReader() {
    }

    public static ParsedImage read(Path file) {
        return read(file, file.getFileName().toString());
    }

    /**
     * Reads {@code file} as the image called {@code name} (an image written to a temporary file,
     * say): Intel HEX when that name ends in {@code .hex}, and so named in messages.
     */
    public static ParsedImage read(Path file, String name) {
        long size = Firmware.regularFileSize(file, "image");
        if (Firmware.isHex(Path.of(name))) {
            byte[] b = Firmware.read(file, true).data();
            return parse(new Window(b, 0, b.length), ImageSource.of(b), name);
        }
        if (size > Firmware.MAX_SIZE) {
            throw new MalformedImageException(file + " is " + size + " bytes, larger than any MCUboot image this "
                    + "tool reads (2 GiB; MCUboot's own limit is 4 GiB)");
        }
        ImageSource source = ImageSource.of(file, size);
        byte[] head = source.read(0, (int) Math.min(size, ImageHeader.SIZE));
        Window header = new Window(head, 0, (int) size);
        Head h = header(header, name);
        long tlvOffset = h.header.headerSize() + h.header.imageSize();
        Window window = header;
        if (tlvOffset < size) {
            window = new Window(source.read(tlvOffset, (int) Math.min(size - tlvOffset, MAX_TLV_AREAS)),
                    (int) tlvOffset, (int) size);
        }
        return parse(window, h, source, name);
    }

    public static ParsedImage parse(byte[] b, String name) {
        return parse(new Window(b, 0, b.length), ImageSource.of(b), name);
    }

    private static ParsedImage parse(Window b, ImageSource source, String name) {
        return parse(b, header(b, name), source, name);
    }

    /** The decoded header and the byte order it was found in. */
    private record Head(ImageHeader header, Endian endian) {
    }

    private static Head header(Window w, String name) {
        if (w.length < ImageHeader.SIZE) {
            throw new MalformedImageException(name + ": " + w.length + " bytes, too short for an MCUboot header");
        }
        byte[] b = w.bytes;
        Endian endian = Endian.LITTLE;
        ImageHeader header = ImageHeader.decode(b, endian);
        if (header == null) {
            endian = Endian.BIG;
            header = ImageHeader.decode(b, endian);
        }
        if (header == null) {
            throw new MalformedImageException(String.format("%s: invalid image magic 0x%08x (MCUboot's is 0x%08x)",
                    name, Endian.LITTLE.getU32(b, 0), ImageHeader.MAGIC));
        }
        if (header.headerSize() < ImageHeader.SIZE) {
            throw new MalformedImageException(name + ": header size " + header.headerSize() + " is below 32");
        }
        return new Head(header, endian);
    }

    /**
     * @param b the bytes from the start of the TLV areas on (or the whole image); every offset is the
     *     image's
     */
    private static ParsedImage parse(Window b, Head head, ImageSource source, String name) {
        ImageHeader header = head.header;
        Endian endian = head.endian;
        long tlvOffset = header.headerSize() + header.imageSize();
        if (tlvOffset > b.length) {
            throw new MalformedImageException(String.format("%s: truncated: header 0x%x + payload 0x%x bytes "
                    + "run past the end of the file (0x%x bytes)", name, header.headerSize(), header.imageSize(),
                    b.length));
        }
        int off = (int) tlvOffset;
        List<Tlv> protectedTlvs = List.of();
        if (header.protectedTlvSize() != 0) {
            protectedTlvs = readArea(b, off, TlvArea.PROTECTED_MAGIC, endian, name, "protected TLV area");
            int total = b.u16(endian, off + 2);
            if (total != header.protectedTlvSize()) {
                throw new MalformedImageException(String.format("%s: protected TLV area is 0x%x bytes but the "
                        + "header says 0x%x", name, total, header.protectedTlvSize()));
            }
            off += total;
        }
        List<Tlv> tlvs = readArea(b, off, TlvArea.UNPROTECTED_MAGIC, endian, name, "TLV area");
        int end = off + b.u16(endian, off + 2);
        return new ParsedImage(name, source, endian, header, protectedTlvs, tlvs, (int) tlvOffset, off, end);
    }

    private static List<Tlv> readArea(Window b, int off, int magic, Endian endian, String name, String what) {
        if (off + TlvArea.INFO_SIZE > b.length) {
            throw new MalformedImageException(String.format("%s: truncated: no %s at offset 0x%x", name, what, off));
        }
        int foundMagic = b.u16(endian, off);
        if (foundMagic != magic) {
            throw new MalformedImageException(String.format("%s: invalid %s magic 0x%04x at offset 0x%x "
                    + "(expected 0x%04x)", name, what, foundMagic, off, magic));
        }
        int total = b.u16(endian, off + 2);
        int end = off + total;
        if (total < TlvArea.INFO_SIZE || end > b.length) {
            throw new MalformedImageException(String.format("%s: %s length 0x%x runs past the end of the file",
                    name, what, total));
        }
        List<Tlv> tlvs = new ArrayList<>();
        int p = off + TlvArea.INFO_SIZE;
        while (p < end) {
            if (p + 4 > end) {
                throw new MalformedImageException(String.format("%s: %s: TLV header at 0x%x crosses the area's end",
                        name, what, p));
            }
            int type = readType(b, p, endian);
            int len = b.u16(endian, p + 2);
            if (p + 4 + len > end) {
                throw new MalformedImageException(String.format("%s: %s: TLV 0x%x at 0x%x has length 0x%x past "
                        + "the area's end", name, what, type, p, len));
            }
            tlvs.add(new Tlv(type, b.copy(p + 4, p + 4 + len)));
            p += 4 + len;
        }
        return tlvs;
    }

    /** Big-endian images carry predefined TLV types as a type byte then a zero byte (imgtool's 'BBH'). */
    private static int readType(Window b, int p, Endian endian) {
        if (endian == Endian.BIG && b.at(p + 1) == 0 && TlvType.isPredefined(b.at(p) & 0xff)) {
            return b.at(p) & 0xff;
        }
        return b.u16(endian, p);
    }

    /**
     * The bytes of the image from {@code base} on, as far as they were read, and the image's whole
     * length: offsets are the image's, bounds are checked against the whole length by the parser
     * and always fall inside what was read ({@link #MAX_TLV_AREAS} past the payload).
     */
    private static final class Window {
        final byte[] bytes;
        final int base;
        final int length;

        Window(byte[] bytes, int base, int length) {
            this.bytes = bytes;
            this.base = base;
            this.length = length;
        }

        byte at(int offset) {
            return bytes[offset - base];
        }

        int u16(Endian endian, int offset) {
            return endian.getU16(bytes, offset - base);
        }

        byte[] copy(int from, int to) {
            return java.util.Arrays.copyOfRange(bytes, from - base, to - base);
        }
    }
}
