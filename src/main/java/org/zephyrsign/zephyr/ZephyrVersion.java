package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Zephyr tree's version, as its {@code VERSION} file states it ({@code VERSION_MAJOR = 3} ...),
 * and what this plugin knows differs between versions.
 *
 * <p>Supported: Zephyr 3.4 (the oldest tree checked by hand: v3.4.0 with its MCUboot) up to the
 * current releases. Before 3.5 a build signs its images through {@code west sign}; from 3.5 on
 * {@code cmake/mcuboot.cmake} calls imgtool itself. Board names of the form {@code board/soc}
 * (hardware model v2) exist from 3.7 on.
 */
public record ZephyrVersion(int major, int minor, int patchLevel, Path file) {
    /** The oldest tree this plugin was checked against. */
    public static final String OLDEST_SUPPORTED = "3.4";

    /**
     * @param zephyrBase the zephyr repository of a workspace ($ZEPHYR_BASE)
     * @return the version, or null when the tree has no readable VERSION file
     */
    public static ZephyrVersion read(Path zephyrBase) {
        Path file = zephyrBase.resolve("VERSION");
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            return new ZephyrVersion(Integer.parseInt(fields.get("VERSION_MAJOR")),
                    Integer.parseInt(fields.get("VERSION_MINOR")),
                    Integer.parseInt(fields.getOrDefault("PATCHLEVEL", "0")), file);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The version of the tree that made a build: its generated version.h
     * ({@code zephyr/include/generated/version.h}; later trees put it in {@code .../generated/zephyr/}).
     *
     * @param imageBuildDir an image's build directory (for sysbuild, the domain's)
     * @return the version, or null when the build has no readable version.h
     */
    public static ZephyrVersion ofBuild(Path imageBuildDir) {
        Path generated = imageBuildDir.resolve("zephyr/include/generated");
        for (Path file : new Path[] {generated.resolve("zephyr/version.h"), generated.resolve("version.h")}) {
            Map<String, String> defines = new HashMap<>();
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] words = line.trim().split("\\s+");
                    if (words.length >= 3 && words[0].equals("#define")) {
                        defines.put(words[1], words[2]);
                    }
                }
                return new ZephyrVersion(Integer.parseInt(defines.get("KERNEL_VERSION_MAJOR")),
                        Integer.parseInt(defines.get("KERNEL_VERSION_MINOR")),
                        Integer.parseInt(defines.getOrDefault("KERNEL_PATCHLEVEL", "0")), file);
            } catch (IOException | RuntimeException unreadable) {
                // the other location, or unknown
            }
        }
        return null;
    }

    public boolean atLeast(int wantedMajor, int wantedMinor) {
        return major > wantedMajor || major == wantedMajor && minor >= wantedMinor;
    }

    /** Whether this tree is older than what the plugin was checked against. */
    public boolean olderThanSupported() {
        return !atLeast(3, 4);
    }

    /** Whether the tree's build signs through {@code west sign} (before 3.5) rather than imgtool directly. */
    public boolean signsThroughWestSign() {
        return !atLeast(3, 5);
    }

    /** Whether board names may have the {@code board/soc} form (hardware model v2, Zephyr 3.7). */
    public boolean knowsQualifiedBoardNames() {
        return atLeast(3, 7);
    }

    /**
     * What would pass the image parameters to imgtool in this tree's own build, for the log.
     *
     * @param version the tree's version, or null when unknown
     */
    public static String signingSource(ZephyrVersion version) {
        if (version == null) {
            return "as cmake/mcuboot.cmake would pass them";
        }
        return version.signsThroughWestSign()
                ? "as west sign would pass them, which Zephyr " + version + "'s cmake/mcuboot.cmake runs"
                : "as Zephyr " + version + "'s cmake/mcuboot.cmake would pass them";
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patchLevel;
    }
}
