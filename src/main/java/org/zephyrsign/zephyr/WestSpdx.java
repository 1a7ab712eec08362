package org.zephyrsign.zephyr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zephyrsign.ZephyrSignException;

/**
 * Zephyr's own software bill of materials, the way Zephyr documents it: {@code west spdx --init -d
 * BUILD} before {@code west build} (so CMake's file API answers the query it leaves), then
 * {@code west spdx -d BUILD} after it, which writes three SPDX tag-value documents to
 * {@code BUILD/spdx/}.
 */
public final class WestSpdx {
    /** The documents west spdx writes, in the order Zephyr lists them. */
    public enum Document {
        /** The application's source files used for the build. */
        APP("app.spdx"),
        /** The Zephyr source files used for the build. */
        ZEPHYR("zephyr.spdx"),
        /** The build's output files. */
        BUILD("build.spdx");

        private final String fileName;

        Document(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    private WestSpdx() {
    }

    /** {@code spdx --init -d BUILD}: run before {@code west build}. */
    public static List<String> initArguments(Path buildDirectory) {
        return List.of("spdx", "--init", "-d", buildDirectory.toString());
    }

    /** {@code spdx -d BUILD}: run after {@code west build}. */
    public static List<String> generateArguments(Path buildDirectory) {
        return List.of("spdx", "-d", buildDirectory.toString());
    }

    /**
     * The documents {@code west spdx -d buildDirectory} wrote, each checked to be an SPDX tag-value
     * document.
     *
     * @throws ZephyrSignException naming every document that is missing or is not SPDX
     */
    public static Map<Document, Path> documents(Path buildDirectory) {
        Path dir = buildDirectory.resolve("spdx");
        Map<Document, Path> found = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Document d : Document.values()) {
            Path file = dir.resolve(d.fileName());
            if (!Files.isRegularFile(file)) {
                problems.add(d.fileName() + " is missing");
            } else if (!isSpdx(file)) {
                problems.add(d.fileName() + " is not an SPDX tag-value document (no SPDXVersion line first)");
            } else {
                found.put(d, file);
            }
        }
        if (!problems.isEmpty()) {
            throw new ZephyrSignException("west spdx did not write Zephyr's SPDX documents to " + dir + ": "
                    + String.join(", ", problems) + " (west spdx --init must run before west build, and a pristine "
                    + "build removes what it prepared; is this Zephyr's west spdx?)");
        }
        return found;
    }

    private static boolean isSpdx(Path file) {
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        return new String(head, 0, n, StandardCharsets.UTF_8).startsWith("SPDXVersion: SPDX-");
    }
}
