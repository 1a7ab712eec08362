package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zephyrsign.ZephyrSignException;

/**
 * A file of Kconfig assignments, {@code NAME=value} lines: the {@code .config} Zephyr's build writes
 * ({@code CONFIG_*}), sysbuild's own ({@code SB_CONFIG_*}) and the nRF Connect SDK partition
 * manager's {@code pm.config} ({@code PM_<PARTITION>_ADDRESS}, {@code _SIZE}, ...). Comment lines
 * start with {@code #}; quoted values are unquoted.
 */
public final class KconfigFile {
    private final Path file;
    private final Map<String, String> values;

    private KconfigFile(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    public static KconfigFile read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line = line.strip();
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), unquote(line.substring(eq + 1)));
                }
            }
        } catch (NoSuchFileException e) {
            throw new ZephyrSignException("Kconfig file " + file + " does not exist: was the Zephyr build run?");
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read Kconfig file " + file + ": " + e.getMessage());
        }
        return new KconfigFile(file, values);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    public Path file() {
        return file;
    }

    /** The value, without quotes; null when unset. */
    public String get(String name) {
        return values.get(name);
    }

    public boolean isEnabled(String name) {
        return "y".equals(values.get(name));
    }

    /** The value, or an error naming the file and the symbol and why it is needed. */
    public String require(String name, String neededFor) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new ZephyrSignException(name + " is not set in " + file + " (needed for " + neededFor + ")");
        }
        return v;
    }

    /** A number as Kconfig and the partition manager write it (0x hex, or decimal). */
    public long requireNumber(String name, String neededFor) {
        String v = require(name, neededFor);
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ZephyrSignException(name + " in " + file + " is not a number: " + v);
        }
    }
}
