package org.zephyrsign;

/**
 * Base of every failure the core reports. The message is one line a user can act on; it never
 * contains a secret. Front ends (CLI, mojos) print {@link #getMessage()} and nothing else.
 */
public class ZephyrSignException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZephyrSignException(String message) {
        super(message);
    }

    public ZephyrSignException(String message, Throwable cause) {
        super(message, cause);
    }
}
