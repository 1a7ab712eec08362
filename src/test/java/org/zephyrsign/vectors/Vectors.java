package org.zephyrsign.vectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zephyrsign.cli.Main;

/**
 * The imgtool 2.4.0 vectors copied from the shared set into src/test/resources/vectors: the
 * manifest, and a way to run their exact imgtool argument lists through our CLI.
 */
public final class Vectors {
    public static final Path DIR = locate();
    private static JsonObject manifest;

    private Vectors() {
    }

    private static Path locate() {
        try {
            return Path.of(Vectors.class.getResource("/vectors/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized JsonObject manifest() {
        if (manifest == null) {
            try {
                manifest = JsonParser.parseString(Files.readString(DIR.resolve("manifest.json"))).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    public static List<JsonObject> list(String section) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : manifest().getAsJsonArray(section)) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    public static Path path(String relative) {
        return DIR.resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** What a CLI run printed and returned. */
    public record Run(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs imgtool's argument list through our CLI. Arguments naming files of the vector set are
     * made absolute; the ones in {@code outputs} are redirected into {@code outDir} (same name).
     */
    public static Run run(List<String> args, List<String> outputs, Path outDir) {
        List<String> mapped = new ArrayList<>();
        for (String a : args) {
            if (outputs.contains(a)) {
                mapped.add(outDir.resolve(Path.of(a).getFileName()).toString());
            } else if (!a.startsWith("-") && a.contains("/") && Files.exists(path(a))) {
                mapped.add(path(a).toString());
            } else {
                mapped.add(a);
            }
        }
        return runCli(mapped.toArray(String[]::new));
    }

    public static Run runCli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
