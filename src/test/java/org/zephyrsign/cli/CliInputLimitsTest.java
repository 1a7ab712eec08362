package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.vectors.Vectors;

/**
 * Inputs that are no image file, or larger than any image, are refused by their size and kind
 * before anything is read: a FIFO would block for ever, {@code /dev/zero} never ends, a sparse
 * multi-GiB file would exhaust the heap. Each gives exit 2 and one line.
 */
class CliInputLimitsTest {
    /** Refusals must come at once; this only keeps a regression from hanging the build. */
    private static final Duration NO_HANG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private static void refused(String expected, String... args) {
        Vectors.Run run = assertTimeoutPreemptively(NO_HANG, () -> Vectors.runCli(args));
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals("Error: " + expected + System.lineSeparator(), run.stderr());
    }

    private static String[] sign(Path in, Path out) {
        return new String[] {"sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v", "1.0.0",
            "-k", Vectors.path("keys/ed25519.pem").toString(), in.toString(), out.toString()};
    }

    /** The core refuses the same files itself, for the Maven goals and any other caller. */
    private static void refusedByTheCore(String expected, org.junit.jupiter.api.function.Executable read) {
        org.zephyrsign.image.MalformedImageException e = assertTimeoutPreemptively(NO_HANG,
                () -> org.junit.jupiter.api.Assertions.assertThrows(org.zephyrsign.image.MalformedImageException.class,
                        read));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void aFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = tmp.resolve("pipe.bin");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        Path hex = tmp.resolve("pipe.hex");
        assumeTrue(new ProcessBuilder("mkfifo", hex.toString()).start().waitFor() == 0);
        String pipe = ": is a named pipe (FIFO), not a regular file";
        refused("IMGFILE " + fifo + pipe, "verify", fifo.toString());
        refused("IMGFILE " + fifo + pipe, "dumpinfo", fifo.toString());
        refused("IMGFILE " + hex + pipe, "dumpinfo", hex.toString());
        refused("INFILE " + fifo + pipe, sign(fifo, tmp.resolve("out.bin")));
        refused("INFILE " + hex + pipe, sign(hex, tmp.resolve("out.bin")));
        refusedByTheCore("image " + fifo + pipe, () -> ImageReader.read(fifo));
        refusedByTheCore("image " + hex + pipe, () -> ImageReader.read(hex));
        refusedByTheCore("input " + fifo + pipe, () -> Firmware.read(fifo));
        refusedByTheCore("input " + hex + pipe, () -> Firmware.read(hex));
    }

    @Test
    void devZeroIsRefusedInsteadOfReadUntilTheHeapIsGone() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        String device = ": is a character device, not a regular file";
        refused("IMGFILE /dev/zero" + device, "verify", "/dev/zero");
        refused("IMGFILE /dev/zero" + device, "dumpinfo", "/dev/zero");
        refused("INFILE /dev/zero" + device, sign(zero, tmp.resolve("out.bin")));
        refusedByTheCore("image /dev/zero" + device, () -> ImageReader.read(zero));
        refusedByTheCore("input /dev/zero" + device, () -> Firmware.read(zero));
    }

    @Test
    void aDirectoryIsRefused() {
        refused("IMGFILE " + tmp + ": is a directory", "verify", tmp.toString());
        refusedByTheCore("image " + tmp + ": is a directory", () -> ImageReader.read(tmp));
    }

    /** A sparse file: any size, no disk space, created at once. */
    private Path sparse(String name, long size) throws IOException {
        Path file = tmp.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void filesLargerThanAnyImageAreRefusedBeforeReading() throws IOException {
        for (long size : new long[] {Integer.MAX_VALUE + 1L, 5L << 30}) {
            Path huge = sparse("huge-" + size + ".bin", size);
            refused(huge + " is " + size + " bytes, larger than any MCUboot image this tool reads (2 GiB; "
                    + "MCUboot's own limit is 4 GiB)", "verify", huge.toString());
            refused(huge + " is " + size + " bytes, larger than any MCUboot image this tool reads (2 GiB; "
                    + "MCUboot's own limit is 4 GiB)", "dumpinfo", huge.toString());
            refused("input " + huge + " is " + size + " bytes; this tool signs inputs of up to 2 GiB ("
                    + (Integer.MAX_VALUE - 64L) + " bytes)", sign(huge, tmp.resolve("out.bin")));
        }
    }

    @Test
    void aHugeImageSizeInTheHeaderIsTruncationNotAnAllocation() throws IOException {
        byte[] good = Vectors.bytes("cases/ed25519-basic/signed.bin");
        good[12] = (byte) 0xf0; // img_size 0x....f0: 4 GiB less a little
        good[13] = good[14] = good[15] = (byte) 0xff;
        Path file = Files.write(tmp.resolve("lies.bin"), good);
        refused(String.format("lies.bin: truncated: header 0x200 + payload 0xfffffff0 bytes run past the end of the "
                + "file (0x%x bytes)", good.length), "verify", file.toString());
    }
}
