package org.zephyrsign.image;

import org.zephyrsign.ZephyrSignException;

/**
 * An image option is wrong, or the image it describes cannot be made. The message starts with the
 * option as its source names it ({@code -S/--slot-size} on a command line, the POM element in
 * Maven, the Kconfig setting it came from), so each front end prints it as it is.
 */
public class InvalidOptionException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;
    private final ImageOption<?> option;

    InvalidOptionException(ImageOption<?> option, String namedOption, String problem) {
        super(namedOption + ": " + problem);
        this.option = option;
    }

    public ImageOption<?> option() {
        return option;
    }
}
