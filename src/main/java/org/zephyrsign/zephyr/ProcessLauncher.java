package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts external processes; the seam where tests could hand in another launcher. */
@FunctionalInterface
public interface ProcessLauncher {
    /**
     * @param environment variables added to (or replacing those of) this process's environment
     */
    Process start(List<String> command, Path workingDirectory, Map<String, String> environment) throws IOException;

    /** The real thing: {@link ProcessBuilder}, environment inherited and extended. */
    ProcessLauncher SYSTEM = (command, dir, environment) -> {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(environment);
        return pb.start();
    };
}
