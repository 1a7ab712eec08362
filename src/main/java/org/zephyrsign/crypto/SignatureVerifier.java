package org.zephyrsign.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * Checks a signature the way MCUboot's bootloader does: Ed25519 over the message, ECDSA over the
 * digest, RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) over the digest.
 */
public final class SignatureVerifier {
    /** MCUboot's fixed RSA-PSS salt length. */
    public static final int PSS_SALT_LENGTH = 32;

    private SignatureVerifier() {
    }

    /**
     * @param message the image digest, or for pure Ed25519 the signed image bytes
     * @param tlvValue the signature as it sits in the TLV
     */
    public static boolean verify(McubootPublicKey key, byte[] message, byte[] tlvValue) {
        SignatureAlgorithm alg = key.algorithm();
        switch (alg) {
            case ED25519 -> {
                if (tlvValue.length != 64) {
                    return false;
                }
                // Bouncy Castle's Ed25519 itself: no key-parameter objects to make for the most common key.
                return Ed25519Pem.verify(key, message, tlvValue);
            }
            case ECDSA_P256, ECDSA_P384 -> {
                BigInteger[] rs = SignatureCodec.parseDer(tlvValue);
                if (rs == null) {
                    return false;
                }
                ECDSASigner v = new ECDSASigner();
                v.init(false, (ECPublicKeyParameters) key.parameters());
                return v.verifySignature(message, rs[0], rs[1]);
            }
            case RSA_2048, RSA_3072 -> {
                PSSSigner v = newDigestPssSigner();
                v.init(false, key.parameters());
                v.update(message, 0, message.length);
                return v.verifySignature(tlvValue);
            }
            default -> throw new IllegalStateException(alg.name());
        }
    }

    /** PSS over a digest computed elsewhere: SHA-256 for MGF1, the content digest already applied. */
    public static PSSSigner newDigestPssSigner() {
        return PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(),
                PSS_SALT_LENGTH, PSSSigner.TRAILER_IMPLICIT);
    }

    /** Fails with a message naming the key when the signature does not verify. */
    public static void require(McubootPublicKey key, byte[] message, byte[] tlvValue, String source) {
        if (!verify(key, message, tlvValue)) {
            throw new SignatureException("the signature from " + source + " does not verify against the "
                    + "expected public key (" + key + "); nothing was written");
        }
    }

}
