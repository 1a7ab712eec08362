package org.zephyrsign.signer.cloud;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.SignatureVerifier;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerConfig;

/**
 * What the cloud KMS fakes and their tests share: real key pairs of every MCUboot algorithm, made at
 * test time, the signing the services do with them (ECDSA over a digest in DER, RSA-PSS SHA-256 with a
 * 32-byte salt over a digest, pure Ed25519 over a message), signing requests and signer configurations
 * with an environment of the test's own.
 */
public final class CloudTestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CloudTestKeys() {
    }

    public static KeyPair generate(SignatureAlgorithm algorithm) {
        try {
            KeyPairGenerator g;
            switch (algorithm) {
                case ECDSA_P256, ECDSA_P384 -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(algorithm == SignatureAlgorithm.ECDSA_P256 ? "secp256r1"
                            : "secp384r1"));
                }
                case RSA_2048, RSA_3072 -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(algorithm == SignatureAlgorithm.RSA_2048 ? 2048 : 3072);
                }
                case ED25519 -> g = KeyPairGenerator.getInstance("Ed25519");
                default -> throw new IllegalArgumentException(algorithm.name());
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key pair of a type MCUboot cannot use (for the refusal cases). */
    public static KeyPair generateP521() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp521r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ECDSA over a digest (DER), as AWS and Google answer it. */
    public static byte[] ecdsaDer(KeyPair key, byte[] digest) {
        try {
            Signature s = Signature.getInstance("NONEwithECDSA");
            s.initSign(key.getPrivate());
            s.update(digest);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSA-PSS over a SHA-256 digest, MGF1-SHA-256, salt 32. */
    public static byte[] rsaPss(KeyPair key, byte[] digest) {
        try {
            PSSSigner s = SignatureVerifier.newDigestPssSigner();
            s.init(true, new ParametersWithRandom(PrivateKeyFactory.createKey(key.getPrivate().getEncoded()), RANDOM));
            s.update(digest, 0, digest.length);
            return s.generateSignature();
        } catch (IOException | org.bouncycastle.crypto.CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pure Ed25519 over a message. */
    public static byte[] ed25519(KeyPair key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signing request for a random image digest (or, pure, a random image of {@code pureLength} bytes). */
    public static SigningRequest request(SignatureAlgorithm algorithm, int pureLength) {
        HashAlgorithm hash = algorithm.defaultHash();
        byte[] image = new byte[pureLength > 0 ? pureLength : 1000];
        RANDOM.nextBytes(image);
        byte[] digest = hash.digest(image);
        return new SigningRequest(algorithm, hash, digest, image, pureLength > 0);
    }

    public static SigningRequest request(SignatureAlgorithm algorithm) {
        return request(algorithm, 0);
    }

    /** A POM-like configuration with an environment of the test's own (no real variable leaks in). */
    public static SignerConfig config(SignerBackend backend, Map<String, String> parameters, Map<String, String> env,
            Path base) {
        return new SignerConfig(backend, parameters, new SignerConfig.Context(n -> "<signer><" + n + ">",
                new Secrets(env, null, base), false, base));
    }

}
