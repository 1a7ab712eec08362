package org.zephyrsign.signer;

/**
 * Where a signer says what a user should know: warnings (a development key in use) and plain
 * information (a login to a token). A lambda gives the warnings and drops the rest.
 */
@FunctionalInterface
public interface SignerLog {
    void warn(String message);

    default void info(String message) {
    }

    SignerLog NONE = message -> { };
}
