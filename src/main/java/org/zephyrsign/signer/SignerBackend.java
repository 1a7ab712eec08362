package org.zephyrsign.signer;

import java.util.List;
import java.util.Map;
import org.zephyrsign.crypto.McubootPublicKey;

/**
 * One kind of signer: a PEM file, a PKCS#11 token, a key vault, an offline ceremony. Backends are
 * found with {@link java.util.ServiceLoader} ({@code META-INF/services/org.zephyrsign.signer.SignerBackend}),
 * so adding one is its class, its service entry and its tests; the front ends list, document and
 * check its parameters from {@link #parameters()}.
 */
public interface SignerBackend {
    /** The {@code <type>} that selects it, e.g. {@code pkcs11}. */
    String type();

    /** One line for help: what it signs with. */
    String summary();

    /** Every parameter it takes, in the order help lists them; anything else is refused. */
    List<SignerParameter> parameters();

    /** Opens the signer; the caller closes it when the build is done with it. */
    ImageSigner open(SignerConfig config, SignerLog log);

    /** The key's public half without signing anything (for getpub and the bootloader build). */
    default McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
        try (ImageSigner signer = open(config, log)) {
            return signer.publicKey();
        }
    }

    /**
     * Which key this configuration signs with, as text that is known without opening the signer (no
     * login, no remote call): the same text means the same key, so signing an unchanged image again
     * would change nothing. {@code zephyr:sign} records it and skips signing when it, the images and
     * their settings are unchanged. Never a secret, nor where one comes from (a PIN source may change
     * without changing the key). Null, the default: this backend cannot tell without opening the
     * signer, so every build signs.
     */
    default String keyIdentity(SignerConfig config) {
        return null;
    }

    /**
     * Whether {@link #publicKey} reads a file rather than asking a token or a service; then there
     * is nothing to save by remembering its answer.
     */
    default boolean publicKeyIsLocal() {
        return false;
    }

    /**
     * The parameters a command line's {@code -k} value stands for when it names a key of this
     * backend (an RFC 7512 {@code pkcs11:} URI, say); null when it does not.
     */
    default Map<String, String> fromKeyReference(String reference) {
        return null;
    }
}
