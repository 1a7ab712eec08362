package org.zephyrsign.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zephyrsign.JsonWriter;
import org.zephyrsign.YamlWriter;

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
            // Only the end of the file: a max-align is a u16, so the fields lie within 5 x 0xffff bytes.
            byte[] b = image.tail(5 * 0xffff);
            int end = b.length;
            int tlvEnd = b.length - image.trailingBytes(); // where the TLV area ends, in b's offsets
            byte[] magic = Arrays.copyOfRange(b, Math.max(end - Trailer.MAGIC_SIZE, tlvEnd), end);
            Integer maxAlign = Trailer.maxAlignOf(magic);
            if (maxAlign == null || maxAlign <= 0 || end - new Trailer(maxAlign).fieldsSize() < tlvEnd) {
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

    /**
     * What imgtool's dumpinfo prints while it reads an image, before any output in whatever
     * format: a warning when the bytes after the TLV area do not end in a boot magic. Empty when
     * there is nothing to say.
     */
    public static String warnings(ParsedImage image) {
        return image.trailingBytes() > 0 && !TrailerFields.read(image).valid()
                ? "Warning: the trailer magic value is invalid!\n" : "";
    }

    /**
     * What imgtool's dumpinfo reads from an image, as the nested dict its {@code _read_imginfo}
     * builds (same keys, same order): the JSON and YAML forms both print this.
     */
    private static Map<String, Object> info(ParsedImage image) {
        ImageHeader h = image.header();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("magic", ImageHeader.MAGIC);
        header.put("load_addr", h.loadAddress());
        header.put("hdr_size", (long) h.headerSize());
        header.put("protected_tlv_size", (long) h.protectedTlvSize());
        header.put("img_size", h.imageSize());
        header.put("flags", h.flags());
        header.put("version", h.version().toString());
        Map<String, Object> protectedInfo = new LinkedHashMap<>();
        if (h.protectedTlvSize() != 0) {
            protectedInfo.put("magic", (long) TlvArea.PROTECTED_MAGIC);
            protectedInfo.put("tlv_tot", (long) h.protectedTlvSize());
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("magic", (long) TlvArea.UNPROTECTED_MAGIC);
        info.put("tlv_tot", (long) (image.tlvEnd() - image.tlvOffset()));
        Map<String, Object> area = new LinkedHashMap<>();
        area.put("tlv_hdr_prot", protectedInfo);
        area.put("tlvs_prot", tlvs(image.protectedTlvs()));
        area.put("tlv_hdr", info);
        area.put("tlvs", tlvs(image.tlvs()));
        Map<String, Object> trailer = new LinkedHashMap<>();
        if (image.trailingBytes() > 0) {
            TrailerFields t = TrailerFields.read(image);
            trailer.put("magic", t.magic());
            if (t.fieldsRead()) {
                trailer.put("image_ok", (long) t.imageOk());
                trailer.put("copy_done", (long) t.copyDone());
                trailer.put("swap_info", (long) t.swapInfo());
                trailer.put("swap_size", t.swapSize());
                if (t.keyFieldLength() != null) {
                    trailer.put("key_field_len", (long) t.keyFieldLength());
                }
            }
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("filename", image.name());
        all.put("header", header);
        all.put("tlv_area", area);
        all.put("trailer", trailer);
        return all;
    }

    private static List<Object> tlvs(List<Tlv> tlvs) {
        List<Object> out = new ArrayList<>();
        for (Tlv t : tlvs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", (long) t.type());
            m.put("type_name", TlvType.name(t.type()));
            m.put("len", (long) t.length());
            m.put("data", t.value());
            out.add(m);
        }
        return out;
    }

    /** The {@code dumpinfo -f json} form, as Python's json.dump(indent=2) writes it; bytes in hex. */
    public static String json(ParsedImage image) {
        JsonWriter j = new JsonWriter();
        json(j, info(image));
        return j + "\n";
    }

    @SuppressWarnings("unchecked")
    private static void json(JsonWriter j, Object value) {
        if (value instanceof Map<?, ?> map) {
            j.beginObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                json(j.name(e.getKey()), e.getValue());
            }
            j.endObject();
        } else if (value instanceof List<?> list) {
            j.beginArray();
            for (Object element : list) {
                json(j.element(), element);
            }
            j.endArray();
        } else if (value instanceof byte[] bytes) {
            j.value(HexFormat.of().formatHex(bytes));
        } else if (value instanceof Long number) {
            j.value(number);
        } else {
            j.value((String) value);
        }
    }

    /** The {@code dumpinfo -f yaml} form, as PyYAML's yaml.dump(sort_keys=False) writes it. */
    public static String yaml(ParsedImage image) {
        return YamlWriter.dump(info(image));
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
