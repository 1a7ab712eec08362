package org.zephyrsign.signer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.crypto.SignatureVerifier;
import org.zephyrsign.image.SigningRequest;

/**
 * Signatures made elsewhere (an offline ceremony, the security team's tooling), handed back as
 * files next to the public key they belong to. Each request is answered with the signature that
 * verifies for it, so one signature serves an image's padded, confirmed and HEX forms alike (the
 * trailer is not signed), and a compressed image's two signatures (the uncompressed image's, then
 * the compressed one's) can come in any order. A request none of them fits gets the first, which
 * the image pipeline then refuses as not verifying, before anything is written.
 */
public final class DetachedSigner implements ImageSigner {
    private final McubootPublicKey publicKey;
    private final List<Path> signatureFiles;
    private final List<byte[]> signatures;

    private DetachedSigner(McubootPublicKey publicKey, List<Path> signatureFiles, List<byte[]> signatures) {
        this.publicKey = publicKey;
        this.signatureFiles = List.copyOf(signatureFiles);
        this.signatures = signatures;
    }

    public static DetachedSigner open(Path publicKeyPem, List<Path> signatureFiles) {
        if (signatureFiles.isEmpty()) {
            throw new SignerException("detached signer: no signature file given");
        }
        List<byte[]> signatures = new ArrayList<>();
        for (Path f : signatureFiles) {
            signatures.add(DetachedSignature.read(f));
        }
        return new DetachedSigner(PemKeys.publicKey(publicKeyPem), signatureFiles, signatures);
    }

    public static DetachedSigner open(Path publicKeyPem, Path signatureFile) {
        return open(publicKeyPem, List.of(signatureFile));
    }

    @Override
    public McubootPublicKey publicKey() {
        return publicKey;
    }

    /** The given signature that verifies for this request, if there is one. */
    public Optional<byte[]> signatureFor(SigningRequest request) {
        for (byte[] s : signatures) {
            try {
                if (SignatureVerifier.verify(publicKey, request.message(),
                        SignatureCodec.toTlvValue(publicKey.algorithm(), s))) {
                    return Optional.of(s.clone());
                }
            } catch (RuntimeException notThisKindOfSignature) {
                // a signature of another length or encoding: not this request's
            }
        }
        return Optional.empty();
    }

    @Override
    public byte[] sign(SigningRequest request) {
        return signatureFor(request).orElse(signatures.get(0).clone());
    }

    @Override
    public String description() {
        return signatureFiles.size() == 1 ? "signature file " + signatureFiles.get(0)
                : "signature files " + signatureFiles;
    }
}
