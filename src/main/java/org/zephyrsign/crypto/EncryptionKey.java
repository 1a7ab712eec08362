package org.zephyrsign.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * The device's image-encryption key (imgtool {@code -E}). Only the public half is needed to
 * encrypt: the AES key is wrapped with ECIES (X25519 or P-256, HKDF-SHA256/512 with info
 * "MCUBoot_ECIES_v1", AES-CTR, HMAC) or RSA-OAEP-SHA256. The private half, when present (a test or
 * factory key), lets the verifier decrypt and check encrypted images.
 */
public final class EncryptionKey {
    private static final byte[] HKDF_INFO = "MCUBoot_ECIES_v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The key-exchange schemes, each with the TLV it writes. */
    public enum Kind { RSA2048, EC256, X25519 }

    private final Path file;
    private final Kind kind;
    private final AsymmetricKeyParameter publicKey;
    private final AsymmetricKeyParameter privateKey;

    private EncryptionKey(Path file, Kind kind, AsymmetricKeyParameter publicKey, AsymmetricKeyParameter privateKey) {
        this.file = file;
        this.kind = kind;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** Reads a public or private PEM; X25519, P-256 or RSA-2048. */
    public static EncryptionKey fromPem(Path file) {
        PemKeys.PemKey pem = PemKeys.read(file); // refuses what is no MCUboot key at all, explicit curves included
        ASN1ObjectIdentifier oid = pem.publicKey().getAlgorithm().getAlgorithm();
        AsymmetricKeyParameter pub;
        AsymmetricKeyParameter priv;
        try {
            pub = PublicKeyFactory.createKey(pem.publicKey());
            priv = pem.isPrivate() ? PrivateKeyFactory.createKey(pem.privateKey()) : null;
        } catch (IOException | RuntimeException e) {
            throw new KeyException("encryption key " + file + ": the key is malformed", e);
        }
        Kind kind;
        if (oid.equals(EdECObjectIdentifiers.id_X25519)) {
            kind = Kind.X25519;
        } else if (pub instanceof ECPublicKeyParameters && SECObjectIdentifiers.secp256r1.equals(
                KeyTypes.namedCurve(pem.publicKey().getAlgorithm(), file.toString(), !pem.isPrivate()))) {
            kind = Kind.EC256;
        } else if (pub instanceof org.bouncycastle.crypto.params.RSAKeyParameters rsa
                && rsa.getModulus().bitLength() == 2048) {
            kind = Kind.RSA2048;
        } else {
            throw new KeyException("encryption key " + file + " is " + KeyTypes.name(pem.publicKey().getAlgorithm())
                    + (pub instanceof org.bouncycastle.crypto.params.RSAKeyParameters rsa
                            ? "-" + rsa.getModulus().bitLength() : "")
                    + "; MCUboot encrypts for X25519, EC P-256 or RSA-2048 keys");
        }
        return new EncryptionKey(file, kind, pub, priv);
    }

    public Kind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }

    /** The public half, for {@link PublishedKeys}. */
    AsymmetricKeyParameter publicParameters() {
        return publicKey;
    }

    /** Wraps the image's AES key for this device key: the key-exchange TLV's value. */
    public byte[] wrap(byte[] aesKey, boolean hmacSha512, SecureRandom random) {
        if (kind == Kind.RSA2048) {
            OAEPEncoding oaep = oaep();
            oaep.init(true, new ParametersWithRandom(publicKey, random));
            try {
                return oaep.processBlock(aesKey, 0, aesKey.length);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] ephemeralPublic;
        byte[] shared;
        if (kind == Kind.X25519) {
            X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(random);
            ephemeralPublic = eph.generatePublicKey().getEncoded();
            shared = x25519(eph, (X25519PublicKeyParameters) publicKey);
        } else {
            ECPublicKeyParameters device = (ECPublicKeyParameters) publicKey;
            ECKeyPairGenerator gen = new ECKeyPairGenerator();
            gen.init(new ECKeyGenerationParameters(device.getParameters(), random));
            AsymmetricCipherKeyPair eph = gen.generateKeyPair();
            ephemeralPublic = ((ECPublicKeyParameters) eph.getPublic()).getQ().getEncoded(false);
            shared = ecdh((ECPrivateKeyParameters) eph.getPrivate(), device);
        }
        byte[] derived = hkdf(shared, aesKey.length, macDigest(hmacSha512));
        byte[] cipherKey = aesCtr(Arrays.copyOf(derived, aesKey.length), aesKey);
        byte[] mac = hmac(macDigest(hmacSha512), Arrays.copyOfRange(derived, aesKey.length, derived.length), cipherKey);
        return concat(ephemeralPublic, mac, cipherKey);
    }

    /**
     * Recovers the AES key from a key-exchange TLV value; needs the private key.
     *
     * @throws KeyException when the TLV was not made for this key
     */
    public byte[] unwrap(byte[] tlvValue, int aesKeyLength, boolean hmacSha512) {
        if (privateKey == null) {
            throw new KeyException("encryption key " + file + " is public only; decrypting needs the private key");
        }
        if (kind == Kind.RSA2048) {
            OAEPEncoding oaep = oaep();
            oaep.init(false, privateKey);
            try {
                return oaep.processBlock(tlvValue, 0, tlvValue.length);
            } catch (InvalidCipherTextException e) {
                throw new KeyException("the image's AES key was not wrapped for " + file);
            }
        }
        int pubLength = kind == Kind.X25519 ? 32 : 65;
        int macLength = macDigest(hmacSha512).getDigestSize();
        if (tlvValue.length != pubLength + macLength + aesKeyLength) {
            throw new KeyException("key-exchange TLV is " + tlvValue.length + " bytes, expected "
                    + (pubLength + macLength + aesKeyLength));
        }
        byte[] ephemeral = Arrays.copyOf(tlvValue, pubLength);
        byte[] mac = Arrays.copyOfRange(tlvValue, pubLength, pubLength + macLength);
        byte[] cipherKey = Arrays.copyOfRange(tlvValue, pubLength + macLength, tlvValue.length);
        byte[] shared;
        try {
            if (kind == Kind.X25519) {
                shared = x25519((X25519PrivateKeyParameters) privateKey, new X25519PublicKeyParameters(ephemeral));
            } else {
                ECPrivateKeyParameters device = (ECPrivateKeyParameters) privateKey;
                ECDomainParameters params = device.getParameters();
                shared = ecdh(device, new ECPublicKeyParameters(params.getCurve().decodePoint(ephemeral), params));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KeyException("key-exchange TLV holds an invalid ephemeral key");
        }
        byte[] derived = hkdf(shared, aesKeyLength, macDigest(hmacSha512));
        byte[] expected = hmac(macDigest(hmacSha512), Arrays.copyOfRange(derived, aesKeyLength, derived.length), cipherKey);
        if (!java.security.MessageDigest.isEqual(expected, mac)) {
            throw new KeyException("the image's AES key was not wrapped for " + file + " (HMAC mismatch)");
        }
        return aesCtr(Arrays.copyOf(derived, aesKeyLength), cipherKey);
    }

    /** AES-CTR with an all-zero counter block, as MCUboot uses for both payload and key. */
    public static byte[] aesCtr(byte[] key, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            return c.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    private static Digest macDigest(boolean sha512) {
        return sha512 ? new SHA512Digest() : new SHA256Digest();
    }

    private static OAEPEncoding oaep() {
        return new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), null);
    }

    private static byte[] x25519(X25519PrivateKeyParameters priv, X25519PublicKeyParameters pub) {
        X25519Agreement a = new X25519Agreement();
        a.init(priv);
        byte[] shared = new byte[a.getAgreementSize()];
        a.calculateAgreement(pub, shared, 0);
        return shared;
    }

    private static byte[] ecdh(ECPrivateKeyParameters priv, ECPublicKeyParameters pub) {
        ECDHBasicAgreement a = new ECDHBasicAgreement();
        a.init(priv);
        return BigIntegers.asUnsignedByteArray(a.getFieldSize(), a.calculateAgreement(pub));
    }

    /** HKDF without salt: first the AES key, then an HMAC key as long as the hash. */
    private static byte[] hkdf(byte[] shared, int aesKeyLength, Digest hash) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(hash);
        gen.init(new HKDFParameters(shared, null, HKDF_INFO));
        byte[] out = new byte[aesKeyLength + hash.getDigestSize()];
        gen.generateBytes(out, 0, out.length);
        return out;
    }

    private static byte[] hmac(Digest hash, byte[] key, byte[] data) {
        HMac mac = new HMac(hash);
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
