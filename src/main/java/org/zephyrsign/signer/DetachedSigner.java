package org.zephyrsign.signer;

import org.zephyrsign.image.SigningRequest;
import java.nio.file.Path;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;

/**
 * A signature made elsewhere (an offline ceremony, the security team's tooling), handed back as a
 * file next to the public key it belongs to. It answers every request with that signature; the
 * image pipeline then refuses it unless it verifies for the image at hand. Because the trailer is
 * not hashed, one signature serves an image's padded, confirmed and HEX forms alike.
 */
public final class DetachedSigner implements ImageSigner {
    private final McubootPublicKey publicKey;
    private final Path signatureFile;
    private final byte[] signature;

    private DetachedSigner(McubootPublicKey publicKey, Path signatureFile, byte[] signature) {
        this.publicKey = publicKey;
        this.signatureFile = signatureFile;
        this.signature = signature;
    }

    public static DetachedSigner open(Path publicKeyPem, Path signatureFile) {
        return new DetachedSigner(PemKeys.publicKey(publicKeyPem), signatureFile, DetachedSignature.read(signatureFile));
    }

    @Override
    public McubootPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(SigningRequest request) {
        return signature.clone();
    }

    @Override
    public String description() {
        return "signature file " + signatureFile;
    }
}
