package org.zephyrsign.crypto;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads the PEM files imgtool reads: PKCS#8, SEC1 or PKCS#1 private keys, and public keys. */
public final class PemKeys {

    /** What a PEM file held: a private key (with its public half) or only a public key. */
    public record PemKey(Path file, PrivateKeyInfo privateKey, SubjectPublicKeyInfo publicKey) {
        public boolean isPrivate() {
            return privateKey != null;
        }
    }

    private PemKeys() {
    }

    public static PemKey read(Path file) {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        } catch (NoSuchFileException e) {
            throw new KeyException("key file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new KeyException("key file " + file + " is not a readable PEM key: " + e.getMessage(), e);
        }
        if (parsed instanceof PrivateKeyInfo info) {
            return new PemKey(file, info, publicFromPrivate(file, info));
        }
        if (parsed instanceof PEMKeyPair pair) {
            return new PemKey(file, pair.getPrivateKeyInfo(), pair.getPublicKeyInfo());
        }
        if (parsed instanceof SubjectPublicKeyInfo spki) {
            return new PemKey(file, null, spki);
        }
        if (parsed instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new KeyException("key file " + file + " is password-protected; development keys must be "
                    + "unencrypted PEM, production keys belong in an HSM or key vault signer");
        }
        throw new KeyException("key file " + file + " holds no PEM key"
                + (parsed == null ? "" : " (found " + parsed.getClass().getSimpleName() + ")"));
    }

    private static SubjectPublicKeyInfo publicFromPrivate(Path file, PrivateKeyInfo info) {
        try {
            return org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    publicParameters(org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(info)));
        } catch (IOException | RuntimeException e) {
            throw new KeyException("key file " + file + ": cannot derive the public key: " + e.getMessage(), e);
        }
    }

    private static org.bouncycastle.crypto.params.AsymmetricKeyParameter publicParameters(
            org.bouncycastle.crypto.params.AsymmetricKeyParameter priv) {
        if (priv instanceof org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters ed) {
            return ed.generatePublicKey();
        }
        if (priv instanceof org.bouncycastle.crypto.params.X25519PrivateKeyParameters x) {
            return x.generatePublicKey();
        }
        if (priv instanceof org.bouncycastle.crypto.params.ECPrivateKeyParameters ec) {
            return new org.bouncycastle.crypto.params.ECPublicKeyParameters(
                    ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters());
        }
        if (priv instanceof org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters rsa) {
            return new org.bouncycastle.crypto.params.RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
        }
        throw new KeyException("unsupported private key type " + priv.getClass().getSimpleName());
    }

    /** The public signing key of a PEM file, whichever half it holds. */
    public static McubootPublicKey publicKey(Path file) {
        PemKey key = read(file);
        try {
            return McubootPublicKey.fromSubjectPublicKeyInfo(key.publicKey());
        } catch (KeyException e) {
            throw new KeyException("key file " + file + ": " + e.getMessage(), e);
        }
    }
}
