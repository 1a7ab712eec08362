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

    @Override
    default void close() {
    }
}
