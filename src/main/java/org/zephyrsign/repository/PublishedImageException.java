package org.zephyrsign.repository;

import org.zephyrsign.ZephyrSignException;

/**
 * A published image that must not be flashed: not found, damaged on the way or in the repository,
 * signed by another key, or contradicted by its signing record. The command line exits 1.
 */
public class PublishedImageException extends ZephyrSignException {
    private static final long serialVersionUID = 1L;

    public PublishedImageException(String message) {
        super(message);
    }

    /** The request itself is wrong (a malformed key hash, URL or coordinates): the command line exits 2. */
    public static class Usage extends PublishedImageException {
        private static final long serialVersionUID = 1L;

        public Usage(String message) {
            super(message);
        }
    }
}
