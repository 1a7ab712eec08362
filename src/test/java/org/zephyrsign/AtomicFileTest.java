package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path tmp;

    /** Every file under tmp (relative name, a trailing / for directories) with its content. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path p : walk.filter(p -> !p.equals(tmp)).collect(Collectors.toList())) {
                String name = tmp.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    all.put(name, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    all.put(name + "/", "");
                } else {
                    all.put(name, Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all;
    }

    private static Map<Path, AtomicFile.Content> files(Object... pathsAndContents) {
        Map<Path, AtomicFile.Content> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Object c = pathsAndContents[i + 1];
            m.put((Path) pathsAndContents[i], c instanceof AtomicFile.Content content ? content
                    : out -> out.write(((String) c).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return m;
    }

    @Test
    void aFailedWriteLeavesNeitherTheFileNorItsTemporary() throws Exception {
        Path out = tmp.resolve("image.bin");
        assertThrows(ZephyrSignException.class, () -> AtomicFile.write(out, o -> {
            o.write(new byte[1000]);
            throw new java.io.IOException("disk full");
        }));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void filesThatBelongTogetherAreWrittenAllOrNone() throws Exception {
        Files.writeString(tmp.resolve("not-a-directory"), "x");
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(tmp.resolve("to-sign.bin"), o -> o.write(1));
        files.put(tmp.resolve("not-a-directory/to-sign.json"), o -> o.write(2));
        assertThrows(ZephyrSignException.class, () -> AtomicFile.writeAll(files));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(1, left.count()); // only the file that was there before
        }
    }

    // --- 6: a failure leaves every target as it was ---

    @Test
    void aFailureWritingTheSecondFileKeepsTheFirstFilesPreviousContent() throws Exception {
        Files.writeString(tmp.resolve("out.bin"), "old image");
        Map<String, String> before = snapshot();
        ZephyrSignException e = assertThrows(ZephyrSignException.class, () -> AtomicFile.writeAll(files(
                tmp.resolve("out.bin"), "new image",
                tmp.resolve("out.sig"), (AtomicFile.Content) o -> {
                    throw new IOException("No space left on device");
                })));
        assertEquals("cannot write " + tmp.resolve("out.sig") + ": No space left on device", e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void aFailedRenameRestoresTheFilesAlreadyReplaced() throws Exception {
        aFailedRenameRestoresTheFilesAlreadyReplaced(true);
    }

    @Test
    void withoutHardLinksTheFilesRenamedAsideAreRestoredToo() throws Exception {
        aFailedRenameRestoresTheFilesAlreadyReplaced(false);
    }

    private void aFailedRenameRestoresTheFilesAlreadyReplaced(boolean hardLinks) throws Exception {
        Path image = tmp.resolve("out.bin");
        Path fresh = tmp.resolve("new/out.json"); // neither it nor its directory exists yet
        Path sig = tmp.resolve("out.sig");
        Files.writeString(image, "old image");
        Files.writeString(sig, "old signature");
        Map<String, String> before = snapshot();
        // The last file's content step puts a directory where its target is, so the checks pass
        // and its rename, the last one, fails after the first two files are in place.
        Map<Path, AtomicFile.Content> group = files(image, "new image", fresh, "{}", tmp.resolve("late"),
                (AtomicFile.Content) o -> {
                    Files.createDirectories(tmp.resolve("late/inside"));
                    o.write(1);
                });
        ZephyrSignException e = assertThrows(ZephyrSignException.class,
                () -> AtomicFile.writeAll(group, hardLinks));
        assertTrue(e.getMessage().startsWith("cannot write " + tmp.resolve("late") + ": "), e.getMessage());
        before.put("late/", "");
        before.put("late/inside/", "");
        assertEquals(before, snapshot()); // the directory "new" is gone again, the old files are back
        // and the same group, the obstacle removed, goes through
        Files.delete(tmp.resolve("late/inside"));
        Files.delete(tmp.resolve("late"));
        AtomicFile.writeAll(files(image, "new image", sig, "new signature", fresh, "{}"), hardLinks);
        assertEquals(Map.of("out.bin", "new image", "out.sig", "new signature", "new/", "", "new/out.json", "{}"),
                snapshot());
    }

    @Test
    void noTargetChangesUntilEveryFileIsWritten() throws Exception {
        Path image = tmp.resolve("out.bin");
        Files.writeString(image, "old image");
        Path observed = tmp.resolve("observed");
        AtomicFile.writeAll(files(image, "new image", tmp.resolve("zz-last"), (AtomicFile.Content) o -> {
            Files.copy(image, observed); // between the writes and the renames: still the old file
            o.write('x');
        }));
        assertEquals("old image", Files.readString(observed));
        assertEquals("new image", Files.readString(image));
    }

    // --- 7: outputs naming the same file ---

    @Test
    void twoNamesForTheSameFileAreRefusedBeforeAnythingIsWritten() throws Exception {
        Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve("out.bin"), "old image");
        Files.createSymbolicLink(tmp.resolve("link.bin"), Path.of("out.bin"));
        Files.createLink(tmp.resolve("hard.bin"), tmp.resolve("out.bin"));
        Map<String, String> before = snapshot();
        for (Path other : List.of(tmp.resolve("sub/../out.bin"), tmp.resolve("link.bin"), tmp.resolve("hard.bin"))) {
            OutputPaths.RefusedException e = assertThrows(OutputPaths.RefusedException.class,
                    () -> AtomicFile.writeAll(files(tmp.resolve("out.bin"), "image", other, "signature")));
            assertEquals(tmp.resolve("out.bin") + " and " + other + " name the same file; give each output its own name",
                    e.getMessage());
            assertEquals(before, snapshot());
        }
        // two names for one file that does not exist yet
        assertThrows(OutputPaths.RefusedException.class, () -> AtomicFile.writeAll(files(
                tmp.resolve("new/x.bin"), "a", tmp.resolve("sub/../new/x.bin"), "b")));
        assertEquals(before, snapshot());
    }

    // --- 8: temporary files ---

    @Test
    void aStaleTemporaryFileIsRemovedByTheNextWriteAndOnlyThatOne() throws Exception {
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Path stale = tmp.resolve(".zephyr.signed.bin.0123456789abcdef.zephyrsign-tmp");
        Path fresh = tmp.resolve(".zephyr.signed.bin.fedcba9876543210.zephyrsign-tmp"); // a writer started after us
        Path held = tmp.resolve(".other.bin.00000000000000aa.zephyrsign-tmp"); // a live writer's
        Path notOurs = tmp.resolve(".zephyr.signed.bin123.tmp");
        Path oldCopy = tmp.resolve(".zephyr.signed.bin.0123456789abcdef.zephyrsign-old");
        for (Path p : List.of(stale, fresh, held, notOurs, oldCopy)) {
            Files.write(p, new byte[4096]);
        }
        for (Path p : List.of(stale, held, notOurs, oldCopy)) {
            Files.setLastModifiedTime(p, anHourAgo);
        }
        try (FileChannel c = FileChannel.open(held, StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            AtomicFile.write(tmp.resolve("zephyr.signed.bin"), new byte[] {1});
        }
        assertFalse(Files.exists(stale));
        for (Path p : List.of(fresh, held, notOurs, oldCopy)) {
            assertTrue(Files.exists(p), p.toString());
        }
    }

    @Test
    void aKilledWritersTemporaryIsRecognisableKeptWhileItLivesAndRemovedOnceItIsDead() throws Exception {
        Path target = tmp.resolve("zephyr.signed.bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HangingWriter.class.getName(), target.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("writing", lines.readLine());
            List<Path> left;
            try (Stream<Path> s = Files.list(tmp)) {
                left = s.collect(Collectors.toList());
            }
            assertEquals(1, left.size(), left.toString());
            Path temporary = left.get(0);
            assertTrue(temporary.getFileName().toString().matches(
                    "\\.zephyr\\.signed\\.bin\\.[0-9a-f]{16}\\.zephyrsign-tmp"), temporary.toString());
            // Older than this process, yet its writer lives and holds it: it stays.
            Files.setLastModifiedTime(temporary, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
            AtomicFile.write(tmp.resolve("zephyr.signed.hex"), new byte[] {1});
            assertTrue(Files.exists(temporary));
            child.destroyForcibly(); // kill -9
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(temporary)); // what a killed writer leaves
            AtomicFile.write(tmp.resolve("zephyr.signed.hex"), new byte[] {2});
            assertFalse(Files.exists(temporary));
            assertFalse(Files.exists(target));
        } finally {
            child.destroyForcibly();
        }
    }

    /** Starts writing a file, says so, then waits to be killed. */
    public static final class HangingWriter {
        public static void main(String[] args) {
            AtomicFile.write(Path.of(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until killed
                }
            });
        }
    }

    // --- 9: modes and links ---

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void aNewFileGetsTheDefaultPermissionsOfTheUmask() throws Exception {
        assumeTrue(posix());
        Path reference = Files.createFile(tmp.resolve("made-by-open"));
        Path out = tmp.resolve("out.bin");
        AtomicFile.write(out, new byte[] {1});
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws Exception {
        assumeTrue(posix());
        Path out = tmp.resolve("out.bin");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(out, new byte[] {1});
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        AtomicFile.write(out, new byte[] {2});
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void anOutputThatIsASymbolicLinkIsWrittenThroughAndStaysALink() throws Exception {
        Files.createDirectories(tmp.resolve("deploy"));
        Files.writeString(tmp.resolve("deploy/fw.bin"), "old");
        Files.createSymbolicLink(tmp.resolve("fw.bin"), Path.of("deploy/fw.bin"));
        Files.createSymbolicLink(tmp.resolve("fw2.bin"), Path.of("fw.bin")); // a chain
        AtomicFile.write(tmp.resolve("fw2.bin"), "new".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Map.of("deploy/", "", "deploy/fw.bin", "new", "fw.bin", "-> deploy/fw.bin",
                "fw2.bin", "-> fw.bin"), snapshot());
        // a link whose target does not exist yet: the target is created, the link stays
        Files.createSymbolicLink(tmp.resolve("fw.hex"), Path.of("deploy/fw.hex"));
        AtomicFile.write(tmp.resolve("fw.hex"), ":00000001FF".getBytes(StandardCharsets.US_ASCII));
        assertEquals(":00000001FF", Files.readString(tmp.resolve("deploy/fw.hex")));
        assertTrue(Files.isSymbolicLink(tmp.resolve("fw.hex")));
    }

    @Test
    void aSymbolicLinkLoopIsRefused() throws Exception {
        Files.createSymbolicLink(tmp.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(tmp.resolve("b"), Path.of("a"));
        OutputPaths.RefusedException e = assertThrows(OutputPaths.RefusedException.class,
                () -> AtomicFile.write(tmp.resolve("a"), new byte[] {1}));
        assertEquals(tmp.resolve("a") + ": too many levels of symbolic links", e.getMessage());
    }

    @Test
    void aPipeOrDeviceIsNotReplacedByAFile() throws Exception {
        Path fifo = tmp.resolve("fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assertEquals(0, mkfifo.waitFor());
        OutputPaths.RefusedException e = assertThrows(OutputPaths.RefusedException.class,
                () -> AtomicFile.write(fifo, new byte[] {1}));
        assertEquals(fifo + " is not a regular file", e.getMessage());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo));
    }
}
