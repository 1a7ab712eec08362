package org.zephyrsign.signer.remote;

import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;

/**
 * The shape of every remote signer: the public key is fetched from the service once, when the
 * signer is opened; each signature the service returns is converted to MCUboot's encoding and
 * verified against that key before it is handed back (the image layer checks it again before
 * anything is written). A backend implements {@link #signRemotely} only.
 */
public abstract class RemoteImageSigner implements ImageSigner {
    private final RemoteTarget target;
    private final McubootPublicKey publicKey;

    protected RemoteImageSigner(RemoteTarget target, McubootPublicKey publicKey) {
        this.target = target;
        this.publicKey = publicKey;
    }

    /** Who this signer talks to, for messages. */
    public RemoteTarget target() {
        return target;
    }

    @Override
    public final McubootPublicKey publicKey() {
        return publicKey;
    }

    /**
     * Asks the service to sign: the digest for ECDSA and RSA-PSS, {@link SigningRequest#message()}
     * (the digest, or the image for pure Ed25519) for Ed25519. Returns the signature in the service's
     * encoding (DER or raw r||s for ECDSA).
     */
    protected abstract byte[] signRemotely(SigningRequest request);

    @Override
    public final byte[] sign(SigningRequest request) {
        if (request.algorithm() != publicKey.algorithm()) {
            throw target.failure(Kind.WRONG_KEY_TYPE, "the image needs " + request.algorithm() + ", the key is "
                    + publicKey.algorithm());
        }
        byte[] signature = signRemotely(request);
        if (signature == null) {
            throw new SignerException(target.describe() + ": no signature");
        }
        return RemoteKeys.verified(target, publicKey, request.message(), signature);
    }

    @Override
    public String description() {
        return target.backend() + " " + target.key();
    }
}
