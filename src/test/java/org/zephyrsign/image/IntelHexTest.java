package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader accepts and refuses what intelhex 2.3.0's {@code IntelHex(path)} (imgtool's loader)
 * does. Each case names intelhex's verdict, seen by running it (Debian python3-intelhex 2.3.0,
 * /usr/bin/python3, the text written to a .hex file); the few places where we refuse more say why.
 */
class IntelHexTest {
    private static final String EOF = ":00000001FF\n";
    /** Four data bytes 01 02 03 04 at 0x1000. */
    private static final String DATA = rec(0x1000, 0, 1, 2, 3, 4);

    static Stream<Arguments> refused() {
        return Stream.of(
                // Reported crashes (ArrayIndexOutOfBoundsException before).
                no("04 without data; intelhex: ExtendedLinearAddressRecordError",
                        ":00000004FC\n" + DATA + EOF,
                        "line 1: extended linear address record (type 04) with 0 bytes of data; it must have 2"),
                no("04 without data at address 300D; intelhex: ExtendedLinearAddressRecordError",
                        ":00300D04BF\n" + DATA + EOF,
                        "line 1: extended linear address record (type 04) with 0 bytes of data; it must have 2"),
                no("02 without data; intelhex: ExtendedSegmentAddressRecordError",
                        rec(0, 2) + DATA + EOF,
                        "line 1: extended segment address record (type 02) with 0 bytes of data; it must have 2"),
                no("a record inside an earlier one; intelhex: AddressOverlapError at 0x1002 line 2",
                        DATA + rec(0x1002, 0, 9) + EOF,
                        "line 2: data at 0x1002 overlaps data an earlier record gave"),
                // Reported as wrongly accepted.
                no("04 with 1 byte; intelhex: ExtendedLinearAddressRecordError",
                        rec(0, 4, 1) + DATA + EOF,
                        "line 1: extended linear address record (type 04) with 1 byte of data; it must have 2"),
                no("04 with 3 bytes; intelhex: ExtendedLinearAddressRecordError",
                        rec(0, 4, 0, 1, 2) + DATA + EOF,
                        "line 1: extended linear address record (type 04) with 3 bytes of data; it must have 2"),
                no("02 with 3 bytes; intelhex: ExtendedSegmentAddressRecordError",
                        rec(0, 2, 0, 1, 2) + DATA + EOF,
                        "line 1: extended segment address record (type 02) with 3 bytes of data; it must have 2"),
                no("02 with 1 byte; intelhex: ExtendedSegmentAddressRecordError",
                        rec(0, 2, 1) + DATA + EOF,
                        "line 1: extended segment address record (type 02) with 1 byte of data; it must have 2"),
                no("03 with 1 byte; intelhex: StartSegmentAddressRecordError",
                        rec(0, 3, 1) + DATA + EOF,
                        "line 1: start segment address record (type 03) with 1 byte of data; it must have 4"),
                no("03 with 5 bytes; intelhex: StartSegmentAddressRecordError",
                        rec(0, 3, 1, 2, 3, 4, 5) + DATA + EOF,
                        "line 1: start segment address record (type 03) with 5 bytes of data; it must have 4"),
                no("05 with 1 byte; intelhex: StartLinearAddressRecordError",
                        rec(0, 5, 1) + DATA + EOF,
                        "line 1: start linear address record (type 05) with 1 byte of data; it must have 4"),
                no("05 with 3 bytes; intelhex: StartLinearAddressRecordError",
                        rec(0, 5, 1, 2, 3) + DATA + EOF,
                        "line 1: start linear address record (type 05) with 3 bytes of data; it must have 4"),
                no("the same record twice; intelhex: AddressOverlapError at 0x1000 line 2",
                        DATA + DATA + EOF,
                        "line 2: data at 0x1000 overlaps data an earlier record gave"),
                no("a record over the start of an earlier one; intelhex: AddressOverlapError at 0x1000",
                        DATA + rec(0x0ffe, 0, 9, 9, 9) + EOF,
                        "line 2: data at 0x1000 overlaps data an earlier record gave"),
                no("a record past the end of an earlier one; intelhex: AddressOverlapError at 0x1003",
                        DATA + rec(0x1003, 0, 9, 9) + EOF,
                        "line 2: data at 0x1003 overlaps data an earlier record gave"),
                no("04 and 02 reaching the same address; intelhex: AddressOverlapError at 0x11000 line 4",
                        rec(0, 4, 0, 1) + DATA + rec(0, 2, 0x10, 0) + DATA + EOF,
                        "line 4: data at 0x11000 overlaps data an earlier record gave"),
                // Extended and start address records must be at address 0000.
                no("04 at address 0010; intelhex: ExtendedLinearAddressRecordError",
                        rec(0x10, 4, 0, 1) + DATA + EOF,
                        "line 1: extended linear address record (type 04) with address 0010; it must have 0000"),
                no("02 at address 0010; intelhex: ExtendedSegmentAddressRecordError",
                        rec(0x10, 2, 0, 1) + DATA + EOF,
                        "line 1: extended segment address record (type 02) with address 0010; it must have 0000"),
                no("03 at address 0010; intelhex: StartSegmentAddressRecordError",
                        rec(0x10, 3, 0, 1, 2, 3) + DATA + EOF,
                        "line 1: start segment address record (type 03) with address 0010; it must have 0000"),
                no("05 at address 0010; intelhex: StartLinearAddressRecordError",
                        rec(0x10, 5, 0, 1, 2, 3) + DATA + EOF,
                        "line 1: start linear address record (type 05) with address 0010; it must have 0000"),
                // One start address record at most, whatever its kind or value.
                no("two identical 05 records; intelhex: DuplicateStartAddressRecordError line 2",
                        rec(0, 5, 0, 0, 0, 1) + rec(0, 5, 0, 0, 0, 1) + DATA + EOF,
                        "line 2: a second start address record; the first is on line 1"),
                no("03 then 05; intelhex: DuplicateStartAddressRecordError line 2",
                        rec(0, 3, 0, 0, 0, 1) + rec(0, 5, 0, 0, 0, 1) + DATA + EOF,
                        "line 2: a second start address record; the first is on line 1"),
                no("05 with address 0, data, 05; intelhex: DuplicateStartAddressRecordError line 3",
                        rec(0, 5, 0, 0, 0, 0) + DATA + rec(0, 5, 0, 0, 0, 1) + EOF,
                        "line 3: a second start address record; the first is on line 1"),
                // End-of-file record.
                no("01 with a data byte; intelhex: EOFRecordError",
                        DATA + rec(0, 1, 0),
                        "line 2: end-of-file record (type 01) with 1 byte; it must have none"),
                // Record form, checked in intelhex's order: hex, at least 5 bytes, length, type, checksum.
                no("type 06; intelhex: RecordTypeError",
                        rec(0, 6) + DATA + EOF,
                        "line 1: unknown record type 06; Intel HEX has types 00 to 05"),
                no("type 06 with a wrong checksum; intelhex: RecordTypeError (type before checksum)",
                        ":00000006FF\n" + DATA + EOF,
                        "line 1: unknown record type 06"),
                no("wrong checksum; intelhex: RecordChecksumError",
                        ":020000040000FA\n:10C000009F41BD5BCBB0F1D7BDA6EC8707D777C605\n",
                        "line 2: checksum mismatch: the record ends in 05, its bytes need 04"),
                no("length field 2, 1 byte present; intelhex: RecordLengthError",
                        ":0200000001FE\n" + EOF,
                        "line 1: the length field says 2 bytes of data, the record holds 1"),
                no("length field 0, 1 byte present; intelhex: RecordLengthError",
                        DATA + ":0000000001FF\n" + EOF,
                        "line 2: the length field says 0 bytes of data, the record holds 1"),
                no("4 bytes; intelhex: HexRecordError",
                        ":00000001\n" + EOF,
                        "line 1: record of 4 bytes is too short; length, address, type and checksum alone take 5"),
                no("':' alone; intelhex: HexRecordError",
                        ":\n" + EOF,
                        "line 1: record of 0 bytes is too short"),
                no("odd number of digits; intelhex: HexRecordError",
                        ":0100000001FE0\n" + EOF,
                        "line 1: odd number of hex digits (13) after ':'"),
                no("no ':'; intelhex: HexRecordError",
                        "00000001FF\n",
                        "line 1: not an Intel HEX record: a record starts with ':', this line with '0'"),
                no("a non-hex letter; intelhex: HexRecordError",
                        ":0100000G01FE\n" + EOF,
                        "line 1: 'G' at column 9 is not a hex digit"),
                // Only the line end is taken off a line: no other white space is allowed.
                no("a line of spaces; intelhex: HexRecordError line 2",
                        DATA + "   \n" + EOF,
                        "line 2: not an Intel HEX record: a record starts with ':', this line with a space"),
                no("a trailing space; intelhex: HexRecordError",
                        DATA.strip() + " \n" + EOF,
                        "line 1: a space at column 20 is not a hex digit"),
                no("a trailing tab; intelhex: HexRecordError",
                        DATA.strip() + "\t\n" + EOF,
                        "line 1: a tab at column 20 is not a hex digit"),
                no("a leading space; intelhex: HexRecordError",
                        " " + DATA + EOF,
                        "line 1: not an Intel HEX record: a record starts with ':', this line with a space"),
                no("a form feed line; intelhex: HexRecordError line 2",
                        DATA + "\f\n" + EOF,
                        "line 2: not an Intel HEX record: a record starts with ':', this line with character 0x0C"),
                no("Ctrl-Z before the end-of-file record; intelhex: HexRecordError line 2",
                        DATA + "\u001a\n" + EOF,
                        "line 2: not an Intel HEX record: a record starts with ':', this line with character 0x1A"),
                no("a UTF-8 byte order mark (read as Latin-1); intelhex: HexRecordError",
                        "\u00ef\u00bb\u00bf" + DATA + EOF,
                        "line 1: not an Intel HEX record: a record starts with ':', this line with character 0xEF"),
                no("a Latin-1 letter; intelhex: UnicodeDecodeError (not even its own error)",
                        DATA.strip() + "\u00e9\n" + EOF,
                        "line 1: character 0xE9 at column 20 is not a hex digit"),
                no("blank lines count; intelhex: RecordChecksumError at line 3",
                        "\n\n:0100000001FF\n" + EOF,
                        "line 3: checksum mismatch"),
                no("blank CR LF lines count; intelhex: RecordChecksumError at line 3",
                        "\r\n\r\n:0100000001FF\r\n" + EOF,
                        "line 3: checksum mismatch"),
                // Beyond intelhex, which accepts these.
                no("the first data at 0xFFFFFFFE runs past 4 GiB; intelhex loads it at 0xfffffffe, "
                        + "but cannot write it back (OverflowError)",
                        rec(0, 4, 0xff, 0xff) + rec(0xfffe, 0, 1, 2, 3, 4) + EOF,
                        "line 2: data at 0xFFFFFFFE to 0x100000001 runs past 0xFFFFFFFF, the top of the 32-bit"
                                + " address space"),
                no("0x0 and 0x7FFF0000: 2 GiB apart; intelhex makes a 2147418113-byte payload",
                        rec(0, 0, 1) + rec(0, 4, 0x7f, 0xff) + rec(0, 0, 1) + EOF,
                        "line 3: data at 0x7FFF0000 makes the data span 0x7FFF0001 bytes (0x0 to 0x7FFF0000),"
                                + " more than any flash slot (at most 0x10000000 bytes)"),
                no("an nRF UICR record beside the application; intelhex makes a 256 MiB payload",
                        DATA + rec(0, 4, 0x10, 0x00) + rec(0x1000, 0, 0xfe) + EOF,
                        "line 3: data at 0x10001000 makes the data span 0x10000001 bytes (0x1000 to 0x10001000)"),
                no("an empty file; intelhex loads it, no data: an empty payload",
                        "",
                        "the file is empty, not an Intel HEX file"),
                no("only the end-of-file record; intelhex loads no data",
                        EOF,
                        "line 1: end-of-file record, and no data record before it"),
                no("only a data record of length 0; intelhex loads no data",
                        rec(0x1234, 0) + "\n",
                        "no data record in its 2 lines"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String intelhex, String text, String message) {
        MalformedImageException e = assertThrows(MalformedImageException.class, () -> read(text));
        assertTrue(e.getMessage().startsWith("app.hex"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                yes("lowercase hex; intelhex: accepts",
                        (DATA + EOF).toLowerCase(java.util.Locale.ROOT), 0x1000, bytes(1, 2, 3, 4)),
                yes("CR LF line ends; intelhex: accepts",
                        (DATA + EOF).replace("\n", "\r\n"), 0x1000, bytes(1, 2, 3, 4)),
                yes("CR line ends; intelhex: accepts",
                        (DATA + EOF).replace("\n", "\r"), 0x1000, bytes(1, 2, 3, 4)),
                yes("mixed line ends; intelhex: accepts",
                        DATA.replace("\n", "\r\n") + EOF, 0x1000, bytes(1, 2, 3, 4)),
                yes("no line end after the last record; intelhex: accepts",
                        DATA + EOF.strip(), 0x1000, bytes(1, 2, 3, 4)),
                yes("blank lines; intelhex: skips them",
                        "\n\n" + DATA + "\n" + EOF + "\n", 0x1000, bytes(1, 2, 3, 4)),
                yes("no end-of-file record; intelhex: accepts",
                        DATA, 0x1000, bytes(1, 2, 3, 4)),
                yes("a data record after the end-of-file record; intelhex: ignores it",
                        DATA + EOF + rec(0x2000, 0, 7), 0x1000, bytes(1, 2, 3, 4)),
                yes("text after the end-of-file record; intelhex: ignores it",
                        DATA + EOF + "garbage\n\u0000", 0x1000, bytes(1, 2, 3, 4)),
                yes("two end-of-file records; intelhex: accepts",
                        DATA + EOF + EOF, 0x1000, bytes(1, 2, 3, 4)),
                yes("Ctrl-Z after the end-of-file record; intelhex: accepts",
                        DATA + EOF + "\u001a", 0x1000, bytes(1, 2, 3, 4)),
                yes("an end-of-file record at address 1234; intelhex: accepts, ignores the address",
                        DATA + rec(0x1234, 1), 0x1000, bytes(1, 2, 3, 4)),
                yes("a start linear address record after the data; intelhex: accepts",
                        DATA + rec(0, 5, 0, 0, 0x10, 0) + EOF, 0x1000, bytes(1, 2, 3, 4)),
                yes("a start segment address record; intelhex: accepts",
                        rec(0, 3, 0, 0, 0x10, 0) + DATA + EOF, 0x1000, bytes(1, 2, 3, 4)),
                yes("a data record of length 0; intelhex: ignores it, whatever its address",
                        rec(0x1234, 0) + DATA + rec(0x1000, 0) + EOF, 0x1000, bytes(1, 2, 3, 4)),
                yes("a record that touches the previous one; intelhex: 0x1000 01020304 05",
                        DATA + rec(0x1004, 0, 5) + EOF, 0x1000, bytes(1, 2, 3, 4, 5)),
                yes("a record that ends where the previous one starts; intelhex: 0xfff 05 01020304",
                        DATA + rec(0x0fff, 0, 5) + EOF, 0x0fff, bytes(5, 1, 2, 3, 4)),
                yes("a gap; intelhex pads 0xff: 0x1000 01020304 ff 06",
                        DATA + rec(0x1005, 0, 6) + EOF, 0x1000, bytes(1, 2, 3, 4, 0xff, 6)),
                yes("a record crossing 64 KiB, no 04; intelhex: not wrapped, 0xfffe 01020304",
                        rec(0xfffe, 0, 1, 2, 3, 4) + EOF, 0xfffe, bytes(1, 2, 3, 4)),
                yes("a record crossing 64 KiB after 04 0001; intelhex: not wrapped, 0x1fffe 01020304",
                        rec(0, 4, 0, 1) + rec(0xfffe, 0, 1, 2, 3, 4) + EOF, 0x1fffe, bytes(1, 2, 3, 4)),
                yes("a record crossing 64 KiB after 02 1000; intelhex: not wrapped, 0x1fffe 01020304",
                        rec(0, 2, 0x10, 0) + rec(0xfffe, 0, 1, 2, 3, 4) + EOF, 0x1fffe, bytes(1, 2, 3, 4)),
                yes("02 FFFF and offset FFFE; intelhex: 0x10ffee 01020304",
                        rec(0, 2, 0xff, 0xff) + rec(0xfffe, 0, 1, 2, 3, 4) + EOF, 0x10ffee, bytes(1, 2, 3, 4)),
                yes("data ending at 0xFFFFFFFF; intelhex: 0xfffffffc 01020304",
                        rec(0, 4, 0xff, 0xff) + rec(0xfffc, 0, 1, 2, 3, 4) + EOF, 0xfffffffcL, bytes(1, 2, 3, 4)),
                yes("a later 04 replaces the earlier 02; intelhex: 0x1000 01020304, 0x21000 07",
                        rec(0, 2, 0x10, 0) + rec(0, 4, 0, 0) + DATA + rec(0, 4, 0, 2) + rec(0x1000, 0, 7) + EOF,
                        0x1000, concat(bytes(1, 2, 3, 4), filled(0x20000 - 4), bytes(7))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String intelhex, String text, long base, byte[] data) throws IOException {
        Firmware firmware = read(text);
        assertEquals(base, firmware.baseAddress());
        assertArrayEquals(data, firmware.data());
    }

    @Test
    void recordsOutOfOrderBuildOneImage() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 15; i >= 0; i--) {
            text.append(rec(0x100 + 16 * i, 0, 16 * i, 16 * i + 1, 16 * i + 2, 16 * i + 3, 16 * i + 4, 16 * i + 5,
                    16 * i + 6, 16 * i + 7, 16 * i + 8, 16 * i + 9, 16 * i + 10, 16 * i + 11, 16 * i + 12,
                    16 * i + 13, 16 * i + 14, 16 * i + 15));
        }
        byte[] expected = new byte[256];
        for (int i = 0; i < 256; i++) {
            expected[i] = (byte) i;
        }
        Firmware firmware = read(text + EOF);
        assertEquals(0x100L, firmware.baseAddress());
        assertArrayEquals(expected, firmware.data());
    }

    @Test
    void spanUpToTheBoundIsAccepted() throws IOException {
        String text = DATA + rec(0x1000 + 63, 0, 9) + EOF;
        Firmware firmware = IntelHex.read(new BufferedReader(new StringReader(text)), "app.hex", 64);
        assertEquals(64, firmware.size());
        assertEquals(9, firmware.data()[63]);
    }

    @Test
    void spanOneByteOverTheBoundIsRefused() {
        String text = DATA + rec(0x1000 + 64, 0, 9) + EOF;
        MalformedImageException e = assertThrows(MalformedImageException.class,
                () -> IntelHex.read(new BufferedReader(new StringReader(text)), "app.hex", 64));
        assertEquals("app.hex line 2: data at 0x1040 makes the data span 0x41 bytes (0x1000 to 0x1040), more than"
                + " any flash slot (at most 0x40 bytes); does the file hold data for another memory?", e.getMessage());
    }

    @Test
    void spanBelowTheDataIsMeasuredToo() {
        String text = DATA + rec(0x1000 - 61, 0, 9) + EOF;
        MalformedImageException e = assertThrows(MalformedImageException.class,
                () -> IntelHex.read(new BufferedReader(new StringReader(text)), "app.hex", 64));
        assertTrue(e.getMessage().contains("span 0x41 bytes (0xFC3 to 0x1003)"), e.getMessage());
    }

    /** What the writer writes, the reader reads back to the same bytes: out and back for 70 KiB. */
    @Test
    void writerOutputReadsBack() throws IOException {
        byte[] data = new byte[70 * 1024 + 3];
        new java.util.Random(9).nextBytes(data);
        StringWriter out = new StringWriter();
        IntelHex.write(List.of(new IntelHex.Segment(0xfff0, data)), out);
        Firmware firmware = read(out.toString());
        assertEquals(0xfff0L, firmware.baseAddress());
        assertArrayEquals(data, firmware.data());
    }

    /** Through the file reader: any byte decodes, so a stray one is reported with its line. */
    @Test
    void fileWithANonAsciiByteNamesItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.hex");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((DATA + DATA.strip()).getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xc3);
        bytes.write(0xa9);
        bytes.write(("\r\n" + EOF).getBytes(StandardCharsets.US_ASCII));
        Files.write(file, bytes.toByteArray());
        MalformedImageException e = assertThrows(MalformedImageException.class, () -> Firmware.read(file));
        assertEquals(file + " line 2: character 0xC3 at column 20 is not a hex digit", e.getMessage());
    }

    /**
     * intelhex raises UnicodeDecodeError here, only because Python decodes the file as UTF-8 ahead
     * of the record it parses (and would not if the bytes came 8 KiB later); it ignores everything
     * after the end-of-file record, and so do we.
     */
    @Test
    void fileWithBinaryAfterTheEndRecordIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.hex");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((DATA + EOF).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        bytes.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x80});
        Files.write(file, bytes.toByteArray());
        Firmware firmware = Firmware.read(file);
        assertEquals(0x1000L, firmware.baseAddress());
        assertArrayEquals(bytes(1, 2, 3, 4), firmware.data());
    }

    private static Firmware read(String text) throws IOException {
        return IntelHex.read(new BufferedReader(new StringReader(text)), "app.hex");
    }

    private static Arguments no(String intelhex, String text, String message) {
        return Arguments.of(intelhex, text, message);
    }

    private static Arguments yes(String intelhex, String text, long base, byte[] data) {
        return Arguments.of(intelhex, text, base, data);
    }

    /** One record line, its checksum computed here: length, address, type, data, checksum. */
    static String rec(int address, int type, int... data) {
        StringBuilder sb = new StringBuilder(":");
        int sum = data.length + (address >> 8) + (address & 0xff) + type;
        sb.append(String.format("%02X%04X%02X", data.length, address, type));
        for (int b : data) {
            sb.append(String.format("%02X", b));
            sum += b;
        }
        return sb.append(String.format("%02X", -sum & 0xff)).append('\n').toString();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xff);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
