package org.zephyrsign.image;

import org.zephyrsign.ZephyrSignException;

/** A user-supplied option is wrong; the front end names it in its own vocabulary. */
public class InvalidOptionException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;
    private final ImageOption option;
    private final String problem;

    public InvalidOptionException(ImageOption option, String problem) {
        super(option.cliName() + ": " + problem);
        this.option = option;
        this.problem = problem;
    }

    public ImageOption option() {
        return option;
    }

    /** The problem without the option's name, for a front end that names it its own way. */
    public String problem() {
        return problem;
    }
}
