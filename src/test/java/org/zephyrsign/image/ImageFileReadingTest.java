package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.vectors.Vectors;

/**
 * An image file is read in pieces (header, TLV areas, trailer; the payload streamed when hashed),
 * an array at once: both must see exactly the same image, and refuse a malformed one with the same
 * message.
 */
class ImageFileReadingTest {
    @TempDir
    Path tmp;

    /** Every vector image, plus truncations and corruptions of a few of them. */
    private static List<byte[]> images() throws IOException {
        List<byte[]> all = new ArrayList<>();
        try (Stream<Path> cases = Files.list(Vectors.path("cases"))) {
            for (Path c : cases.sorted().toList()) {
                Path signed = c.resolve("signed.bin");
                if (Files.exists(signed)) {
                    all.add(Files.readAllBytes(signed));
                }
            }
        }
        for (String name : List.of("ed25519-custom-tlv", "ed25519-basic", "ecdsa-p256-enc-ec256")) {
            Path file = Vectors.path("cases/" + name + "/signed.bin");
            if (!Files.exists(file)) {
                continue;
            }
            byte[] good = Files.readAllBytes(file);
            for (int length : new int[] {0, 10, 31, 32, 0x200, 0x3e8, good.length - 1, good.length - 70}) {
                if (length <= good.length) {
                    all.add(Arrays.copyOf(good, Math.max(0, length)));
                }
            }
            for (int at : new int[] {0, 8, 10, 12, 15, good.length - 60, good.length - 3}) {
                byte[] b = good.clone();
                b[at] ^= (byte) 0x80;
                all.add(b);
            }
            byte[] padded = Arrays.copyOf(good, good.length + 4096);
            Arrays.fill(padded, good.length, padded.length, (byte) 0xff);
            all.add(padded);
        }
        return all;
    }

    @Test
    void fileAndArraySeeTheSameImageOrTheSameProblem() throws IOException {
        int i = 0;
        for (byte[] b : images()) {
            Path file = Files.write(tmp.resolve("img" + i++ + ".bin"), b);
            String name = file.getFileName().toString();
            ParsedImage fromArray;
            try {
                fromArray = ImageReader.parse(b, name);
            } catch (MalformedImageException e) {
                assertEquals(e.getMessage(), assertThrows(MalformedImageException.class,
                        () -> ImageReader.read(file)).getMessage());
                continue;
            }
            ParsedImage fromFile = ImageReader.read(file);
            assertEquals(ImageDump.format(fromArray), ImageDump.format(fromFile), name);
            assertEquals(ImageDump.json(fromArray), ImageDump.json(fromFile), name);
            ImageVerifier.Result a = ImageVerifier.verify(fromArray, null, null);
            ImageVerifier.Result f = ImageVerifier.verify(fromFile, null, null);
            assertEquals(a.ok(), f.ok(), name);
            assertEquals(a.reason(), f.reason(), name);
            assertEquals(a.digestHex(), f.digestHex(), name);
            assertArrayEquals(b, fromFile.bytes());
            assertEquals(b.length, fromFile.size());
        }
    }

    @Test
    void partsStreamAsTheyAreInTheFile() throws IOException {
        byte[] b = Vectors.bytes("cases/ed25519-custom-tlv/signed.bin");
        Path file = Files.write(tmp.resolve("img.bin"), b);
        ParsedImage image = ImageReader.read(file);
        int from = image.header().headerSize();
        try (InputStream in = image.open(from, image.protectedOffset())) {
            assertArrayEquals(Arrays.copyOfRange(b, from, image.protectedOffset()), in.readAllBytes());
        }
        MessageDigest md = HashAlgorithm.SHA256.newDigest();
        image.update(md, 0, image.tlvOffset());
        assertArrayEquals(HashAlgorithm.SHA256.newDigest().digest(Arrays.copyOf(b, image.tlvOffset())), md.digest());
        assertArrayEquals(new byte[0], image.tail(7), "no bytes after the TLV area: no trailer");
        byte[] padded = Arrays.copyOf(b, b.length + 100);
        padded[padded.length - 1] = 1;
        ParsedImage withTrailer = ImageReader.read(Files.write(tmp.resolve("padded.bin"), padded));
        assertEquals(100, withTrailer.trailingBytes());
        assertArrayEquals(Arrays.copyOfRange(padded, padded.length - 7, padded.length), withTrailer.tail(7));
        assertArrayEquals(Arrays.copyOfRange(padded, b.length, padded.length), withTrailer.tail(1000));
    }

    @Test
    void anImageThatChangesSizeAfterParsingIsReportedNotMisread() throws IOException {
        byte[] b = Vectors.bytes("cases/ed25519-custom-tlv/signed.bin");
        Path file = Files.write(tmp.resolve("img.bin"), b);
        ParsedImage image = ImageReader.read(file);
        Files.write(file, Arrays.copyOf(b, b.length - 1));
        MalformedImageException e = assertThrows(MalformedImageException.class,
                () -> ImageVerifier.verify(image, null, null));
        assertEquals("image " + file + " changed while it was read", e.getMessage());
    }
}
