package org.zephyrsign.signer.remote;

import java.io.IOException;
import java.io.StringReader;
import java.util.Base64;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.crypto.SignatureException;
import org.zephyrsign.crypto.SignatureVerifier;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;

/**
 * Conversions between what services send and what MCUboot needs, each failing as one
 * {@link RemoteSignerException} naming the target: base64 and base64url, public keys from PEM, DER
 * or raw Ed25519 bytes (refusing key types MCUboot cannot use, by name), ECDSA raw r||s and DER,
 * and the check that a signature verifies against the service's own public key.
 */
public final class RemoteKeys {
    private RemoteKeys() {
    }

    /** Standard base64 (padding optional, whitespace ignored); MALFORMED_RESPONSE otherwise. */
    public static byte[] base64(RemoteTarget target, String what, String value) {
        try {
            return Base64.getMimeDecoder().decode(strict(value, false));
        } catch (IllegalArgumentException e) {
            throw target.failure(Kind.MALFORMED_RESPONSE, what + " is not base64");
        }
    }

    /** base64url (RFC 4648 section 5, padding optional), as JOSE services send; MALFORMED_RESPONSE otherwise. */
    public static byte[] base64Url(RemoteTarget target, String what, String value) {
        try {
            return Base64.getUrlDecoder().decode(strict(value, true));
        } catch (IllegalArgumentException e) {
            throw target.failure(Kind.MALFORMED_RESPONSE, what + " is not base64url");
        }
    }

    public static String toBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** base64url without padding, as JOSE wants it. */
    public static String toBase64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String strict(String value, boolean url) {
        if (value == null) {
            throw new IllegalArgumentException();
        }
        String v = value.replaceAll("\\s", "");
        String alphabet = url ? "[A-Za-z0-9_-]*=*" : "[A-Za-z0-9+/]*=*";
        if (v.isEmpty() || !v.matches(alphabet)) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    /**
     * A public key from a PEM {@code PUBLIC KEY} block (SubjectPublicKeyInfo); a key MCUboot cannot
     * use is WRONG_KEY_TYPE, naming its type; text that is no such PEM is MALFORMED_RESPONSE.
     */
    public static McubootPublicKey fromPem(RemoteTarget target, String pem) {
        PemObject o;
        try (PemReader r = new PemReader(new StringReader(pem == null ? "" : pem))) {
            o = r.readPemObject();
        } catch (IOException | RuntimeException e) {
            o = null;
        }
        if (o == null || !o.getType().equals("PUBLIC KEY")) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "the public key is not a PEM PUBLIC KEY block");
        }
        return fromDer(target, o.getContent());
    }

    /** A public key from SubjectPublicKeyInfo DER; see {@link #fromPem}. */
    public static McubootPublicKey fromDer(RemoteTarget target, byte[] der) {
        try {
            return McubootPublicKey.fromDer(der);
        } catch (KeyException e) {
            String m = e.getMessage();
            if (m != null && (m.startsWith("not a DER") || m.contains("malformed"))) {
                throw target.failure(Kind.MALFORMED_RESPONSE, "the public key is " + m);
            }
            throw target.failure(Kind.WRONG_KEY_TYPE, m);
        }
    }

    /** An Ed25519 public key from its 32 raw bytes (Vault's transit answer). */
    public static McubootPublicKey ed25519(RemoteTarget target, byte[] raw) {
        if (raw.length != 32) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "an Ed25519 public key is 32 bytes, got " + raw.length);
        }
        byte[] spki = new byte[44];
        System.arraycopy(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        return fromDer(target, spki);
    }

    /** ECDSA raw r||s (JOSE, PKCS#11) to the DER MCUboot's TLV holds. */
    public static byte[] derFromRaw(byte[] raw) {
        return SignatureCodec.derFromRaw(raw);
    }

    /** ECDSA DER to raw r||s of the algorithm's scalar length (for services that want raw). */
    public static byte[] rawFromDer(SignatureAlgorithm algorithm, byte[] der) {
        return SignatureCodec.rawFromDer(der, algorithm.ecdsaScalarLength());
    }

    /**
     * The signature as MCUboot's TLV holds it, verified against the public key the service gave:
     * SIGNATURE_INVALID when it does not verify, MALFORMED_RESPONSE when it cannot be a signature of
     * this algorithm at all. Every remote signer calls this before handing a signature back.
     *
     * @param message what was signed: the digest, or for pure Ed25519 the image bytes
     */
    public static byte[] verified(RemoteTarget target, McubootPublicKey key, byte[] message, byte[] signature) {
        byte[] tlv;
        try {
            tlv = SignatureCodec.toTlvValue(key.algorithm(), signature);
        } catch (SignatureException e) {
            throw target.failure(Kind.MALFORMED_RESPONSE, e.getMessage());
        }
        if (!SignatureVerifier.verify(key, message, tlv)) {
            throw target.failure(Kind.SIGNATURE_INVALID, key.toString());
        }
        return tlv;
    }
}
