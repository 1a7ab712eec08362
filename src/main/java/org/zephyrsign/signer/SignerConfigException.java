package org.zephyrsign.signer;

/**
 * The signer is configured wrong: a malformed {@code pkcs11:} URI, a missing or unknown parameter,
 * a PIN reference that is no reference, a file it names that cannot be read. The user fixes the
 * configuration (the command line exits 2, as for any bad usage), unlike a signer that failed while
 * working (a wrong PIN, a token that went away), which is a plain {@link SignerException}.
 */
public class SignerConfigException extends SignerException {
    private static final long serialVersionUID = 1L;

    public SignerConfigException(String message) {
        super(message);
    }
}
