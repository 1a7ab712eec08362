package org.zephyrsign.signer;

import org.zephyrsign.image.SigningRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.zephyrsign.crypto.Ed25519Pem;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.crypto.SignatureVerifier;

/**
 * Signs with a private key from a PEM file: for development keys and tests only, since the
 * point of this project is that production keys never sit in a file. Says so in the log.
 */
public final class PemKeySigner implements ImageSigner {
    private final Path file;
    private final McubootPublicKey publicKey;
    /** Bouncy Castle's key, or null for an Ed25519 key in its common PKCS#8 form, signed directly. */
    private final AsymmetricKeyParameter privateKey;
    private final Ed25519Pem ed25519;

    private PemKeySigner(Path file, McubootPublicKey publicKey, AsymmetricKeyParameter privateKey,
            Ed25519Pem ed25519) {
        this.file = file;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.ed25519 = ed25519;
    }

    /**
     * @param log receives the development-key warning
     */
    public static PemKeySigner open(Path file, SignerLog log) {
        // Ed25519 in its common form is read and signed without Bouncy Castle's PEM and key classes.
        Ed25519Pem ed25519 = Ed25519Pem.read(file);
        if (ed25519 != null) {
            warnDevelopmentKey(file, log);
            return new PemKeySigner(file, ed25519.publicKey(), null, ed25519);
        }
        PemKeys.PemKey pem = PemKeys.read(file);
        if (!pem.isPrivate()) {
            throw new KeyException("key file " + file + " holds only a public key; signing requires the "
                    + "private key (or use a detached/HSM signer with this public key)");
        }
        McubootPublicKey pub;
        AsymmetricKeyParameter priv;
        try {
            pub = McubootPublicKey.fromSubjectPublicKeyInfo(pem.publicKey());
            priv = PrivateKeyFactory.createKey(pem.privateKey());
        } catch (KeyException e) {
            throw new KeyException("key file " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new KeyException("key file " + file + ": the private key is malformed", e);
        }
        warnDevelopmentKey(file, log);
        return new PemKeySigner(file, pub, priv, null);
    }

    private static void warnDevelopmentKey(Path file, SignerLog log) {
        // The other signers as they exist in this build, never a promise of ones that do not.
        StringBuilder others = new StringBuilder();
        for (SignerBackend b : SignerBackends.all()) {
            if (!b.type().equals(PemSignerBackend.TYPE)) {
                others.append(others.length() == 0 ? "" : ", ").append(b.type());
            }
        }
        log.warn("Signing with the private key in " + file + ": a development key. Production keys "
                + "belong in an HSM or key vault, or are used offline (other signers: " + others + ").");
    }

    @Override
    public McubootPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(SigningRequest request) {
        byte[] message = request.message();
        SignatureAlgorithm alg = publicKey.algorithm();
        if (ed25519 != null) {
            return ed25519.sign(message);
        }
        try {
            switch (alg) {
                case ED25519 -> {
                    Ed25519Signer s = new Ed25519Signer();
                    s.init(true, privateKey);
                    s.update(message, 0, message.length);
                    return s.generateSignature();
                }
                case ECDSA_P256, ECDSA_P384 -> {
                    // Deterministic nonces (RFC 6979): no dependence on the JVM's entropy at sign time.
                    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(
                            alg == SignatureAlgorithm.ECDSA_P256 ? new SHA256Digest() : new SHA384Digest()));
                    s.init(true, privateKey);
                    BigInteger[] rs = s.generateSignature(message);
                    return SignatureCodec.der(rs[0], rs[1]);
                }
                case RSA_2048, RSA_3072 -> {
                    PSSSigner s = SignatureVerifier.newDigestPssSigner();
                    s.init(true, new ParametersWithRandom(privateKey, new SecureRandom()));
                    s.update(message, 0, message.length);
                    return s.generateSignature();
                }
                default -> throw new IllegalStateException(alg.name());
            }
        } catch (CryptoException e) {
            throw new SignerException("PEM key " + file + ": signing failed: " + e.getMessage(), e);
        }
    }

    /** The key file's name; a key in a file can always be copied. */
    @Override
    public KeyFacts keyFacts() {
        return new KeyFacts("file:" + file.getFileName(), false, false, java.util.Map.of());
    }

    @Override
    public String description() {
        return "PEM key file " + file + " (development key)";
    }
}
