package org.zephyrsign.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * The one place signature encodings are converted. HSMs and KMS return ECDSA signatures as raw
 * r||s or as DER; MCUboot's ECDSA TLV holds DER. Everything that hands a signature to the image
 * goes through {@link #toTlvValue}.
 */
public final class SignatureCodec {
    private SignatureCodec() {
    }

    /**
     * Turns a signature as a signer returned it into the TLV value MCUboot expects.
     *
     * @throws SignatureException when the bytes cannot be a signature of this algorithm
     */
    public static byte[] toTlvValue(SignatureAlgorithm algorithm, byte[] signature) {
        if (algorithm.isEcdsa()) {
            int n = algorithm.ecdsaScalarLength();
            BigInteger[] rs = parseDer(signature);
            if (rs != null) {
                return signature.clone();
            }
            if (signature.length == 2 * n) {
                return derFromRaw(signature);
            }
            throw new SignatureException(algorithm + " signature of " + signature.length
                    + " bytes is neither DER nor raw r||s (" + 2 * n + " bytes)");
        }
        if (signature.length != algorithm.maxSignatureLength()) {
            throw new SignatureException(algorithm + " signature must be " + algorithm.maxSignatureLength()
                    + " bytes, got " + signature.length);
        }
        return signature.clone();
    }

    /** Raw r||s (each half the scalar length) to DER {@code SEQUENCE { r INTEGER, s INTEGER }}. */
    public static byte[] derFromRaw(byte[] raw) {
        int half = raw.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length));
        return der(r, s);
    }

    /** DER {@code SEQUENCE { r INTEGER, s INTEGER }}. */
    public static byte[] der(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DER to raw r||s of the given scalar length. */
    public static byte[] rawFromDer(byte[] der, int scalarLength) {
        BigInteger[] rs = parseDer(der);
        if (rs == null) {
            throw new SignatureException("not a DER ECDSA signature");
        }
        byte[] out = new byte[2 * scalarLength];
        System.arraycopy(BigIntegers.asUnsignedByteArray(scalarLength, rs[0]), 0, out, 0, scalarLength);
        System.arraycopy(BigIntegers.asUnsignedByteArray(scalarLength, rs[1]), 0, out, scalarLength, scalarLength);
        return out;
    }

    /**
     * r and s of a DER ECDSA signature, or null. Trailing zero bytes are allowed: imgtool's
     * {@code --pad-sig} pads the DER to a fixed length and MCUboot ignores the padding.
     */
    static BigInteger[] parseDer(byte[] der) {
        if (der.length < 8 || der[0] != 0x30) {
            return null;
        }
        int contentLength = der[1] & 0xff;
        if (contentLength >= 0x80 || contentLength + 2 > der.length) {
            return null;
        }
        for (int i = contentLength + 2; i < der.length; i++) {
            if (der[i] != 0) {
                return null;
            }
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(Arrays.copyOf(der, contentLength + 2));
            ASN1Sequence seq = ASN1Sequence.getInstance(p);
            if (seq.size() != 2) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
            return new BigInteger[] {r, s};
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** imgtool's {@code --pad-sig}: DER padded with zeros to the algorithm's maximum length. */
    public static byte[] padEcdsa(SignatureAlgorithm algorithm, byte[] der) {
        return Arrays.copyOf(der, Math.max(der.length, algorithm.maxSignatureLength()));
    }
}
