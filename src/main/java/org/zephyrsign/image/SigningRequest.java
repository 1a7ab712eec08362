package org.zephyrsign.image;

import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.HashAlgorithm;

/**
 * Exactly what MCUboot will verify, handed to a signer.
 *
 * @param algorithm the signature scheme the image's key uses
 * @param hash the image hash algorithm
 * @param digest the image digest (hash of header, payload and protected TLVs)
 * @param message what the signer signs: the digest, or for pure Ed25519 the hashed bytes themselves
 * @param pure whether {@code message} is the image bytes (pure Ed25519) rather than the digest
 */
public record SigningRequest(SignatureAlgorithm algorithm, HashAlgorithm hash, byte[] digest, byte[] message,
        boolean pure) {

    public SigningRequest {
        digest = digest.clone();
        message = pure ? message : digest;
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Not copied: for pure signing it may be the whole image. Callers must not change it. */
    @Override
    public byte[] message() {
        return message;
    }
}
