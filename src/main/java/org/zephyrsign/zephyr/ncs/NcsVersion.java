package org.zephyrsign.zephyr.ncs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zephyrsign.ZephyrSignException;

/**
 * The nRF Connect SDK in a west workspace: its {@code nrf} module and the version in the module's
 * {@code VERSION} file (one line, e.g. {@code 3.0.2} or {@code 2.9.99-dev1}), as sdk-nrf keeps it.
 */
public record NcsVersion(String version, Path file) {
    /** The NCS of the workspace, or null when it has no {@code nrf/VERSION} (plain Zephyr). */
    public static NcsVersion of(Path westTopdir) {
        if (westTopdir == null) {
            return null;
        }
        Path file = westTopdir.resolve("nrf").resolve("VERSION");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String v = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (v.isEmpty() || v.length() > 64 || v.contains("\n")) {
                throw new ZephyrSignException(file + " does not hold one version line");
            }
            return new NcsVersion(v, file);
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
