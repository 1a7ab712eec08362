package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.vectors.Vectors;

/** The CLI never loses a file it was given: bad output paths are refused before anything changes. */
class CliOutputFilesTest {
    @TempDir
    Path tmp;

    private Path firmware;
    private Path key;

    @BeforeEach
    void inputs() throws IOException {
        firmware = Files.copy(Vectors.path("inputs/app-small.bin"), tmp.resolve("fw.bin"));
        key = Files.copy(Vectors.path("keys/ed25519.pem"), tmp.resolve("key.pem"));
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                all.put(tmp.relativize(p).toString(), Files.isDirectory(p) ? "/"
                        : Arrays.toString(Files.readAllBytes(p)));
            }
        }
        return all;
    }

    private Vectors.Run sign(String... extra) {
        List<String> args = new ArrayList<>(List.of("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S",
                "0x60000", "-v", "1.0.0"));
        args.addAll(List.of(extra));
        return Vectors.runCli(args.toArray(String[]::new));
    }

    /** Exit 2, exactly one line, "Error: " and the given text; and no file changed. */
    private void refused(Map<String, String> before, Vectors.Run run, String message) throws IOException {
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals("Error: " + message + System.lineSeparator(), run.stderr());
        assertEquals(before, snapshot());
    }

    @Test
    void anUnwritableSigOutLeavesThePreviousImageAsItWas() throws Exception {
        Path image = Files.writeString(tmp.resolve("out.bin"), "previous image");
        Path sigDir = Files.createDirectories(tmp.resolve("sig"));
        Map<String, String> before = snapshot();
        refused(before, sign("-k", key.toString(), "--sig-out", sigDir.toString(), firmware.toString(),
                image.toString()), "--sig-out " + sigDir + " is a directory");
        Files.writeString(tmp.resolve("not-a-dir"), "x");
        before = snapshot();
        Path under = tmp.resolve("not-a-dir/out.sig");
        refused(before, sign("-k", key.toString(), "--sig-out", under.toString(), firmware.toString(),
                image.toString()), "--sig-out " + under + ": " + tmp.resolve("not-a-dir") + " is not a directory");
    }

    @Test
    void sigOutNamingTheOutputIsRefused() throws Exception {
        Path image = Files.writeString(tmp.resolve("out.bin"), "previous image");
        Map<String, String> before = snapshot();
        refused(before, sign("-k", key.toString(), "--sig-out", image.toString(), firmware.toString(),
                image.toString()), "OUTFILE " + image + " and --sig-out " + image
                        + " name the same file; give each output its own name");
        Path viaDotDot = tmp.resolve("sub/../out.bin");
        Files.createDirectories(tmp.resolve("sub"));
        before = snapshot();
        refused(before, sign("-k", key.toString(), "--sig-out", viaDotDot.toString(), firmware.toString(),
                image.toString()), "OUTFILE " + image + " and --sig-out " + viaDotDot
                        + " name the same file; give each output its own name");
    }

    @Test
    void vectorInfoNamingTheVectorFileIsRefused() throws Exception {
        Path digest = Files.writeString(tmp.resolve("digest.bin"), "previous digest");
        Map<String, String> before = snapshot();
        refused(before, sign("--vector-to-sign", "digest", "--fix-sig-pubkey", Vectors.path("keys/ed25519.pub.pem")
                .toString(), "--vector-info", digest.toString(), firmware.toString(), digest.toString()),
                "OUTFILE " + digest + " and --vector-info " + digest
                        + " name the same file; give each output its own name");
    }

    @Test
    void anOutputNamingAnInputIsRefused() throws Exception {
        Map<String, String> before = snapshot();
        refused(before, sign("-k", key.toString(), firmware.toString(), firmware.toString()),
                "OUTFILE " + firmware + " names the input INFILE " + firmware
                        + ": writing it would destroy the input; give the output another name");
        Path image = tmp.resolve("out.bin");
        refused(before, sign("-k", key.toString(), "--sig-out", key.toString(), firmware.toString(),
                image.toString()), "--sig-out " + key + " names the input -k " + key
                        + ": writing it would destroy the input; give the output another name");
    }

    @Test
    void getpubDoesNotWriteOverItsKey() throws Exception {
        Map<String, String> before = snapshot();
        Vectors.Run run = Vectors.runCli("getpub", "-k", key.toString(), "-e", "pem", "-o", key.toString());
        refused(before, run, "--output " + key + " names the input -k " + key
                + ": writing it would destroy the input; give the output another name");
    }

    @Test
    void distinctOutputsAreWritten() throws Exception {
        Path image = Files.writeString(tmp.resolve("out.bin"), "previous image");
        Path sig = tmp.resolve("out.sig");
        Vectors.Run run = sign("-k", key.toString(), "--sig-out", sig.toString(), firmware.toString(),
                image.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.size(image) > Files.size(firmware));
        assertTrue(Files.readString(sig).matches("[A-Za-z0-9+/]{86}=="), Files.readString(sig)); // 64 bytes
    }
}
