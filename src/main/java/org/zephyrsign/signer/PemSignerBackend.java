package org.zephyrsign.signer;

import java.util.List;
import java.util.HexFormat;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;

/** {@code pem}: a private key in a PEM file. For development keys and tests; the build says so. */
public final class PemSignerBackend implements SignerBackend {
    static final String TYPE = "pem";
    static final String KEY_FILE = "keyFile";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "a private key in a PEM file: development keys only";
    }

    @Override
    public List<SignerParameter> parameters() {
        return List.of(new SignerParameter(KEY_FILE, "the private key PEM (PKCS#8, SEC1 or PKCS#1)"));
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return PemKeySigner.open(config.requirePath(KEY_FILE), log);
    }

    /** The public half of the key in the file: a new key under the same name is a new identity. */
    @Override
    public String keyIdentity(SignerConfig config) {
        return TYPE + ", public key " + HexFormat.of().formatHex(publicKey(config, null).mcubootEncoding());
    }

    @Override
    public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
        return PemKeys.publicKey(config.requirePath(KEY_FILE));
    }

    @Override
    public boolean publicKeyIsLocal() {
        return true;
    }
}
