package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path tmp;

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
}
