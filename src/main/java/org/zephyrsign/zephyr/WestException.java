package org.zephyrsign.zephyr;

import java.util.List;
import org.zephyrsign.ZephyrSignException;

/** west could not be run, or failed; carries its exit code and its last lines of output. */
public class WestException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final List<String> lastLines;

    public WestException(String message, int exitCode, List<String> lastLines) {
        super(message);
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> lastLines() {
        return lastLines;
    }
}
