package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a sysbuild build directory's {@code domains.yaml} (written by sysbuild's domains.cmake, read
 * by west flash) says: which domain is the default one, the application's.
 */
public final class SysbuildDomains {
    private SysbuildDomains() {
    }

    /** The file sysbuild writes into its build directory. */
    public static Path file(Path sysbuildDir) {
        return sysbuildDir.resolve("domains.yaml");
    }

    /** The default domain ({@code default: NAME}), or null when there is no readable domains.yaml. */
    public static String defaultDomain(Path sysbuildDir) {
        try {
            for (String line : Files.readAllLines(file(sysbuildDir), StandardCharsets.UTF_8)) {
                if (line.startsWith("default:")) {
                    String name = line.substring("default:".length()).trim();
                    return name.isEmpty() ? null : name;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        return null;
    }
}
