package org.zephyrsign.image;

import org.zephyrsign.ZephyrSignException;

/** An image or input file cannot be read: truncated, bad magic, lengths past the end. */
public class MalformedImageException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;

    public MalformedImageException(String message) {
        super(message);
    }
}
