package org.zephyrsign.image;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.zephyrsign.JsonWriter;

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
            int end = b.length;
            byte[] magic = Arrays.copyOfRange(b, Math.max(end - Trailer.MAGIC_SIZE, image.tlvEnd()), end);
            Integer maxAlign = Trailer.maxAlignOf(magic);
            if (maxAlign == null || maxAlign <= 0 || end - new Trailer(maxAlign).fieldsSize() < image.tlvEnd()) {
                return new TrailerFields(magic, maxAlign != null, false, 0, 0, 0, 0, null);
            }
            Trailer t = new Trailer(maxAlign);
            Integer keys = ImageFlags.isEncrypted(image.header().flags()) ? Trailer.alignUp(16, maxAlign) * 2 : null;
            return new TrailerFields(magic, true, true, b[end - t.imageOkFromEnd()] & 0xff,
                    b[end - t.copyDoneFromEnd()] & 0xff, b[end - t.swapInfoFromEnd()] & 0xff,
                    Endian.LITTLE.getU32(b, end - t.swapSizeFromEnd()), keys);
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
        JsonWriter j = new JsonWriter().beginObject();
        j.name("filename").value(image.name());
        j.name("header").beginObject()
                .name("magic").value(ImageHeader.MAGIC)
                .name("load_addr").value(h.loadAddress())
                .name("hdr_size").value(h.headerSize())
                .name("protected_tlv_size").value(h.protectedTlvSize())
                .name("img_size").value(h.imageSize())
                .name("flags").value(h.flags())
                .name("version").value(h.version().toString())
                .endObject();
        j.name("tlv_area").beginObject().name("tlv_hdr_prot").beginObject();
        if (h.protectedTlvSize() != 0) {
            j.name("magic").value(TlvArea.PROTECTED_MAGIC).name("tlv_tot").value(h.protectedTlvSize());
        }
        j.endObject().name("tlvs_prot");
        tlvs(j, image.protectedTlvs());
        j.name("tlv_hdr").beginObject().name("magic").value(TlvArea.UNPROTECTED_MAGIC)
                .name("tlv_tot").value(image.tlvEnd() - image.tlvOffset()).endObject();
        j.name("tlvs");
        tlvs(j, image.tlvs());
        j.endObject();
        j.name("trailer").beginObject();
        if (image.trailingBytes() > 0) {
            TrailerFields t = TrailerFields.read(image);
            j.name("magic").value(HexFormat.of().formatHex(t.magic()));
            if (t.fieldsRead()) {
                j.name("image_ok").value(t.imageOk()).name("copy_done").value(t.copyDone())
                        .name("swap_info").value(t.swapInfo()).name("swap_size").value(t.swapSize());
                if (t.keyFieldLength() != null) {
                    j.name("key_field_len").value(t.keyFieldLength());
                }
            }
        }
        return j.endObject().endObject() + "\n";
    }

    private static void tlvs(JsonWriter j, List<Tlv> tlvs) {
        j.beginArray();
        for (Tlv t : tlvs) {
            j.element().beginObject().name("type").value(t.type()).name("type_name").value(TlvType.name(t.type()))
                    .name("len").value(t.length()).name("data").value(HexFormat.of().formatHex(t.value()))
                    .endObject();
        }
        j.endArray();
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
