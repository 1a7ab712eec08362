package org.zephyrsign.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Intel HEX, read and written the way imgtool's IntelHex library does: input gaps are filled with
 * 0xff from the lowest address; output records carry up to 16 bytes of one contiguous run, never
 * cross a 64 KiB boundary, and extended linear address records appear only when an address is
 * above 0xffff.
 */
public final class IntelHex {
    /** Largest span a HEX input may cover; beyond this it is not firmware. */
    static final long MAX_SPAN = 1L << 30;

    /** A contiguous run of bytes at an address. */
    public record Segment(long address, byte[] data) {
    }

    private IntelHex() {
    }

    /** Reads a HEX file into one flat image starting at its lowest address, gaps 0xff. */
    public static Firmware read(BufferedReader in, String name) throws IOException {
        TreeMap<Long, byte[]> records = new TreeMap<>();
        long upper = 0;
        String line;
        int lineNo = 0;
        boolean eof = false;
        while ((line = in.readLine()) != null) {
            lineNo++;
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (eof) {
                break;
            }
            byte[] rec = decodeRecord(line, name, lineNo);
            int len = rec[0] & 0xff;
            int offset = (rec[1] & 0xff) << 8 | (rec[2] & 0xff);
            int type = rec[3] & 0xff;
            switch (type) {
                case 0 -> {
                    byte[] data = new byte[len];
                    System.arraycopy(rec, 4, data, 0, len);
                    records.put(upper + offset, data);
                }
                case 1 -> eof = true;
                case 2 -> upper = (long) (((rec[4] & 0xff) << 8) | (rec[5] & 0xff)) << 4;
                case 4 -> upper = (long) (((rec[4] & 0xff) << 8) | (rec[5] & 0xff)) << 16;
                case 3, 5 -> { } // start address: not part of the image
                default -> throw malformed(name, lineNo, "unknown record type " + type);
            }
        }
        if (records.isEmpty()) {
            throw new MalformedImageException(name + ": Intel HEX file holds no data");
        }
        long min = records.firstKey();
        Map.Entry<Long, byte[]> last = records.lastEntry();
        long end = last.getKey() + last.getValue().length;
        if (end - min > MAX_SPAN) {
            throw new MalformedImageException(name + ": Intel HEX data spans 0x" + Long.toHexString(end - min)
                    + " bytes (0x" + Long.toHexString(min) + " to 0x" + Long.toHexString(end)
                    + "), more than any flash slot");
        }
        byte[] flat = new byte[(int) (end - min)];
        java.util.Arrays.fill(flat, (byte) 0xff);
        for (Map.Entry<Long, byte[]> e : records.entrySet()) {
            System.arraycopy(e.getValue(), 0, flat, (int) (e.getKey() - min), e.getValue().length);
        }
        return new Firmware(flat, min);
    }

    private static byte[] decodeRecord(String line, String name, int lineNo) {
        if (line.charAt(0) != ':' || line.length() < 11 || (line.length() - 1) % 2 != 0) {
            throw malformed(name, lineNo, "not an Intel HEX record");
        }
        byte[] rec = new byte[(line.length() - 1) / 2];
        int sum = 0;
        for (int i = 0; i < rec.length; i++) {
            int hi = Character.digit(line.charAt(1 + 2 * i), 16);
            int lo = Character.digit(line.charAt(2 + 2 * i), 16);
            if (hi < 0 || lo < 0) {
                throw malformed(name, lineNo, "non-hex character");
            }
            rec[i] = (byte) (hi << 4 | lo);
            sum += rec[i] & 0xff;
        }
        if ((rec[0] & 0xff) + 5 != rec.length) {
            throw malformed(name, lineNo, "record length does not match its byte count");
        }
        if ((sum & 0xff) != 0) {
            throw malformed(name, lineNo, "checksum mismatch");
        }
        return rec;
    }

    private static MalformedImageException malformed(String name, int lineNo, String what) {
        return new MalformedImageException(name + " line " + lineNo + ": " + what);
    }

    /** Writes segments (sorted, not overlapping) followed by the end-of-file record. */
    public static void write(List<Segment> segments, Writer out) throws IOException {
        List<Segment> sorted = coalesce(segments);
        long maxAddress = 0;
        for (Segment s : sorted) {
            maxAddress = Math.max(maxAddress, s.address() + s.data().length - 1);
        }
        boolean linearRecords = maxAddress > 0xffff;
        long currentUpper = -1;
        for (Segment s : sorted) {
            byte[] d = s.data();
            int pos = 0;
            while (pos < d.length) {
                long address = s.address() + pos;
                long upper = address >>> 16;
                if (linearRecords && upper != currentUpper) {
                    record(out, 0, 4, new byte[] {(byte) (upper >>> 8), (byte) upper}, 0, 2);
                    currentUpper = upper;
                }
                int low = (int) (address & 0xffff);
                int n = (int) Math.min(Math.min(16, 0x10000 - low), d.length - pos);
                record(out, low, 0, d, pos, n);
                pos += n;
            }
        }
        out.write(":00000001FF\n");
    }

    /** Sorts, and joins segments that touch: records run across them as over one flat memory. */
    private static List<Segment> coalesce(List<Segment> segments) {
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort((a, b) -> Long.compare(a.address(), b.address()));
        List<Segment> out = new ArrayList<>();
        for (Segment s : sorted) {
            Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
            long lastEnd = last == null ? Long.MIN_VALUE : last.address() + last.data().length;
            if (s.address() < lastEnd) {
                throw new IllegalArgumentException(String.format("HEX segments overlap at 0x%x", s.address()));
            }
            if (s.address() == lastEnd) {
                byte[] joined = java.util.Arrays.copyOf(last.data(), last.data().length + s.data().length);
                System.arraycopy(s.data(), 0, joined, last.data().length, s.data().length);
                out.set(out.size() - 1, new Segment(last.address(), joined));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static void record(Writer out, int offset, int type, byte[] data, int from, int n) throws IOException {
        StringBuilder sb = new StringBuilder(11 + 2 * n);
        int sum = n + (offset >>> 8) + (offset & 0xff) + type;
        sb.append(':');
        hex(sb, n);
        hex(sb, offset >>> 8);
        hex(sb, offset & 0xff);
        hex(sb, type);
        for (int i = 0; i < n; i++) {
            int b = data[from + i] & 0xff;
            sum += b;
            hex(sb, b);
        }
        hex(sb, -sum & 0xff);
        sb.append('\n');
        out.write(sb.toString());
    }

    private static void hex(StringBuilder sb, int b) {
        sb.append(Character.toUpperCase(Character.forDigit((b >>> 4) & 0xf, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }

}
