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
        return DetachedSigner.open(config.requirePath(PUBLIC_KEY), signatureFiles(config));
    }

    /** The public key and the signatures handed back: any of them replaced is another signer. */
    @Override
    public String keyIdentity(SignerConfig config) {
        StringBuilder identity = new StringBuilder("detached, public key ")
                .append(HexFormat.of().formatHex(publicKey(config, null).mcubootEncoding()));
        for (Path f : signatureFiles(config)) {
            identity.append(", signature sha256 ")
                    .append(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(DetachedSignature.read(f))));
        }
        return identity.toString();
    }

    private static List<Path> signatureFiles(SignerConfig config) {
        List<Path> files = new ArrayList<>();
        for (String f : config.require(SIGNATURE_FILE).split(",")) {
            if (!f.isBlank()) {
                files.add(config.path(f.trim()));
            }
        }
        return files;
    }

    @Override
    public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
        return PemKeys.publicKey(config.requirePath(PUBLIC_KEY));
    }

    @Override
    public boolean publicKeyIsLocal() {
        return true;
    }
}
