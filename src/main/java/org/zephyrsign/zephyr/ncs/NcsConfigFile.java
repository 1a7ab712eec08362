package org.zephyrsign.zephyr.ncs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zephyrsign.ZephyrSignException;

/**
 * A {@code NAME=value} file as the nRF Connect SDK's build writes them: the partition manager's
 * {@code pm.config} (written by {@code scripts/partition_manager_output.py}: {@code PM_<NAME>_ADDRESS},
 * {@code _SIZE}, ... in hex) and sysbuild's own {@code zephyr/.config} ({@code SB_CONFIG_*}).
 * Comment lines start with {@code #}; quoted values are unquoted.
 */
public final class NcsConfigFile {
    private final Path file;
    private final Map<String, String> values;

    private NcsConfigFile(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    public static NcsConfigFile read(Path file) {
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
            throw new ZephyrSignException(file + " does not exist: was the nRF Connect SDK build run?");
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read " + file + ": " + e.getMessage());
        }
        return new NcsConfigFile(file, values);
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

    /** The value, unquoted; null when unset. */
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

    /** A number as the partition manager writes it (0x hex, or decimal). */
    public long requireNumber(String name, String neededFor) {
        String v = require(name, neededFor);
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ZephyrSignException(name + " in " + file + " is not a number: " + v);
        }
    }
}
