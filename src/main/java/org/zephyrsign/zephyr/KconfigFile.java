package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zephyrsign.ZephyrSignException;

/** A Kconfig {@code .config} as Zephyr's build writes it: {@code CONFIG_NAME=value} lines. */
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
                if (line.startsWith("CONFIG_") && eq > 0) {
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
}
