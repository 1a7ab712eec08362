package org.zephyrsign.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Any bytes either parse or fail with {@link MalformedImageException}: no other exception, no
 * hang, no out-of-memory. Runs over its seeds in the normal suite (pom.xml, fuzz-regression);
 * {@code scripts/fuzz.sh} fuzzes.
 */
class ImageReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        try {
            ParsedImage image = ImageReader.parse(data, "fuzz");
            ImageDump.format(image);
            ImageDump.json(image);
            ImageVerifier.verify(image, null, null);
        } catch (MalformedImageException expected) {
            // the only acceptable failure
        }
    }

    @FuzzTest(maxDuration = "60s")
    void parseHex(byte[] data) throws IOException {
        try {
            IntelHex.read(new BufferedReader(new StringReader(new String(data, StandardCharsets.ISO_8859_1))), "fuzz");
        } catch (MalformedImageException expected) {
            // the only acceptable failure
        }
    }
}
