package org.zephyrsign.crypto;

import org.zephyrsign.ZephyrSignException;

/** A signature is malformed or does not verify against the expected public key. */
public class SignatureException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;

    public SignatureException(String message) {
        super(message);
    }

    public SignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
