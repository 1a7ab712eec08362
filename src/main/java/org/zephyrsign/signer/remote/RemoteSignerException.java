package org.zephyrsign.signer.remote;

import org.zephyrsign.signer.SignerException;

/**
 * A remote signer failed. The message is one line that names the backend, the key and where the
 * credentials came from (never what they are), says what went wrong in the user's terms and what
 * to check; {@link #kind()} says which failure it was, for callers and tests. Made by
 * {@link RemoteTarget#failure}.
 */
public final class RemoteSignerException extends SignerException {
    private static final long serialVersionUID = 1L;

    /** The failures every remote backend reports the same way. */
    public enum Kind {
        /** No connection: DNS, refused, timed out, reset after the retries. */
        UNREACHABLE,
        /** The TLS handshake failed: an untrusted or mismatched certificate, a client certificate refused. */
        TLS,
        /** 401/403: the credentials were refused or lack the permission. Never retried. */
        AUTH,
        /** The key (or its version) does not exist. */
        KEY_NOT_FOUND,
        /** The key exists but is disabled, or its version is not enabled. */
        KEY_DISABLED,
        /** The key cannot sign, or not with an algorithm MCUboot verifies. */
        WRONG_KEY_TYPE,
        /** 429/5xx after the configured retries. */
        RATE_LIMITED,
        /** The answer is not what the service documents. */
        MALFORMED_RESPONSE,
        /** The service's signature does not verify against its own public key. */
        SIGNATURE_INVALID,
        /** Any other refusal by the service (an HTTP status with the service's own words). */
        SERVICE_ERROR,
        /** The local command of the {@code command} backend failed or timed out. */
        COMMAND_FAILED
    }

    private final Kind kind;

    RemoteSignerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
