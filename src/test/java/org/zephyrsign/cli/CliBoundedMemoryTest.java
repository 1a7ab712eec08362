package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.vectors.Vectors;

/**
 * Memory does not grow with the image: a 256 MiB image is signed (and read back), verified and
 * dumped by a JVM whose heap is a quarter of that. Where a whole image must be in memory (pure
 * Ed25519 signs the image itself), running out is one line saying how much the image needs.
 */
class CliBoundedMemoryTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    private record Child(int exitCode, String stdout, String stderr) {
    }

    /** The CLI in a JVM of its own, with {@code -Xmx<heapMib>m}. */
    private Child cli(int heapMib, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMib + "m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("child.out");
        Path err = tmp.resolve("child.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish: " + command);
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path sparse(String name, long size) throws IOException {
        Path file = tmp.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size / 2);
            f.write("not only zeros".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void noTrace(Child c) {
        for (String text : List.of(c.stdout(), c.stderr())) {
            assertFalse(text.contains("Exception") || text.contains("at org.") || text.contains("at java."), text);
        }
    }

    @Test
    void aQuarterOfTheImageIsHeapEnoughToSignVerifyAndDumpIt() throws Exception {
        String key = Vectors.path("keys/ed25519.pem").toString();
        Path firmware = sparse("app.bin", 256 * MIB);
        Path image = tmp.resolve("signed.bin");
        Child sign = cli(64, "sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x20000000", "-v",
                "1.2.3", "-k", key, firmware.toString(), image.toString());
        assertEquals(0, sign.exitCode(), sign.stderr());
        assertTrue(Files.size(image) > 256 * MIB);

        Child verify = cli(64, "verify", "-k", key, image.toString());
        assertEquals(0, verify.exitCode(), verify.stderr());
        assertTrue(verify.stdout().startsWith("Image was correctly validated"), verify.stdout());

        Child dump = cli(64, "dumpinfo", "-f", "json", image.toString());
        assertEquals(0, dump.exitCode(), dump.stderr());
        assertTrue(dump.stdout().contains("\"img_size\": " + 256 * MIB), dump.stdout());
        noTrace(sign);
        noTrace(verify);
        noTrace(dump);
    }

    @Test
    void runningOutOfHeapIsOneLineThatSaysHowMuchTheImageNeeds() throws Exception {
        String key = Vectors.path("keys/ed25519.pem").toString();
        Path firmware = sparse("app.bin", 64 * MIB);
        Path image = tmp.resolve("pure.bin");
        Vectors.Run sign = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x8000000",
                "-v", "1.2.3", "--pure", "-k", key, firmware.toString(), image.toString());
        assertEquals(0, sign.exitCode(), sign.stderr());

        Child verify = cli(32, "verify", "-k", key, image.toString());
        assertEquals(1, verify.exitCode(), verify.stderr());
        assertEquals("", verify.stdout());
        assertTrue(verify.stderr().matches("Error: out of memory: checking the pure Ed25519 signature of pure\\.bin "
                + "\\(it signs the whole image\\) needs about 65 MiB of heap, and this JVM's heap is limited to \\d+ MiB; "
                + "give it more with -Xmx \\(for example -Xmx\\d+m\\)\\R"), verify.stderr());
        noTrace(verify);
    }
}
