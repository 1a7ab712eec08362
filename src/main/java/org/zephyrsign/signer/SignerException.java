package org.zephyrsign.signer;

import org.zephyrsign.ZephyrSignException;

/** A signer backend failed; the message names the backend and what to do. */
public class SignerException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;

    public SignerException(String message) {
        super(message);
    }

    public SignerException(String message, Throwable cause) {
        super(message, cause);
    }
}
