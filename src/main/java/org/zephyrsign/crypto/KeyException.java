package org.zephyrsign.crypto;

import org.zephyrsign.ZephyrSignException;

/** A key file or key object cannot be used: unreadable, wrong type, private where public is needed. */
public class KeyException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
