package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher's archive is made from one training run: it must run every command and leave nothing behind. */
class CdsTrainingTest {
    private static long trainingDirectories() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("zephyr-sign-cds")).count();
        }
    }

    @Test
    void runsAndCleansUp() throws Exception {
        long before = trainingDirectories();
        CdsTraining.main(new String[0]);
        assertEquals(before, trainingDirectories());
    }
}
