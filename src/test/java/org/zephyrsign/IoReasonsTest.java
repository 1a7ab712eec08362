package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read gets a reason a user can act on, not Java's "X: X". */
class IoReasonsTest {
    @TempDir
    Path tmp;

    @Test
    void exceptionsBecomePlainReasons() {
        // Java's own messages for these are the path alone: "cannot read input X: X" said nothing.
        assertEquals("permission denied", IoReasons.of(new AccessDeniedException("/k.pem")));
        assertEquals("no such file or directory", IoReasons.of(new NoSuchFileException("/k.pem")));
        assertEquals("not a directory", IoReasons.of(new NotDirectoryException("/k.pem")));
        assertEquals("is a directory", IoReasons.of(new FileSystemException("/k.pem", null, "Is a directory")));
        assertEquals("input/output error", IoReasons.of(new FileSystemException("/k", null, "Input/output error")));
        assertEquals("cannot be accessed", IoReasons.of(new FileSystemException("/k.pem")));
        assertEquals("read error", IoReasons.of(new IOException()));
        assertEquals("is not text", IoReasons.of(new java.nio.charset.MalformedInputException(1)));
    }

    @Test
    void pathsThatCannotBeReadAsRegularFiles() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertNull(IoReasons.problem(file));
        assertEquals("no such file", IoReasons.problem(tmp.resolve("missing")));
        assertEquals("no such file or directory", IoReasons.problem(tmp.resolve("no/such/dir/f")));
        assertEquals(file + " is not a directory", IoReasons.problem(file.resolve("f")));
        assertEquals("is a directory", IoReasons.problem(tmp));
        assertEquals("is a character device, not a regular file", IoReasons.problem(Path.of("/dev/zero")));
        Path fifo = tmp.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(true, p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        assertEquals("is a named pipe (FIFO), not a regular file", IoReasons.problem(fifo));
        Path dangling = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("gone"));
        assertEquals("a symbolic link to a file that does not exist", IoReasons.problem(dangling));
    }

    @Test
    void readSmallReadsRegularFilesUpToTheLimit() throws Exception {
        Path file = Files.write(tmp.resolve("f"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, IoReasons.readSmall(file, 3, IllegalStateException::new));
        assertEquals("larger than 2 bytes; not the kind of file expected here", assertThrows(
                IllegalStateException.class, () -> IoReasons.readSmall(file, 2, IllegalStateException::new)).getMessage());
        assertEquals("is a directory", assertThrows(IllegalStateException.class,
                () -> IoReasons.readSmall(tmp, 2, IllegalStateException::new)).getMessage());
    }
}
