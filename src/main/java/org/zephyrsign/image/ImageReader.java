package org.zephyrsign.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses any MCUboot image, binary or Intel HEX, checking every length against the bytes present:
 * malformed input yields a {@link MalformedImageException} naming what is wrong, never an
 * out-of-bounds error, a hang or a huge allocation.
 */
public final class ImageReader {
    private ImageReader() {
    }

    public static ParsedImage read(Path file) {
        if (Firmware.isHex(file)) {
            return parse(Firmware.read(file).data(), file.getFileName().toString());
        }
        try {
            long size = Files.size(file);
            if (size > Firmware.MAX_SIZE) {
                throw new MalformedImageException(file + " is " + size + " bytes, larger than any MCUboot image");
            }
            return parse(Files.readAllBytes(file), file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new MalformedImageException("image file " + file + " does not exist");
        } catch (IOException e) {
            throw new MalformedImageException("cannot read image " + file + ": " + org.zephyrsign.IoReasons.of(e));
        }
    }

    public static ParsedImage parse(byte[] b, String name) {
        if (b.length < ImageHeader.SIZE) {
            throw new MalformedImageException(name + ": " + b.length + " bytes, too short for an MCUboot header");
        }
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
            int total = endian.getU16(b, off + 2);
            if (total != header.protectedTlvSize()) {
                throw new MalformedImageException(String.format("%s: protected TLV area is 0x%x bytes but the "
                        + "header says 0x%x", name, total, header.protectedTlvSize()));
            }
            off += total;
        }
        List<Tlv> tlvs = readArea(b, off, TlvArea.UNPROTECTED_MAGIC, endian, name, "TLV area");
        int end = off + endian.getU16(b, off + 2);
        return new ParsedImage(name, b, endian, header, protectedTlvs, tlvs, (int) tlvOffset, off, end);
    }

    private static List<Tlv> readArea(byte[] b, int off, int magic, Endian endian, String name, String what) {
        if (off + TlvArea.INFO_SIZE > b.length) {
            throw new MalformedImageException(String.format("%s: truncated: no %s at offset 0x%x", name, what, off));
        }
        int foundMagic = endian.getU16(b, off);
        if (foundMagic != magic) {
            throw new MalformedImageException(String.format("%s: invalid %s magic 0x%04x at offset 0x%x "
                    + "(expected 0x%04x)", name, what, foundMagic, off, magic));
        }
        int total = endian.getU16(b, off + 2);
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
            int len = endian.getU16(b, p + 2);
            if (p + 4 + len > end) {
                throw new MalformedImageException(String.format("%s: %s: TLV 0x%x at 0x%x has length 0x%x past "
                        + "the area's end", name, what, type, p, len));
            }
            tlvs.add(new Tlv(type, java.util.Arrays.copyOfRange(b, p + 4, p + 4 + len)));
            p += 4 + len;
        }
        return tlvs;
    }

    /** Big-endian images carry predefined TLV types as a type byte then a zero byte (imgtool's 'BBH'). */
    private static int readType(byte[] b, int p, Endian endian) {
        if (endian == Endian.BIG && b[p + 1] == 0 && TlvType.isPredefined(b[p] & 0xff)) {
            return b[p] & 0xff;
        }
        return endian.getU16(b, p);
    }
}
