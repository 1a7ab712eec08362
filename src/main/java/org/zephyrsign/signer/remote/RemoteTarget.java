package org.zephyrsign.signer.remote;

import org.zephyrsign.signer.remote.RemoteSignerException.Kind;

/**
 * Who a remote signer talks to, as every message names it: the backend ({@code vault}), the key
 * ({@code transit key 'fw' at https://vault:8200}) and where the credentials came from
 * ({@code token from environment variable VAULT_TOKEN}). Never a secret: the credential is named by
 * its source only.
 *
 * @param backend the backend's type
 * @param key the key and service, in the service's terms
 * @param credentialSource where the credential came from, e.g. "token from env:VAULT_TOKEN"; null when none is used
 */
public record RemoteTarget(String backend, String key, String credentialSource) {

    /** The same target with the credential source known (after the credential was found). */
    public RemoteTarget withCredentialSource(String source) {
        return new RemoteTarget(backend, key, source);
    }

    /** The one-line prefix of every message: "vault signer, transit key 'fw' at https://... (token from env:VAULT_TOKEN)". */
    public String describe() {
        return backend + " signer, " + key + (credentialSource == null ? "" : " (" + credentialSource + ")");
    }

    /**
     * The exception for a failure: "PREFIX: WHAT; HINT". {@code detail} is what the service or the
     * network said; it is made one line and cut short, and must never carry a secret (the callers
     * pass service error texts, never request headers).
     */
    public RemoteSignerException failure(Kind kind, String detail, Throwable cause) {
        String what = switch (kind) {
            case UNREACHABLE -> "cannot reach the service";
            case TLS -> "TLS handshake failed";
            case AUTH -> "the service refused the credentials";
            case KEY_NOT_FOUND -> "the key does not exist";
            case KEY_DISABLED -> "the key is disabled";
            case WRONG_KEY_TYPE -> "the key cannot sign MCUboot images";
            case RATE_LIMITED -> "the service kept refusing for load";
            case MALFORMED_RESPONSE -> "the service's answer is malformed";
            case SIGNATURE_INVALID -> "the signature does not verify against the key's public half from the same "
                    + "service; nothing was written";
            case SERVICE_ERROR -> "the service refused the request";
            case COMMAND_FAILED -> "the signing command failed";
        };
        String hint = switch (kind) {
            case UNREACHABLE -> "check the address, the network and the proxy settings";
            case TLS -> "check the CA bundle (caBundle) and the client certificate";
            case AUTH -> "check that the credential is valid and allowed to read the key and sign with it";
            case KEY_NOT_FOUND -> "check the key name and version";
            case KEY_DISABLED -> "enable the key or its version, or name another";
            case RATE_LIMITED -> "try again later or raise the retries";
            default -> null;
        };
        String d = oneLine(detail);
        return new RemoteSignerException(kind, describe() + ": " + what + (d.isEmpty() ? "" : " (" + d + ")")
                + (hint == null ? "" : "; " + hint), cause);
    }

    public RemoteSignerException failure(Kind kind, String detail) {
        return failure(kind, detail, null);
    }

    /** One line, at most 300 characters: service texts may be long or multi-line. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("[\\r\\n\\t]+", " ").replaceAll(" {2,}", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }
}
