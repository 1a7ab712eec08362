package org.zephyrsign.signer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import org.zephyrsign.crypto.HashAlgorithm;
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
                        + "--fix-sig, openssl or an HSM tool writes it; several files separated by commas (a "
                        + "compressed image needs two signatures); only zephyr:sign needs it"));
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        List<Path> files = new ArrayList<>();
        for (String f : config.require(SIGNATURE_FILE).split(",")) {
            if (!f.isBlank()) {
                files.add(config.path(f.trim()));
            }
        }
        return DetachedSigner.open(config.requirePath(PUBLIC_KEY), files);
    }

    /** The public key and the signature handed back: either one replaced is another signer. */
    @Override
    public String keyIdentity(SignerConfig config) {
        byte[] signature = DetachedSignature.read(config.requirePath(SIGNATURE_FILE));
        return "detached, public key " + HexFormat.of().formatHex(publicKey(config, null).mcubootEncoding())
                + ", signature sha256 " + HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(signature));
    }

    @Override
    public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
        return PemKeys.publicKey(config.requirePath(PUBLIC_KEY));
    }
}
