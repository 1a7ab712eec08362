package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {
    @TempDir
    Path tmp;

    private String refused(OutputPaths paths) {
        return assertThrows(OutputPaths.RefusedException.class, paths::check).getMessage();
    }

    @Test
    void theMessageNamesBothOptionsAndBothPaths() throws Exception {
        Files.createDirectories(tmp.resolve("build"));
        Path out = tmp.resolve("out.bin");
        Path same = tmp.resolve("build/../out.bin");
        assertEquals("OUTFILE " + out + " and --sig-out " + same + " name the same file; give each output its own name",
                refused(new OutputPaths().output("OUTFILE", out).output("--sig-out", same.toString())));
    }

    @Test
    void anOutputNamingAnInputIsRefusedThroughLinksToo() throws Exception {
        Path firmware = Files.writeString(tmp.resolve("fw.bin"), "firmware");
        Path link = Files.createSymbolicLink(tmp.resolve("signed.bin"), firmware.getFileName());
        assertEquals("OUTFILE " + link + " names the input INFILE " + firmware
                + ": writing it would destroy the input; give the output another name",
                refused(new OutputPaths().output("OUTFILE", link).input("INFILE", firmware)));
        Path key = Files.writeString(tmp.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----");
        assertEquals("--sig-out " + key + " names the input -k " + key
                + ": writing it would destroy the input; give the output another name",
                refused(new OutputPaths().output("OUTFILE", tmp.resolve("x.bin")).output("--sig-out", key.toString())
                        .input("-k", key.toString())));
    }

    @Test
    void distinctFilesAndInputsThatAreNoFilesPass() throws Exception {
        Files.writeString(tmp.resolve("fw.bin"), "firmware");
        assertDoesNotThrow(() -> new OutputPaths().output("OUTFILE", tmp.resolve("out.bin"))
                .output("--sig-out", tmp.resolve("out.bin.sig").toString()).output("--vector-info", (String) null)
                .input("INFILE", tmp.resolve("fw.bin")).input("-k", "pkcs11:token=fw;object=key?pin-source=env:X")
                .input("--fix-sig", (String) null).input("-E", tmp.resolve("missing.pem").toString()).check());
    }

    @Test
    void namesThatDifferOnlyByCaseAreDistinctWhereTheFileSystemSaysSo() throws Exception {
        // This machine's file system tells case apart (the probe must say so, and leave nothing);
        // on one that does not (macOS, Windows), the same check refuses OUT.bin beside out.bin.
        boolean ignoresCase = OutputPaths.ignoresCase(tmp);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
        Files.writeString(tmp.resolve("probe"), "");
        assertEquals(Files.exists(tmp.resolve("PROBE")), ignoresCase);
        Files.delete(tmp.resolve("probe"));
        OutputPaths paths = new OutputPaths().output("OUTFILE", tmp.resolve("new/out.bin"))
                .output("--sig-out", tmp.resolve("new/OUT.bin"));
        if (ignoresCase) {
            refused(paths);
        } else {
            assertDoesNotThrow(paths::check);
        }
        assertFalse(Files.exists(tmp.resolve("new")));
    }

    @Test
    void anOutputThatCannotBeAFileIsRefusedByName() throws Exception {
        Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(tmp.resolve("file"), "x");
        assertEquals("--sig-out " + tmp.resolve("dir") + " is a directory",
                refused(new OutputPaths().output("--sig-out", tmp.resolve("dir"))));
        assertEquals("--vector-info " + tmp.resolve("file/info.json") + ": " + tmp.resolve("file")
                + " is not a directory", refused(new OutputPaths().output("--vector-info",
                        tmp.resolve("file/info.json"))));
    }
}
