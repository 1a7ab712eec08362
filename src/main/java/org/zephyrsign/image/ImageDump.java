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

    /** The trailer fields of a padded image, read from the end as imgtool's dumpinfo reads them. */
    private record TrailerFields(byte[] magic, boolean valid, boolean fieldsRead, int imageOk, int copyDone,
            int swapInfo, long swapSize, Integer keyFieldLength) {
        static TrailerFields read(ParsedImage image) {
            byte[] b = image.bytes();
            int magicOff = Math.max(b.length - Trailer.MAGIC_SIZE, image.tlvEnd());
            byte[] magic = java.util.Arrays.copyOfRange(b, magicOff, b.length);
            Integer maxAlign = Trailer.maxAlignOf(magic);
            if (maxAlign == null || maxAlign <= 0
                    || magicOff - 4 * maxAlign - Math.max(0, maxAlign - Trailer.MAGIC_SIZE) < image.tlvEnd()) {
                return new TrailerFields(magic, maxAlign != null, false, 0, 0, 0, 0, null);
            }
            int p = magicOff - Math.max(0, maxAlign - Trailer.MAGIC_SIZE);
            int imageOk = b[p -= maxAlign] & 0xff;
            int copyDone = b[p -= maxAlign] & 0xff;
            int swapInfo = b[p -= maxAlign] & 0xff;
            p -= maxAlign;
            Integer keys = ImageFlags.isEncrypted(image.header().flags()) ? Trailer.alignUp(16, maxAlign) * 2 : null;
            return new TrailerFields(magic, true, true, imageOk, copyDone, swapInfo, Endian.LITTLE.getU32(b, p), keys);
        }
    }

    private static void trailer(StringBuilder out, ParsedImage image) {
        TrailerFields t = TrailerFields.read(image);
        if (!t.valid()) {
            out.append("Warning: the trailer magic value is invalid!\n");
        }
        out.append(row("Image trailer (offset: unknown)")).append('\n');
        out.append("(Note: some fields may not be used, depending on the update \nstrategy)\n\n");
        out.append("swap status: (len: unknown)\n");
        if (t.fieldsRead()) {
            out.append("enc. keys:   ").append(t.keyFieldLength() != null ? "(len: " + hex(t.keyFieldLength())
                    + ", if BOOT_SWAP_SAVE_ENCTLV is unset)" : "Image not encrypted").append('\n');
            out.append("swap size:   ").append(t.swapSize() == 0xffffffffL ? "unknown"
                    : hex(t.swapSize()) + " octal: " + t.swapSize()).append('\n');
            out.append("swap_info:   ").append(status(t.swapInfo())).append('\n');
            out.append("copy_done:   ").append(status(t.copyDone())).append('\n');
            out.append("image_ok:    ").append(status(t.imageOk())).append('\n');
        } else {
            out.append("enc. keys:   Image not encrypted\n");
        }
        out.append("boot magic:  ");
        byte[] magic = t.magic();
        for (int i = 0; i < magic.length; i++) {
            out.append(String.format("0x%02x ", magic[i] & 0xff));
            if (i == Trailer.MAGIC_SIZE / 2 - 1) {
                out.append("\n             ");
            }
        }
        out.append("\n\n");
    }

    /** The {@code dumpinfo -f json} form: imgtool's structure, as Python's json.dump(indent=2) writes it. */
    public static String json(ParsedImage image) {
        ImageHeader h = image.header();
        Json j = new Json();
        j.open('{');
        j.field("filename").string(image.name());
        j.field("header").open('{');
        j.field("magic").number(ImageHeader.MAGIC);
        j.field("load_addr").number(h.loadAddress());
        j.field("hdr_size").number(h.headerSize());
        j.field("protected_tlv_size").number(h.protectedTlvSize());
        j.field("img_size").number(h.imageSize());
        j.field("flags").number(h.flags());
        j.field("version").string(h.version().toString());
        j.close('}');
        j.field("tlv_area").open('{');
        j.field("tlv_hdr_prot");
        if (h.protectedTlvSize() != 0) {
            j.open('{').field("magic").number(TlvArea.PROTECTED_MAGIC).field("tlv_tot").number(h.protectedTlvSize())
                    .close('}');
        } else {
            j.empty("{}");
        }
        j.field("tlvs_prot");
        tlvs(j, image.protectedTlvs());
        j.field("tlv_hdr").open('{').field("magic").number(TlvArea.UNPROTECTED_MAGIC)
                .field("tlv_tot").number(image.tlvEnd() - image.tlvOffset()).close('}');
        j.field("tlvs");
        tlvs(j, image.tlvs());
        j.close('}');
        j.field("trailer");
        if (image.trailingBytes() > 0) {
            TrailerFields t = TrailerFields.read(image);
            j.open('{').field("magic").string(java.util.HexFormat.of().formatHex(t.magic()));
            if (t.fieldsRead()) {
                j.field("image_ok").number(t.imageOk()).field("copy_done").number(t.copyDone())
                        .field("swap_info").number(t.swapInfo()).field("swap_size").number(t.swapSize());
                if (t.keyFieldLength() != null) {
                    j.field("key_field_len").number(t.keyFieldLength());
                }
            }
            j.close('}');
        } else {
            j.empty("{}");
        }
        j.close('}');
        return j.toString() + "\n";
    }

    private static void tlvs(Json j, List<Tlv> tlvs) {
        if (tlvs.isEmpty()) {
            j.empty("[]");
            return;
        }
        j.open('[');
        for (Tlv t : tlvs) {
            j.element().open('{').field("type").number(t.type()).field("type_name").string(TlvType.name(t.type()))
                    .field("len").number(t.length()).field("data").string(java.util.HexFormat.of().formatHex(t.value()))
                    .close('}');
        }
        j.close(']');
    }

    /** Just enough of an indenting JSON writer to match Python's json.dump(indent=2). */
    private static final class Json {
        private final StringBuilder out = new StringBuilder();
        private final java.util.ArrayDeque<Boolean> first = new java.util.ArrayDeque<>();

        private void newline() {
            out.append('\n').append("  ".repeat(first.size()));
        }

        private void separate() {
            if (!first.isEmpty()) {
                if (!first.peek()) {
                    out.append(',');
                }
                first.pop();
                first.push(false);
                newline();
            }
        }

        Json open(char bracket) {
            out.append(bracket);
            first.push(true);
            return this;
        }

        Json close(char bracket) {
            first.pop();
            newline();
            out.append(bracket);
            return this;
        }

        Json field(String name) {
            separate();
            out.append('"').append(name).append("\": ");
            return this;
        }

        Json element() {
            separate();
            return this;
        }

        Json string(String v) {
            out.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            return this;
        }

        Json number(long v) {
            out.append(v);
            return this;
        }

        Json empty(String v) {
            out.append(v);
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
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
