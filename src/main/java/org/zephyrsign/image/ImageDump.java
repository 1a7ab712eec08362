package org.zephyrsign.image;

import java.util.List;
import java.util.Map;

/** Prints an image's structure in the layout of {@code imgtool dumpinfo}. */
public final class ImageDump {
    private static final int LINE = 60;

    private ImageDump() {
    }

    public static String format(ParsedImage image) {
        StringBuilder out = new StringBuilder();
        ImageHeader h = image.header();
        out.append("Printing content of signed image: ").append(image.name()).append(" \n\n");
        out.append(row("Image header (offset: 0x0)")).append('\n');
        field(out, "magic", hex(ImageHeader.MAGIC));
        field(out, "load_addr", hex(h.loadAddress()));
        field(out, "hdr_size", hex(h.headerSize()));
        field(out, "protected_tlv_size", hex(h.protectedTlvSize()));
        field(out, "img_size", hex(h.imageSize()));
        field(out, "flags", flags(h.flags()));
        field(out, "version", h.version().toString());
        out.append("#".repeat(LINE)).append('\n');
        out.append(frame("Payload (offset: " + hex(h.headerSize()) + ")",
                "FW image (size: " + hex(h.imageSize()) + " Bytes)")).append('\n');
        long offset = h.headerSize() + h.imageSize();
        if (h.protectedTlvSize() != 0) {
            area(out, "Protected TLV area (offset: " + hex(offset) + ")", TlvArea.PROTECTED_MAGIC,
                    h.protectedTlvSize(), image.protectedTlvs());
        }
        offset += h.protectedTlvSize();
        area(out, "TLV area (offset: " + hex(offset) + ")", TlvArea.UNPROTECTED_MAGIC,
                image.tlvEnd() - image.tlvOffset(), image.tlvs());
        if (image.trailingBytes() > 0) {
            trailer(out, image);
        }
        out.append(row("End of Image ")).append('\n');
        return out.toString();
    }

    private static void trailer(StringBuilder out, ParsedImage image) {
        byte[] b = image.bytes();
        int magicOff = b.length - Trailer.MAGIC_SIZE;
        if (magicOff < image.tlvEnd()) {
            magicOff = image.tlvEnd();
        }
        byte[] magic = java.util.Arrays.copyOfRange(b, magicOff, b.length);
        Integer maxAlign = Trailer.maxAlignOf(magic);
        if (maxAlign == null) {
            out.append("Warning: the trailer magic value is invalid!\n");
        }
        out.append(row("Image trailer (offset: unknown)")).append('\n');
        out.append("(Note: some fields may not be used, depending on the update \nstrategy)\n\n");
        out.append("swap status: (len: unknown)\n");
        boolean encrypted = ImageFlags.isEncrypted(image.header().flags());
        if (maxAlign != null && maxAlign > 0 && magicOff - 4 * maxAlign - Math.max(0, maxAlign - 16) >= image.tlvEnd()) {
            int p = magicOff - Math.max(0, maxAlign - Trailer.MAGIC_SIZE);
            int imageOk = b[p -= maxAlign] & 0xff;
            int copyDone = b[p -= maxAlign] & 0xff;
            int swapInfo = b[p -= maxAlign] & 0xff;
            p -= maxAlign;
            long swapSize = Endian.LITTLE.getU32(b, p);
            out.append("enc. keys:   ").append(encrypted ? "(len: " + hex(Trailer.alignUp(16, maxAlign) * 2L)
                    + ", if BOOT_SWAP_SAVE_ENCTLV is unset)" : "Image not encrypted").append('\n');
            out.append("swap size:   ").append(swapSize == 0xffffffffL ? "unknown"
                    : hex(swapSize) + " octal: " + swapSize).append('\n');
            out.append("swap_info:   ").append(status(swapInfo)).append('\n');
            out.append("copy_done:   ").append(status(copyDone)).append('\n');
            out.append("image_ok:    ").append(status(imageOk)).append('\n');
        } else {
            out.append("enc. keys:   Image not encrypted\n");
        }
        out.append("boot magic:  ");
        for (int i = 0; i < magic.length; i++) {
            out.append(String.format("0x%02x ", magic[i] & 0xff));
            if (i == Trailer.MAGIC_SIZE / 2 - 1) {
                out.append("\n             ");
            }
        }
        out.append("\n\n");
    }

    private static String status(int v) {
        String name = switch (v) {
            case 1 -> "SET";
            case 2 -> "BAD";
            case 3 -> "UNSET";
            case 4 -> "ANY";
            default -> "INVALID";
        };
        return name + " (" + hex(v) + ")";
    }

    private static void area(StringBuilder out, String title, int magic, int size, List<Tlv> tlvs) {
        out.append(row(title)).append('\n');
        out.append("magic:     ").append(hex(magic)).append('\n');
        out.append("area size: ").append(hex(size)).append('\n');
        String indent = " ".repeat(LINE / 8);
        for (Tlv t : tlvs) {
            out.append(indent).append(' ').append("-".repeat(45)).append('\n');
            out.append(indent).append(" type: ").append(TlvType.name(t.type())).append(" (").append(hex(t.type()))
                    .append(")\n");
            out.append(indent).append(" len:  ").append(hex(t.length())).append('\n');
            StringBuilder line = new StringBuilder(indent).append(" data: ");
            byte[] v = t.value();
            for (int j = 0; j < v.length; j++) {
                line.append(String.format("0x%02x ", v[j] & 0xff));
                if ((j + 1) % 8 == 0 && j + 1 != v.length) {
                    out.append(line).append('\n');
                    line = new StringBuilder(" ".repeat(LINE / 8 + 7));
                }
            }
            out.append(line).append('\n');
        }
        out.append("#".repeat(LINE)).append('\n');
    }

    private static String flags(long flags) {
        if (flags == 0) {
            return "0x0";
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Integer> f : ImageFlags.NAMES.entrySet()) {
            if ((flags & f.getValue()) != 0) {
                if (s.length() > 0) {
                    s.append('\n').append(" ".repeat(20));
                }
                s.append(f.getKey()).append(" (").append(hex(f.getValue())).append(')');
            }
        }
        return s.toString();
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append(key).append(':').append(" ".repeat(19 - key.length())).append(value).append('\n');
    }

    private static String row(String text) {
        String r = "#### " + text + " ";
        return r + "#".repeat(Math.max(0, LINE - r.length()));
    }

    private static String frame(String title, String content) {
        String header = "#### " + title + " ";
        StringBuilder s = new StringBuilder(header).append("#".repeat(LINE - header.length())).append('\n');
        s.append('|').append(" ".repeat(LINE - 2)).append("|\n");
        int offset = (LINE - content.length()) / 2;
        String pre = "|" + " ".repeat(offset - 1);
        s.append(pre).append(content).append(" ".repeat(LINE - pre.length() - content.length() - 1)).append("|\n");
        s.append('|').append(" ".repeat(LINE - 2)).append("|\n");
        s.append("#".repeat(LINE));
        return s.toString();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
