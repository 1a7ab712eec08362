package org.zephyrsign.crypto;

import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * What kind of key an algorithm identifier names, in words a user knows ("DSA", "EC secp256k1"),
 * and the named curve of an EC key. MCUboot's keys: Ed25519, ECDSA P-256/P-384, RSA-2048/3072 to
 * sign; X25519, P-256, RSA-2048 to encrypt.
 */
final class KeyTypes {
    /** What MCUboot keys are, for the end of a refusal. */
    static final String MCUBOOT_KEYS = "MCUboot keys are Ed25519, ECDSA P-256 or P-384, RSA-2048 or RSA-3072, "
            + "and X25519 for encryption";

    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X448, "X448",
            X9ObjectIdentifiers.id_dsa, "DSA",
            PKCSObjectIdentifiers.dhKeyAgreement, "DH",
            X9ObjectIdentifiers.dhpublicnumber, "DH",
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC");

    private KeyTypes() {
    }

    /** "DSA", "X448", "EC secp256k1", or the OID when it has no name here. */
    static String name(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        String name = NAMES.get(oid);
        if (name == null) {
            return "unknown (algorithm " + oid.getId() + ")";
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            X962Parameters p = x962(algorithm.getParameters());
            if (p != null && p.isNamedCurve()) {
                return "EC " + curveName(ASN1ObjectIdentifier.getInstance(p.getParameters()));
            }
        }
        return name;
    }

    static boolean isRsa(ASN1ObjectIdentifier oid) {
        return oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS);
    }

    /**
     * The named curve of an EC key. Explicit curve parameters are refused, as imgtool (Python's
     * cryptography) refuses them: a curve spelled out rather than named is how forged curves pass
     * for standard ones, and every tool writes P-256 and P-384 keys with the curve's name.
     *
     * @param file the file, for the openssl command that rewrites it; may be null
     * @throws KeyException naming what is wrong, without the caller's prefix
     */
    static ASN1ObjectIdentifier namedCurve(AlgorithmIdentifier algorithm, String file, boolean publicOnly) {
        X962Parameters p = x962(algorithm.getParameters());
        if (p == null || p.isImplicitlyCA()) {
            throw new KeyException("the EC key names no curve");
        }
        if (!p.isNamedCurve()) {
            String in = file == null ? "KEY.pem" : file;
            throw new KeyException("the EC key spells out its curve parameters instead of naming the curve; "
                    + "imgtool refuses such keys too. Rewrite it with the curve's name: openssl pkey"
                    + (publicOnly ? " -pubin" : "") + " -in " + in + " -ec_param_enc named_curve -out NEW.pem");
        }
        return ASN1ObjectIdentifier.getInstance(p.getParameters());
    }

    /** "P-256", "P-384", or the curve's name ("secp256k1") and OID for others. */
    static String curveName(ASN1ObjectIdentifier curve) {
        if (curve.equals(SECObjectIdentifiers.secp256r1)) {
            return "P-256";
        }
        if (curve.equals(SECObjectIdentifiers.secp384r1)) {
            return "P-384";
        }
        String name = ECNamedCurveTable.getName(curve);
        return (name == null ? "" : name + " ") + "(" + curve.getId() + ")";
    }

    private static X962Parameters x962(ASN1Encodable parameters) {
        if (parameters == null) {
            return null;
        }
        try {
            return X962Parameters.getInstance(parameters);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
