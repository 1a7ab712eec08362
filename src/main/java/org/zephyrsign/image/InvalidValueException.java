package org.zephyrsign.image;

import org.zephyrsign.ZephyrSignException;

/**
 * A value does not parse (a version, a number, a dependency list). It says what is wrong with the
 * value only; {@link ImageOption} adds which option, named the way the user wrote it.
 */
public class InvalidValueException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String problem) {
        super(problem);
    }
}
