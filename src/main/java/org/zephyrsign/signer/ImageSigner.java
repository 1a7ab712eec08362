package org.zephyrsign.signer;

import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.crypto.McubootPublicKey;

/**
 * The signer SPI every backend implements: a PEM file, a PKCS#11 token, a key vault, an offline
 * ceremony. A signer never hands out private key material; it only answers {@link #sign}.
 */
public interface ImageSigner extends AutoCloseable {

    /** The key's public half: it decides the algorithm, fills the key TLV and checks every signature. */
    McubootPublicKey publicKey();

    /**
     * Signs {@link SigningRequest#message()}. The result may be in any encoding
     * {@link org.zephyrsign.crypto.SignatureCodec#toTlvValue} accepts (raw r||s or DER for ECDSA);
     * the caller verifies it against {@link #publicKey()} before anything is written.
     */
    byte[] sign(SigningRequest request);

    /** Names the backend and key for logs and error messages; never contains a secret. */
    String description();

    /**
     * What this signer can tell about its key for the signing record (key reference, whether it
     * can leave the HSM or vault); {@link KeyFacts#UNKNOWN} by default. Asked after signing, while
     * the signer is open; it should not need another login or remote call.
     */
    default KeyFacts keyFacts() {
        return KeyFacts.UNKNOWN;
    }

    @Override
    default void close() {
    }
}
