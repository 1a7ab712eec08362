package org.zephyrsign.zephyr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs west: arguments one by one (never a shell string), output streamed line by line as it comes
 * (stdout to {@code info}, stderr to {@code warn}), the last lines kept for the error message when
 * west fails. {@code west --version} is checked once per executable.
 */
public final class WestRunner {
    private static final int KEPT_LINES = 25;
    private static final Map<String, String> CHECKED_VERSIONS = new ConcurrentHashMap<>();

    private final String west;
    private final ProcessLauncher launcher;
    private final Consumer<String> info;
    private final Consumer<String> warn;

    /**
     * @param west the west executable: a path, or a name looked up on PATH ("west")
     */
    public WestRunner(String west, ProcessLauncher launcher, Consumer<String> info, Consumer<String> warn) {
        this.west = west;
        this.launcher = launcher;
        this.info = info;
        this.warn = warn;
    }

    /** The west workspace $ZEPHYR_BASE implies (its parent), or null when it is not set. */
    public static Path workspaceFromZephyrBase() {
        String zephyrBase = System.getenv("ZEPHYR_BASE");
        if (zephyrBase == null || zephyrBase.isBlank()) {
            return null;
        }
        return Path.of(zephyrBase).toAbsolutePath().getParent();
    }

    /** Checks that west runs (once per executable and JVM); returns what it says its version is. */
    public String version(Path workingDirectory, Map<String, String> environment) {
        String cached = CHECKED_VERSIONS.get(west);
        if (cached != null) {
            return cached;
        }
        List<String> out = new ArrayList<>();
        int exit = execute(List.of("--version"), workingDirectory, environment, out::add, out::add);
        if (exit != 0) {
            throw new WestException("'" + west + " --version' failed with exit code " + exit + ": "
                    + String.join(" | ", out), exit, out);
        }
        String version = out.isEmpty() ? "unknown" : out.get(0).trim();
        CHECKED_VERSIONS.put(west, version);
        return version;
    }

    /** Runs {@code west ARGS} quietly and returns its first line of output (e.g. {@code west topdir}). */
    public String firstLine(List<String> args, Path workingDirectory, Map<String, String> environment) {
        version(workingDirectory, environment);
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int exit = execute(args, workingDirectory, environment, out::add, err::add);
        if (exit != 0 || out.isEmpty()) {
            throw new WestException("west " + String.join(" ", args) + " failed with exit code " + exit
                    + (err.isEmpty() ? "" : ": " + String.join(" | ", err)), exit, err);
        }
        return out.get(0).trim();
    }

    /** Runs {@code west ARGS}; fails with west's exit code and its last lines when it fails. */
    public void run(List<String> args, Path workingDirectory, Map<String, String> environment) {
        run(args, workingDirectory, environment, lines -> null);
    }

    /**
     * Runs {@code west ARGS}; fails with west's exit code, the sentence {@code explain} makes of
     * west's last lines (when it knows the cause) and those lines.
     */
    public void run(List<String> args, Path workingDirectory, Map<String, String> environment,
            java.util.function.Function<List<String>, String> explain) {
        version(workingDirectory, environment);
        info.accept("Running " + west + " " + String.join(" ", args) + " in " + workingDirectory);
        Deque<String> last = new ArrayDeque<>();
        Consumer<String> keep = line -> {
            synchronized (last) {
                if (last.size() == KEPT_LINES) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
        };
        int exit = execute(args, workingDirectory, environment, keep.andThen(info), keep.andThen(warn));
        if (exit != 0) {
            List<String> lines = new ArrayList<>(last);
            String why = explain.apply(lines);
            throw new WestException("west " + args.get(0) + " failed with exit code " + exit
                    + (why == null ? "" : ": " + why)
                    + (lines.isEmpty() ? "" : (why == null ? "; its last lines:" : " West's last lines:") + "\n  " + String.join("\n  ", lines)),
                    exit, lines);
        }
    }

    private int execute(List<String> args, Path dir, Map<String, String> environment, Consumer<String> out,
            Consumer<String> err) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new WestException("the west workspace directory " + dir + " does not exist", -1, List.of());
        }
        List<String> command = new ArrayList<>();
        command.add(west);
        command.addAll(args);
        Process process;
        try {
            process = launcher.start(command, dir, environment);
        } catch (IOException e) {
            throw new WestException("west not found: '" + west + "' could not be started (" + e.getMessage()
                    + "); install west (pip install west) and put it on PATH, or set the west executable", -1,
                    List.of());
        }
        try {
            process.getOutputStream().close(); // west gets no input: never wait on a prompt
        } catch (IOException ignored) {
            // the process may already be gone; its exit code will say so
        }
        Thread errPump = pump(process.getErrorStream(), err);
        pumpLines(process.getInputStream(), out);
        try {
            errPump.join();
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new WestException("interrupted while west was running", -1, List.of());
        }
    }

    private static Thread pump(InputStream in, Consumer<String> lines) {
        Thread t = new Thread(() -> pumpLines(in, lines), "west-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void pumpLines(InputStream in, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
