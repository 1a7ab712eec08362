package org.zephyrsign.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A signing key's public half, the one thing the bootloader needs. Built from a
 * SubjectPublicKeyInfo, so it can come from a PEM file, an HSM or a key vault alike.
 */
public final class McubootPublicKey {
    /** An Ed25519 SubjectPublicKeyInfo is this DER prefix, then the 32 key bytes. */
    static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final SignatureAlgorithm algorithm;
    private volatile SubjectPublicKeyInfo spki;
    private volatile AsymmetricKeyParameter parameters;
    private final byte[] mcubootEncoding;

    private McubootPublicKey(SignatureAlgorithm algorithm, SubjectPublicKeyInfo spki,
            AsymmetricKeyParameter parameters, byte[] mcubootEncoding) {
        this.algorithm = algorithm;
        this.spki = spki;
        this.parameters = parameters;
        this.mcubootEncoding = mcubootEncoding;
    }

    /** An Ed25519 key from its SubjectPublicKeyInfo DER (what MCUboot embeds), without decoding it. */
    static McubootPublicKey ed25519(byte[] spkiDer) {
        if (spkiDer.length != ED25519_SPKI_PREFIX.length + 32 || !Arrays.equals(spkiDer, 0,
                ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 SubjectPublicKeyInfo");
        }
        return new McubootPublicKey(SignatureAlgorithm.ED25519, null, null, spkiDer.clone());
    }

    /**
     * Accepts Ed25519, ECDSA P-256/P-384 (named curves) and RSA 2048/3072 keys; names what else it
     * got, in words ("an EC key on curve secp256k1"), never a parser's exception.
     */
    public static McubootPublicKey fromSubjectPublicKeyInfo(SubjectPublicKeyInfo spki) {
        if (spki == null) {
            throw new KeyException("no public key");
        }
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        ASN1ObjectIdentifier curve = null;
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            curve = KeyTypes.namedCurve(spki.getAlgorithm(), null, true); // before Bouncy Castle sees explicit ones
        }
        AsymmetricKeyParameter parameters;
        try {
            parameters = PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new KeyException("the " + KeyTypes.name(spki.getAlgorithm()) + " public key is malformed", e);
        }
        try {
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return new McubootPublicKey(SignatureAlgorithm.ED25519, spki, parameters, spki.getEncoded("DER"));
            }
            if (curve != null) {
                SignatureAlgorithm alg;
                if (curve.equals(SECObjectIdentifiers.secp256r1)) {
                    alg = SignatureAlgorithm.ECDSA_P256;
                } else if (curve.equals(SECObjectIdentifiers.secp384r1)) {
                    alg = SignatureAlgorithm.ECDSA_P384;
                } else {
                    throw new KeyException("unsupported elliptic curve " + KeyTypes.curveName(curve)
                            + "; MCUboot signs with P-256 or P-384");
                }
                // imgtool embeds the uncompressed point under the named curve: normalize to that.
                byte[] point = ((ECPublicKeyParameters) parameters).getQ().getEncoded(false);
                SubjectPublicKeyInfo normalized = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point);
                return new McubootPublicKey(alg, normalized, parameters, normalized.getEncoded("DER"));
            }
            if (KeyTypes.isRsa(oid)) {
                RSAKeyParameters rsa = (RSAKeyParameters) parameters;
                int bits = rsa.getModulus().bitLength();
                SignatureAlgorithm alg = switch (bits) {
                    case 2048 -> SignatureAlgorithm.RSA_2048;
                    case 3072 -> SignatureAlgorithm.RSA_3072;
                    default -> throw new KeyException("unsupported RSA key size " + bits
                            + " bits; MCUboot signs with RSA-2048 or RSA-3072");
                };
                byte[] pkcs1 = new RSAPublicKey(rsa.getModulus(), rsa.getExponent()).getEncoded("DER");
                SubjectPublicKeyInfo normalized = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                                org.bouncycastle.asn1.DERNull.INSTANCE), pkcs1);
                return new McubootPublicKey(alg, normalized, parameters, pkcs1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new KeyException("unsupported key type " + KeyTypes.name(spki.getAlgorithm())
                + "; MCUboot signs with Ed25519, ECDSA P-256/P-384 or RSA-2048/3072");
    }

    /** From DER-encoded SubjectPublicKeyInfo bytes. */
    public static McubootPublicKey fromDer(byte[] der) {
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new KeyException("not a DER SubjectPublicKeyInfo (malformed)", e);
        }
        return fromSubjectPublicKeyInfo(spki);
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** Bouncy Castle's view, for the verifier and PEM signer; made when first asked for. */
    AsymmetricKeyParameter parameters() {
        AsymmetricKeyParameter p = parameters;
        if (p == null) {
            try {
                p = PublicKeyFactory.createKey(subjectPublicKeyInfo());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            parameters = p;
        }
        return p;
    }

    /** An Ed25519 key's 32 bytes (its MCUboot encoding is its SubjectPublicKeyInfo), for the verifier. */
    byte[] ed25519PublicKey() {
        return Arrays.copyOfRange(mcubootEncoding, mcubootEncoding.length - 32, mcubootEncoding.length);
    }

    public SubjectPublicKeyInfo subjectPublicKeyInfo() {
        SubjectPublicKeyInfo s = spki;
        if (s == null) {
            s = SubjectPublicKeyInfo.getInstance(mcubootEncoding); // only Ed25519 keys are made without it
            spki = s;
        }
        return s;
    }

    /**
     * The bytes MCUboot compiles in and imgtool's {@code getpub -e raw} prints: the
     * SubjectPublicKeyInfo DER for Ed25519 and ECDSA, the PKCS#1 RSAPublicKey DER for RSA.
     */
    public byte[] mcubootEncoding() {
        return mcubootEncoding.clone();
    }

    /** What goes in the KEYHASH TLV: the MCUboot encoding hashed with the image's hash. */
    public byte[] keyHash(HashAlgorithm hash) {
        return hash.digest(mcubootEncoding);
    }

    /** SubjectPublicKeyInfo PEM, as {@code getpub -e pem} writes it. */
    public String pem() {
        try {
            StringWriter out = new StringWriter();
            try (PemWriter pem = new PemWriter(out)) {
                pem.writeObject(new PemObject("PUBLIC KEY", subjectPublicKeyInfo().getEncoded("DER")));
            }
            return out.toString().replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof McubootPublicKey k && Arrays.equals(k.mcubootEncoding, mcubootEncoding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mcubootEncoding);
    }

    @Override
    public String toString() {
        return algorithm + " public key " + HexFormat.of().formatHex(keyHash(HashAlgorithm.SHA256)).substring(0, 16);
    }
}
