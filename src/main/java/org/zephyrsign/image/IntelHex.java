package org.zephyrsign.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Intel HEX, read and written the way imgtool's IntelHex library (intelhex 2.3.0) does: input gaps
 * are filled with 0xff from the lowest address; output records carry up to 16 bytes of one
 * contiguous run, never cross a 64 KiB boundary, and extended linear address records appear only
 * when an address is above 0xffff.
 *
 * <p>The reader accepts and refuses what intelhex's {@code loadhex} does, record by record: lines
 * are split at CR, LF or CR LF; an empty line is skipped, but any other line is exactly one record
 * (no spaces, upper- or lowercase hex); the length field must match; types 00 to 05 only; the
 * checksum must hold; extended address records (02, 04) have 2 data bytes and address 0000, start
 * address records (03, 05) 4 bytes and address 0000, and only one of them may appear; the
 * end-of-file record has no data (its address is ignored) and nothing after it is read; a missing
 * end-of-file record is no error. Data addresses are the extended address plus the record's offset
 * plus the byte's index, never wrapped at 64 KiB, and no byte may be given twice. Beyond intelhex,
 * it refuses a file with no data, data past 0xFFFFFFFF (intelhex cannot write such a file back)
 * and data spread over more than {@link #MAX_SPAN}.
 */
public final class IntelHex {
    /**
     * Widest address span a HEX input may cover, 256 MiB. An MCUboot slot is one flash area on one
     * flash device, and NOR flash parts (serial or parallel, the memory slots live in) top out at
     * 2 Gbit = 256 MiB, so data spread wider is not one image: typically the file also holds data
     * for another memory (nRF UICR at 0x10001000, STM32 option bytes, a second flash). The bound
     * also keeps a file of a few records from making us allocate gigabytes: the flat image, filled
     * from the lowest address to the highest, is never larger than this.
     */
    static final long MAX_SPAN = 256L << 20;

    /** One past the highest address a 32-bit Intel HEX file can hold. */
    private static final long ADDRESS_LIMIT = 1L << 32;

    /** A contiguous run of bytes at an address. */
    public record Segment(long address, byte[] data) {
    }

    private IntelHex() {
    }

    /** Reads a HEX file into one flat image starting at its lowest address, gaps 0xff. */
    public static Firmware read(BufferedReader in, String name) throws IOException {
        return read(in, name, MAX_SPAN);
    }

    static Firmware read(BufferedReader in, String name, long maxSpan) throws IOException {
        Loader loader = new Loader(name, maxSpan);
        String line;
        while ((line = in.readLine()) != null) {
            if (!loader.record(line)) {
                break;
            }
        }
        return loader.firmware();
    }

    /** The state of one read: the data so far, the extended address, the start address record. */
    private static final class Loader {
        private final String name;
        private final long maxSpan;
        /** Runs of data by start address; a record that continues a run is appended to it. */
        private final TreeMap<Long, Run> runs = new TreeMap<>();
        private long lineNo;
        private long offset;
        private long startRecordLine;
        private long min = Long.MAX_VALUE;
        private long end = Long.MIN_VALUE;
        private boolean eof;

        Loader(String name, long maxSpan) {
            this.name = name;
            this.maxSpan = maxSpan;
        }

        /** Handles one line (without its line end); false once the end-of-file record is read. */
        boolean record(String line) {
            lineNo++;
            if (line.isEmpty()) {
                return true;
            }
            byte[] rec = decode(line);
            int length = rec[0] & 0xff;
            int address = (rec[1] & 0xff) << 8 | (rec[2] & 0xff);
            int type = rec[3] & 0xff;
            switch (type) {
                case 0 -> data(address + offset, rec, length);
                case 1 -> {
                    if (length != 0) {
                        throw malformed("end-of-file record (type 01) with " + bytes(length) + "; it must have none");
                    }
                    eof = true;
                    return false;
                }
                case 2 -> offset = extendedAddress(rec, address, "extended segment address record (type 02)") << 4;
                case 4 -> offset = extendedAddress(rec, address, "extended linear address record (type 04)") << 16;
                case 3 -> startAddress(length, address, "start segment address record (type 03)");
                case 5 -> startAddress(length, address, "start linear address record (type 05)");
                default -> throw new IllegalStateException("type " + type + " passed decode");
            }
            return true;
        }

        /** The record's bytes, checked as intelhex does and in its order: form, length, type, checksum. */
        private byte[] decode(String line) {
            if (line.charAt(0) != ':') {
                throw malformed("not an Intel HEX record: a record starts with ':', this line with "
                        + describe(line.charAt(0)));
            }
            for (int i = 1; i < line.length(); i++) {
                if (hexValue(line.charAt(i)) < 0) {
                    throw malformed(describe(line.charAt(i)) + " at column " + (i + 1) + " is not a hex digit");
                }
            }
            int digits = line.length() - 1;
            if (digits % 2 != 0) {
                throw malformed("odd number of hex digits (" + digits + ") after ':'");
            }
            byte[] rec = new byte[digits / 2];
            for (int i = 0; i < rec.length; i++) {
                rec[i] = (byte) (hexValue(line.charAt(1 + 2 * i)) << 4 | hexValue(line.charAt(2 + 2 * i)));
            }
            if (rec.length < 5) {
                throw malformed("record of " + bytes(rec.length)
                        + " is too short; length, address, type and checksum alone take 5");
            }
            int length = rec[0] & 0xff;
            if (length + 5 != rec.length) {
                throw malformed("the length field says " + bytes(length) + " of data, the record holds "
                        + (rec.length - 5));
            }
            int type = rec[3] & 0xff;
            if (type > 5) {
                throw malformed(String.format("unknown record type %02X; Intel HEX has types 00 to 05", type));
            }
            int sum = 0;
            for (int i = 0; i < rec.length - 1; i++) {
                sum += rec[i] & 0xff;
            }
            int expected = -sum & 0xff;
            int actual = rec[rec.length - 1] & 0xff;
            if (actual != expected) {
                throw malformed(String.format("checksum mismatch: the record ends in %02X, its bytes need %02X",
                        actual, expected));
            }
            return rec;
        }

        private void data(long address, byte[] rec, int length) {
            if (length == 0) {
                return;
            }
            long recordEnd = address + length;
            Map.Entry<Long, Run> before = runs.floorEntry(address);
            if (before != null && before.getKey() + before.getValue().length > address) {
                throw overlap(address);
            }
            Map.Entry<Long, Run> after = runs.higherEntry(address);
            if (after != null && after.getKey() < recordEnd) {
                throw overlap(after.getKey());
            }
            if (recordEnd > ADDRESS_LIMIT) {
                throw malformed(String.format("data at 0x%X to 0x%X runs past 0xFFFFFFFF, the top of the 32-bit"
                        + " address space", address, recordEnd - 1));
            }
            long newMin = Math.min(min, address);
            long newEnd = Math.max(end, recordEnd);
            if (newEnd - newMin > maxSpan) {
                throw malformed(String.format("data at 0x%X makes the data span 0x%X bytes (0x%X to 0x%X), more"
                        + " than any flash slot (at most 0x%X bytes); does the file hold data for another"
                        + " memory?", address, newEnd - newMin, newMin, newEnd - 1, maxSpan));
            }
            min = newMin;
            end = newEnd;
            if (before != null && before.getKey() + before.getValue().length == address) {
                before.getValue().append(rec, 4, length);
            } else {
                Run run = new Run(length);
                run.append(rec, 4, length);
                runs.put(address, run);
            }
        }

        private MalformedImageException overlap(long address) {
            return malformed(String.format("data at 0x%X overlaps data an earlier record gave", address));
        }

        private long extendedAddress(byte[] rec, int address, String what) {
            int length = rec[0] & 0xff;
            checkForm(length, 2, address, what);
            return (rec[4] & 0xff) << 8 | (rec[5] & 0xff);
        }

        private void startAddress(int length, int address, String what) {
            checkForm(length, 4, address, what);
            if (startRecordLine != 0) {
                throw malformed("a second start address record; the first is on line " + startRecordLine);
            }
            startRecordLine = lineNo;
        }

        private void checkForm(int length, int wanted, int address, String what) {
            if (length != wanted) {
                throw malformed(what + " with " + bytes(length) + " of data; it must have " + wanted);
            }
            if (address != 0) {
                throw malformed(String.format("%s with address %04X; it must have 0000", what, address));
            }
        }

        Firmware firmware() {
            if (runs.isEmpty()) {
                throw new MalformedImageException(eof
                        ? name + " line " + lineNo + ": end-of-file record, and no data record before it"
                        : lineNo == 0 ? name + ": the file is empty, not an Intel HEX file"
                        : name + ": no data record in its " + lineNo + (lineNo == 1 ? " line" : " lines"));
            }
            byte[] flat = new byte[(int) (end - min)];
            Arrays.fill(flat, (byte) 0xff);
            for (Map.Entry<Long, Run> e : runs.entrySet()) {
                System.arraycopy(e.getValue().data, 0, flat, (int) (e.getKey() - min), e.getValue().length);
            }
            return new Firmware(flat, min);
        }

        private MalformedImageException malformed(String what) {
            return new MalformedImageException(name + " line " + lineNo + ": " + what);
        }
    }

    /** Bytes at consecutive addresses, grown as records continue them. */
    private static final class Run {
        byte[] data;
        int length;

        Run(int capacity) {
            data = new byte[Math.max(capacity, 16)];
        }

        void append(byte[] from, int pos, int n) {
            if (length + n > data.length) {
                data = Arrays.copyOf(data, Math.max(length + n, 2 * data.length));
            }
            System.arraycopy(from, pos, data, length, n);
            length += n;
        }
    }

    /** 0 to 15 for an ASCII hex digit of either case, else -1. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** A character for a message: printable ASCII quoted, anything else by its code. */
    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c == '\t') {
            return "a tab";
        }
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("character 0x%02X", (int) c);
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
                byte[] joined = Arrays.copyOf(last.data(), last.data().length + s.data().length);
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
