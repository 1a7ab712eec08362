package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.image.Lzma2Compression.Type;
import org.zephyrsign.vectors.Vectors;

/**
 * LZMA2 bodies against imgtool 2.4.0's compressed vectors ({@code extra_cases}) and against
 * liblzma ({@code xz}). XZ for Java's stream is not byte-identical to liblzma's at imgtool's
 * settings (normal mode), so our body is checked by what it decodes to, with our decoder and with
 * liblzma's; everything around it (header bytes, flags, sizes) is checked exactly.
 */
class Lzma2CompressionTest {
    /** imgtool's filter chain for xz: -d needs only the dictionary, the rest documents it. */
    private static final String XZ_LZMA2 = "--lzma2=preset=9,dict=128KiB,lc=3,lp=1,pb=2";

    @TempDir
    Path tmp;

    /** One compressed vector: imgtool's image, its input, the compression it asked for. */
    private record Case(String name, byte[] image, byte[] input, Type type) {
        int headerSize() {
            return u16(image, 8);
        }

        int imageSize() {
            return (int) u32(image, 12);
        }

        long flags() {
            return u32(image, 16);
        }

        byte[] body() {
            return Arrays.copyOfRange(image, headerSize(), headerSize() + imageSize());
        }

        /** The protected TLVs, in order (imgtool writes type as one byte plus a zero byte). */
        Map<Integer, byte[]> protectedTlvs() {
            int off = headerSize() + imageSize();
            assertEquals(0x6908, u16(image, off), name + ": protected TLV area magic");
            int end = off + u16(image, off + 2);
            assertEquals(u16(image, 10), end - off, name + ": protected_tlv_size");
            Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
            for (int p = off + 4; p < end; p += 4 + u16(image, p + 2)) {
                tlvs.put(u16(image, p), Arrays.copyOfRange(image, p + 4, p + 4 + u16(image, p + 2)));
            }
            return tlvs;
        }
    }

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JsonObject c : Vectors.list("extra_cases")) {
            List<String> args = Vectors.strings(c.getAsJsonArray("args"));
            String value = args.get(args.indexOf("--compression") + 1);
            Type type = Type.ofOptionValue(value).orElseThrow(() -> new AssertionError("compression " + value));
            out.add(new Case(c.get("name").getAsString(), Vectors.bytes(c.get("output").getAsString()),
                    Vectors.bytes(c.get("input").getAsString()), type));
        }
        assertEquals(2, out.size(), "the vectors' compression cases");
        return out;
    }

    private static Stream<DynamicTest> perCase(java.util.function.Consumer<Case> check) {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check.accept(c)));
    }

    @TestFactory
    Stream<DynamicTest> imgtoolsHeaderFlagsAndDecompSize() {
        return perCase(c -> {
            byte[] body = c.body();
            assertArrayEquals(Arrays.copyOf(body, 2), Lzma2Compression.header(), "the two-byte LZMA2 header");
            assertEquals(Lzma2Compression.DICT_SIZE, Lzma2Compression.dictSizeOfCode(body[0]));
            assertEquals(Optional.of(c.type()), Type.ofFlags(c.flags()), "flags 0x" + Long.toHexString(c.flags()));
            assertEquals(c.type().flags(), c.flags(), "imgtool sets no other flag here");
            Map<Integer, byte[]> tlvs = c.protectedTlvs();
            assertEquals(List.of(TlvType.DECOMP_SIZE, TlvType.DECOMP_SHA, TlvType.DECOMP_SIGNATURE),
                    List.copyOf(tlvs.keySet()));
            assertEquals(c.input().length, u32(tlvs.get(TlvType.DECOMP_SIZE), 0), "DECOMP_SIZE");
        });
    }

    @TestFactory
    Stream<DynamicTest> imgtoolsBodyDecompressesWithOurs() {
        return perCase(c -> {
            int decompSize = (int) u32(c.protectedTlvs().get(TlvType.DECOMP_SIZE), 0);
            assertArrayEquals(c.input(), Lzma2Compression.decompress(c.body(), c.type(), decompSize));
        });
    }

    @TestFactory
    Stream<DynamicTest> ourBodyDecompressesWithOursAndWithLiblzma() {
        return perCase(c -> {
            byte[] ours = Lzma2Compression.compress(c.input(), c.type());
            assertArrayEquals(Arrays.copyOf(c.body(), 2), Arrays.copyOf(ours, 2), "header bytes");
            assertArrayEquals(c.input(), Lzma2Compression.decompress(ours, c.type(), c.input().length));
            assertArrayEquals(c.input(), xz(stream(ours), "-d", filters(c.type())), "liblzma's decoding");
            // imgtool kept its compressed image for this input; the same rule keeps ours.
            int decompTlvValues = 4 + 32 + 64;
            assertTrue(Lzma2Compression.imgtoolKeepsCompressed(c.body(), decompTlvValues, c.input().length));
            assertTrue(Lzma2Compression.imgtoolKeepsCompressed(ours, decompTlvValues, c.input().length),
                    "our body: " + ours.length + " bytes, imgtool's: " + c.body().length);
        });
    }

    @Test
    void armThumbFilterIsLiblzmas() throws IOException {
        byte[] code = thumbCode();
        byte[] ours = Lzma2Compression.compress(code, Type.LZMA2_ARM_THUMB);
        assertArrayEquals(code, Lzma2Compression.decompress(ours, Type.LZMA2_ARM_THUMB, code.length));
        assertArrayEquals(code, xz(stream(ours), "-d", "--armthumb", XZ_LZMA2), "liblzma's decoding");

        // Under the LZMA2 layer: the filtered bytes equal liblzma's filtered bytes, and differ from
        // the input (so the input does exercise the filter, unlike the vectors' input).
        byte[] theirs = xz(code, "-z", "--armthumb", XZ_LZMA2);
        byte[] filteredByUs = xz(stream(ours), "-d", XZ_LZMA2);
        byte[] filteredByLiblzma = xz(theirs, "-d", XZ_LZMA2);
        assertArrayEquals(filteredByLiblzma, filteredByUs);
        assertFalse(Arrays.equals(code, filteredByUs), "the test input holds no Thumb BL instruction");

        byte[] theirsWithHeader = concat(Lzma2Compression.header(), theirs);
        assertArrayEquals(code, Lzma2Compression.decompress(theirsWithHeader, Type.LZMA2_ARM_THUMB, code.length));
        assertArrayEquals(filteredByUs, Lzma2Compression.decompress(theirsWithHeader, Type.LZMA2, code.length));
    }

    @Test
    void plainLzma2OfThumbCodeLeavesItUnfiltered() throws IOException {
        byte[] code = thumbCode();
        byte[] ours = Lzma2Compression.compress(code, Type.LZMA2);
        assertArrayEquals(code, xz(stream(ours), "-d", XZ_LZMA2));
    }

    @Test
    void incompressibleInputIsNotKept() {
        byte[] random = Vectors.bytes("inputs/app-4k.bin");
        byte[] ours = Lzma2Compression.compress(random, Type.LZMA2);
        assertArrayEquals(random, Lzma2Compression.decompress(ours, Type.LZMA2, random.length));
        assertFalse(Lzma2Compression.imgtoolKeepsCompressed(ours, 4 + 32 + 64, random.length),
                ours.length + " bytes for " + random.length);
        // Unsigned: DECOMP_SIZE and DECOMP_SHA only. The rule counts the stream without its header.
        int tlvs = 4 + 32;
        int limit = ours.length - Lzma2Compression.HEADER_LENGTH + tlvs;
        assertTrue(Lzma2Compression.imgtoolKeepsCompressed(ours, tlvs, limit + 1));
        assertFalse(Lzma2Compression.imgtoolKeepsCompressed(ours, tlvs, limit));
    }

    @Test
    void emptyPayloadRoundTrips() {
        byte[] ours = Lzma2Compression.compress(new byte[0], Type.LZMA2_ARM_THUMB);
        assertEquals(0, Lzma2Compression.decompress(ours, Type.LZMA2_ARM_THUMB, 0).length);
    }

    @Test
    void headerFollowsImgtoolsFormula() {
        // create_lzma2_header: the smallest code whose size holds the dictionary.
        assertEquals(0, Lzma2Compression.header(4096, 3, 1, 2)[0]);
        assertEquals(1, Lzma2Compression.header(4097, 3, 1, 2)[0]);
        assertEquals(0x0b, Lzma2Compression.header(131073, 3, 1, 2)[0]);
        assertEquals((byte) 0x5d, Lzma2Compression.header(131072, 3, 0, 2)[1]);
        assertEquals(3L << 30, Lzma2Compression.dictSizeOfCode(0x27));
    }

    @Test
    void flagsNameTheType() {
        assertEquals(Optional.empty(), Type.ofFlags(ImageFlags.RAM_LOAD | ImageFlags.ENCRYPTED_AES128));
        assertEquals(Optional.of(Type.LZMA2), Type.ofFlags(0x404));
        assertEquals(Optional.of(Type.LZMA2_ARM_THUMB), Type.ofFlags(0xc00));
        assertEquals("header flag COMPRESSED_ARM_THUMB (0x800) is set without COMPRESSED_LZMA2 (0x400)",
                assertThrows(MalformedImageException.class, () -> Type.ofFlags(0x800)).getMessage());
        assertThrows(MalformedImageException.class, () -> Type.ofFlags(0x200));
        assertThrows(MalformedImageException.class, () -> Type.ofFlags(0x600));
        assertEquals(Optional.empty(), Type.ofOptionValue("disabled"));
        assertEquals(Optional.of(Type.LZMA2_ARM_THUMB), Type.ofOptionValue("lzma2armthumb"));
    }

    @Test
    void brokenBodiesAreRefusedWithOneLine() {
        Case c = cases().get(0);
        byte[] body = c.body();
        int n = c.input().length;
        assertMessage("LZMA2 stream is truncated: it ends before its end marker",
                Arrays.copyOf(body, body.length - 1), n);
        assertMessage("LZMA2 stream is truncated: it ends before its end marker",
                Arrays.copyOf(body, body.length / 2), n);
        assertMessage("1 byte(s) after the end marker of the LZMA2 stream", concat(body, new byte[1]), n);
        assertMessage("LZMA2 stream decompresses to more than " + (n - 1) + " bytes", body, n - 1);
        assertMessage("compressed payload is 1 bytes, shorter than its 2-byte LZMA2 header", new byte[] {0x0a}, n);
        byte[] badCode = body.clone();
        badCode[0] = 0x28;
        assertMessage("LZMA2 header: dictionary size code 0x28 is out of range (0x00 to 0x27)", badCode, n);
        byte[] badProps = body.clone();
        badProps[1] = (byte) ((2 * 5 + 1) * 9 + 4);
        assertMessage("LZMA2 header: properties byte 0x67 is invalid (lc 4 + lp 1 must be at most 4, pb at most 4)",
                badProps, n);
        byte[] otherProps = body.clone();
        otherProps[1] = 0x5d;
        assertMessage("LZMA2 header says properties 0x5d but the stream's first chunk uses 0x66", otherProps, n);
        byte[] flipped = body.clone();
        flipped[body.length / 2] ^= 0x55;
        MalformedImageException e = assertThrows(MalformedImageException.class,
                () -> Lzma2Compression.decompress(flipped, c.type(), n));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static void assertMessage(String expected, byte[] body, int max) {
        assertEquals(expected, assertThrows(MalformedImageException.class,
                () -> Lzma2Compression.decompress(body, Type.LZMA2, max)).getMessage());
    }

    /**
     * 16 KiB of Thumb-like code: BL instructions (F000/F800 halfword pairs) calling a few targets
     * from changing addresses, between random halfwords without the BL bit patterns.
     */
    private static byte[] thumbCode() {
        Random r = new Random(8);
        int[] targets = {0x1000, 0x2468, 0x3f00, 0x0abc};
        ByteBuffer b = ByteBuffer.allocate(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 4) {
            if (r.nextInt(3) == 0) {
                int offset = ((targets[r.nextInt(targets.length)] - b.position() - 4) >> 1) & 0x3fffff;
                b.putShort((short) (0xf000 | (offset >>> 11)));
                b.putShort((short) (0xf800 | (offset & 0x7ff)));
            } else {
                b.putShort((short) (r.nextInt(0x10000) & 0xe7ff));
                b.putShort((short) (0x4600 | r.nextInt(0x100)));
            }
        }
        return b.array();
    }

    private static String[] filters(Type type) {
        return type == Type.LZMA2_ARM_THUMB ? new String[] {"--armthumb", XZ_LZMA2} : new String[] {XZ_LZMA2};
    }

    private static byte[] stream(byte[] body) {
        return Arrays.copyOfRange(body, Lzma2Compression.HEADER_LENGTH, body.length);
    }

    /** Runs liblzma's command line on raw streams: {@code xz --format=raw MODE FILTERS -c}. */
    private byte[] xz(byte[] input, String mode, String... filters) {
        try {
            Path in = Files.createTempFile(tmp, "xz", ".in");
            Path err = Files.createTempFile(tmp, "xz", ".err");
            Files.write(in, input);
            List<String> cmd = new ArrayList<>(List.of("xz", "--format=raw", mode));
            cmd.addAll(List.of(filters));
            cmd.add("-c");
            Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            assertEquals(0, code, String.join(" ", cmd) + ": " + Files.readString(err, StandardCharsets.UTF_8));
            return out;
        } catch (IOException e) {
            throw new AssertionError("xz (Debian package xz-utils) must be on PATH: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL;
    }
}
