package org.zephyrsign.signer;

import java.util.List;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;

/**
 * {@code detached}: a signature made elsewhere (an offline ceremony, the security team's tool),
 * handed back as a file beside the public key it belongs to; checked before it is used.
 */
public final class DetachedSignerBackend implements SignerBackend {
    static final String PUBLIC_KEY = "publicKey";
    static final String SIGNATURE_FILE = "signatureFile";

    @Override
    public String type() {
        return "detached";
    }

    @Override
    public String summary() {
        return "a signature made elsewhere, checked against the public key before it is used";
    }

    @Override
    public List<SignerParameter> parameters() {
        return List.of(new SignerParameter(PUBLIC_KEY, "the signing key's public half (PEM)"),
                new SignerParameter(SIGNATURE_FILE, "the signature: base64, raw, or DER (ECDSA), as imgtool's "
                        + "--fix-sig, openssl or an HSM tool writes it; only zephyr:sign needs it"));
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return DetachedSigner.open(config.requirePath(PUBLIC_KEY), config.requirePath(SIGNATURE_FILE));
    }

    @Override
    public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
        return PemKeys.publicKey(config.requirePath(PUBLIC_KEY));
    }
}
