package org.zephyrsign.signer.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.SignatureVerifier;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.KeyFacts;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.image.SigningRequest;

/**
 * Signs on a PKCS#11 token (network HSM, USB token, cloud HSM library) with a key that never leaves
 * it. The token signs what MCUboot verifies with the plain mechanisms (CKM_ECDSA over the digest,
 * CKM_RSA_PKCS_PSS with SHA-256/MGF1-SHA-256/salt 32 over the digest, CKM_EDDSA over the message):
 * combined hash-and-sign mechanisms are missing on some tokens, and raw RSA is often forbidden.
 */
public final class Pkcs11Signer implements ImageSigner {
    /** Which token and key, and where the PIN comes from. */
    public record KeySpec(Path library, String token, String serial, Long slotId, String keyLabel, byte[] keyId,
            SignatureAlgorithm algorithm, Supplier<char[]> pin) {
        String describeKey() {
            StringBuilder s = new StringBuilder();
            if (keyLabel != null) {
                s.append("label '").append(keyLabel).append('\'');
            }
            if (keyId != null) {
                s.append(s.length() > 0 ? ", " : "").append("id ").append(HexFormat.of().formatHex(keyId));
            }
            return s.toString();
        }
    }

    private final Pkcs11Library library;
    private final Token token;
    private final String tokenLabel;
    private final KeySpec spec;
    private final McubootPublicKey publicKey;
    private final Mechanism mechanism;
    private final SignerLog log;
    private final KeyFacts keyFacts;

    private Pkcs11Signer(Pkcs11Library library, Token token, String tokenLabel, KeySpec spec, McubootPublicKey publicKey,
            Mechanism mechanism, SignerLog log, KeyFacts keyFacts) {
        this.keyFacts = keyFacts;
        this.library = library;
        this.token = token;
        this.tokenLabel = tokenLabel;
        this.spec = spec;
        this.publicKey = publicKey;
        this.mechanism = mechanism;
        this.log = log;
    }

    /** Finds the token and key, logs in (once per token and build) and reads the public key. */
    public static Pkcs11Signer open(KeySpec spec, SignerLog log) {
        if (spec.keyLabel() == null && spec.keyId() == null) {
            throw new SignerException("pkcs11 signer: name the key by label or id");
        }
        Pkcs11Library library = Pkcs11Library.load(spec.library());
        library.lock().lock();
        Token token = null;
        String label = "?";
        try {
            token = findToken(library, spec);
            label = token.getTokenInfo().getLabel().trim();
            Session session = library.session(token, spec.pin(), log);
            long key = findPrivateKey(session, spec, label);
            McubootPublicKey pub = readPublicKey(session, key, spec, label);
            if (spec.algorithm() != null && spec.algorithm() != pub.algorithm()) {
                throw new SignerException("pkcs11 signer: key " + spec.describeKey() + " on token '" + label + "' is "
                        + pub.algorithm() + ", but " + spec.algorithm() + " was requested");
            }
            Mechanism mechanism = mechanismFor(pub.algorithm());
            requireMechanism(token, mechanism, label, pub.algorithm());
            KeyFacts facts = keyFacts(session, key, token.getTokenInfo(), spec);
            return new Pkcs11Signer(library, token, label, spec, pub, mechanism, log, facts);
        } catch (TokenException e) {
            if (token != null && gone(e)) {
                library.discard(token);
            }
            throw failure(e, label, library.path());
        } finally {
            library.lock().unlock();
        }
    }

    /**
     * Ends the build's token sessions: closes the one logged-in session each token kept for the
     * build (which logs it out). A front end calls this when its build is over; a signer opened
     * afterwards logs in afresh.
     *
     * @return what was closed, "token 'LABEL' (MODULE)" each, for the log
     */
    public static List<String> closeSessions() {
        return Pkcs11Library.closeAll();
    }

    @Override
    public McubootPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(SigningRequest request) {
        library.lock().lock();
        try {
            Session session = library.session(token, spec.pin(), log);
            long key = findPrivateKey(session, spec, tokenLabel);
            return session.signSingle(mechanism, key, request.message());
        } catch (TokenException e) {
            if (gone(e)) {
                library.discard(token);
            }
            throw failure(e, tokenLabel, library.path());
        } finally {
            library.lock().unlock();
        }
    }

    /**
     * The key's RFC 7512 URI (no PIN, no module), the token it is on, and whether it can leave the
     * token: CKA_EXTRACTABLE false and CKA_SENSITIVE true mean it cannot now; CKA_NEVER_EXTRACTABLE
     * and CKA_ALWAYS_SENSITIVE true mean it never could, so it was generated there.
     */
    @Override
    public KeyFacts keyFacts() {
        return keyFacts;
    }

    private static KeyFacts keyFacts(Session session, long key, TokenInfo token, KeySpec spec) throws TokenException {
        AttributeVector a = session.getAttrValues(key, PKCS11Constants.CKA_EXTRACTABLE,
                PKCS11Constants.CKA_NEVER_EXTRACTABLE, PKCS11Constants.CKA_SENSITIVE, PKCS11Constants.CKA_ALWAYS_SENSITIVE,
                PKCS11Constants.CKA_LABEL, PKCS11Constants.CKA_ID);
        Boolean extractable = a.getBooleanAttrValue(PKCS11Constants.CKA_EXTRACTABLE);
        Boolean neverExtractable = a.getBooleanAttrValue(PKCS11Constants.CKA_NEVER_EXTRACTABLE);
        Boolean sensitive = a.getBooleanAttrValue(PKCS11Constants.CKA_SENSITIVE);
        Boolean alwaysSensitive = a.getBooleanAttrValue(PKCS11Constants.CKA_ALWAYS_SENSITIVE);
        Map<String, String> attributes = new TreeMap<>();
        put(attributes, "CKA_EXTRACTABLE", extractable);
        put(attributes, "CKA_NEVER_EXTRACTABLE", neverExtractable);
        put(attributes, "CKA_SENSITIVE", sensitive);
        put(attributes, "CKA_ALWAYS_SENSITIVE", alwaysSensitive);
        put(attributes, "token", token.getLabel().trim());
        put(attributes, "tokenSerial", token.getSerialNumber().trim());
        put(attributes, "tokenModel", token.getModel().trim());
        put(attributes, "tokenManufacturer", token.getManufacturerID().trim());
        String label = a.label() != null ? a.label() : spec.keyLabel();
        byte[] id = a.id() != null ? a.id() : spec.keyId();
        StringBuilder uri = new StringBuilder("pkcs11:token=").append(uriEncode(token.getLabel().trim()));
        if (label != null) {
            uri.append(";object=").append(uriEncode(label));
        }
        if (id != null && id.length > 0) {
            uri.append(";id=");
            for (byte b : id) {
                uri.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        uri.append(";type=private");
        Boolean nonExtractable = extractable == null || sensitive == null ? null : !extractable && sensitive;
        Boolean never = neverExtractable == null || alwaysSensitive == null ? null : neverExtractable && alwaysSensitive;
        return new KeyFacts(uri.toString(), nonExtractable, never, attributes);
    }

    /** RFC 7512 percent-encoding: unreserved characters as they are, every other UTF-8 byte as %XX. */
    private static String uriEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static void put(Map<String, String> attributes, String name, Object value) {
        if (value != null && !String.valueOf(value).isEmpty()) {
            attributes.put(name, String.valueOf(value));
        }
    }

    @Override
    public String description() {
        return "PKCS#11 key " + spec.describeKey() + " on token '" + tokenLabel + "' (" + library.path() + ")";
    }

    private static Token findToken(Pkcs11Library library, KeySpec spec) throws TokenException {
        List<String> present = new ArrayList<>();
        List<Token> matches = new ArrayList<>();
        for (Slot slot : library.slotsWithTokens()) {
            Token t = slot.getToken();
            TokenInfo info = t.getTokenInfo();
            String label = info.getLabel().trim();
            String serial = info.getSerialNumber().trim();
            present.add(info.isTokenInitialized() ? "'" + label + "' (serial " + serial + ", slot " + slot.getSlotID() + ")"
                    : "an uninitialized token in slot " + slot.getSlotID());
            if ((spec.token() == null || spec.token().equals(label))
                    && (spec.serial() == null || spec.serial().equals(serial))
                    && (spec.slotId() == null || spec.slotId() == slot.getSlotID())) {
                matches.add(t);
            }
        }
        String wanted = (spec.token() != null ? "token '" + spec.token() + "'" : "a token")
                + (spec.serial() != null ? " with serial " + spec.serial() : "")
                + (spec.slotId() != null ? " in slot " + spec.slotId() : "");
        if (matches.isEmpty()) {
            throw new SignerException("pkcs11 signer: no " + wanted.replaceFirst("^a token", "token") + " in "
                    + library.path() + "; tokens present: " + (present.isEmpty() ? "none" : String.join(", ", present)));
        }
        if (matches.size() > 1) {
            throw new SignerException("pkcs11 signer: " + matches.size() + " tokens match " + wanted
                    + "; name one by label, serial or slot: " + String.join(", ", present));
        }
        return matches.get(0);
    }

    private static AttributeVector template(long objectClass, KeySpec spec) {
        AttributeVector t = new AttributeVector().class_(objectClass);
        if (spec.keyLabel() != null) {
            t.label(spec.keyLabel());
        }
        if (spec.keyId() != null) {
            t.id(spec.keyId());
        }
        return t;
    }

    private static long findPrivateKey(Session session, KeySpec spec, String tokenLabel) throws TokenException {
        long[] found = session.findAllObjectsSingle(template(PKCS11Constants.CKO_PRIVATE_KEY, spec));
        if (found.length == 0) {
            throw new SignerException("pkcs11 signer: no private key with " + spec.describeKey() + " on token '"
                    + tokenLabel + "'; keys there: " + keyLabels(session));
        }
        if (found.length > 1) {
            throw new SignerException("pkcs11 signer: " + found.length + " private keys match " + spec.describeKey()
                    + " on token '" + tokenLabel + "'; add the key id to pick one");
        }
        return found[0];
    }

    private static String keyLabels(Session session) throws TokenException {
        List<String> labels = new ArrayList<>();
        for (long h : session.findAllObjectsSingle(new AttributeVector().class_(PKCS11Constants.CKO_PRIVATE_KEY))) {
            AttributeVector a = session.getAttrValues(h, PKCS11Constants.CKA_LABEL, PKCS11Constants.CKA_ID);
            labels.add("'" + a.label() + "' (id " + (a.id() == null ? "-" : HexFormat.of().formatHex(a.id())) + ")");
        }
        return labels.isEmpty() ? "none" : String.join(", ", labels);
    }

    /** The public half, from the private key object's attributes or the matching public key object. */
    private static McubootPublicKey readPublicKey(Session session, long privateKey, KeySpec spec, String tokenLabel)
            throws TokenException {
        AttributeVector a = session.getAttrValues(privateKey, PKCS11Constants.CKA_KEY_TYPE, PKCS11Constants.CKA_ID,
                PKCS11Constants.CKA_LABEL);
        long type = a.keyType();
        SubjectPublicKeyInfo spki;
        try {
            if (type == PKCS11Constants.CKK_RSA) {
                AttributeVector r = session.getAttrValues(privateKey, PKCS11Constants.CKA_MODULUS,
                        PKCS11Constants.CKA_PUBLIC_EXPONENT);
                BigInteger n = r.modulus();
                BigInteger e = r.publicExponent();
                if (n == null || e == null) {
                    AttributeVector pub = publicKeyObject(session, a, spec, tokenLabel, PKCS11Constants.CKA_MODULUS,
                            PKCS11Constants.CKA_PUBLIC_EXPONENT);
                    n = pub.modulus();
                    e = pub.publicExponent();
                }
                spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                        DERNull.INSTANCE), new RSAPublicKey(n, e));
            } else if (type == PKCS11Constants.CKK_EC || type == PKCS11Constants.CKK_EC_EDWARDS) {
                AttributeVector pub = publicKeyObject(session, a, spec, tokenLabel, PKCS11Constants.CKA_EC_PARAMS,
                        PKCS11Constants.CKA_EC_POINT);
                spki = ecSubjectPublicKeyInfo(pub.ecParams(), pub.ecPoint(), type == PKCS11Constants.CKK_EC_EDWARDS);
            } else {
                throw new SignerException("pkcs11 signer: key " + spec.describeKey() + " on token '" + tokenLabel
                        + "' has key type " + PKCS11Constants.codeToName(PKCS11Constants.Category.CKK, type)
                        + "; MCUboot signs with RSA, EC (P-256/P-384) or Ed25519 keys");
            }
        } catch (IOException e) {
            throw new SignerException("pkcs11 signer: unreadable public key attributes: " + e.getMessage(), e);
        }
        try {
            return McubootPublicKey.fromSubjectPublicKeyInfo(spki);
        } catch (KeyException e) {
            throw new SignerException("pkcs11 signer: key " + spec.describeKey() + " on token '" + tokenLabel + "': "
                    + e.getMessage(), e);
        }
    }

    private static AttributeVector publicKeyObject(Session session, AttributeVector privateAttrs, KeySpec spec,
            String tokenLabel, long... attributes) throws TokenException {
        AttributeVector t = new AttributeVector().class_(PKCS11Constants.CKO_PUBLIC_KEY);
        if (privateAttrs.id() != null && privateAttrs.id().length > 0) {
            t.id(privateAttrs.id());
        } else {
            t.label(privateAttrs.label());
        }
        long[] found = session.findAllObjectsSingle(t);
        if (found.length != 1) {
            throw new SignerException("pkcs11 signer: found " + found.length + " public key objects for "
                    + spec.describeKey() + " on token '" + tokenLabel + "'; the public key is read from the public "
                    + "key object with the private key's CKA_ID");
        }
        return session.getAttrValues(found[0], attributes);
    }

    /**
     * CKA_EC_PARAMS names the curve by OID, or (OpenSC's Ed25519 keys) as the PrintableString
     * "edwards25519"; CKA_EC_POINT is the point in a DER OCTET STRING, or bare on some tokens.
     */
    static SubjectPublicKeyInfo ecSubjectPublicKeyInfo(byte[] params, byte[] point, boolean edwards) throws IOException {
        ASN1Primitive p = ASN1Primitive.fromByteArray(params);
        ASN1ObjectIdentifier curve = null;
        if (p instanceof ASN1ObjectIdentifier oid) {
            curve = oid;
        } else if (p instanceof ASN1PrintableString name && name.getString().equals("edwards25519")) {
            curve = EdECObjectIdentifiers.id_Ed25519;
        }
        if (curve == null) {
            throw new SignerException("pkcs11 signer: unsupported CKA_EC_PARAMS " + HexFormat.of().formatHex(params));
        }
        byte[] raw = point;
        int expectedRaw = edwards ? 32 : -1;
        if (point.length > 2 && point[0] == 0x04 && (edwards || (point.length - 2) % 2 == 1)) {
            try {
                byte[] inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(point)).getOctets();
                if (!edwards || inner.length == expectedRaw) {
                    raw = inner;
                }
            } catch (IOException | IllegalArgumentException bare) {
                raw = point; // the point itself (0x04 || X || Y), not wrapped
            }
        }
        if (edwards || curve.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw);
        }
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), raw);
    }

    private static Mechanism mechanismFor(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ED25519 -> new Mechanism(PKCS11Constants.CKM_EDDSA);
            case ECDSA_P256, ECDSA_P384 -> new Mechanism(PKCS11Constants.CKM_ECDSA);
            case RSA_2048, RSA_3072 -> new Mechanism(PKCS11Constants.CKM_RSA_PKCS_PSS, new RSA_PKCS_PSS_PARAMS(
                    PKCS11Constants.CKM_SHA256, PKCS11Constants.CKG_MGF1_SHA256, SignatureVerifier.PSS_SALT_LENGTH));
        };
    }

    private static void requireMechanism(Token token, Mechanism mechanism, String label, SignatureAlgorithm alg)
            throws TokenException {
        long code = mechanism.getMechanismCode();
        for (long m : token.getMechanismList()) {
            if (m == code) {
                return;
            }
        }
        throw new SignerException("pkcs11 signer: token '" + label + "' does not offer "
                + PKCS11Constants.ckmCodeToName(code) + ", which signing with its " + alg + " key needs");
    }

    private static boolean gone(TokenException e) {
        if (!(e instanceof PKCS11Exception p)) {
            return false;
        }
        long c = p.getErrorCode();
        return c == PKCS11Constants.CKR_DEVICE_REMOVED || c == PKCS11Constants.CKR_TOKEN_NOT_PRESENT
                || c == PKCS11Constants.CKR_SESSION_HANDLE_INVALID || c == PKCS11Constants.CKR_SESSION_CLOSED
                || c == PKCS11Constants.CKR_TOKEN_NOT_RECOGNIZED || c == PKCS11Constants.CKR_DEVICE_ERROR;
    }

    /** One line per PKCS#11 failure a user can act on; the PIN never appears in any of them. */
    static SignerException failure(TokenException e, String token, Path library) {
        if (!(e instanceof PKCS11Exception p)) {
            return new SignerException("pkcs11 signer: token '" + token + "': " + e.getMessage(), e);
        }
        long c = p.getErrorCode();
        String where = "token '" + token + "' (" + library + ")";
        String message;
        if (c == PKCS11Constants.CKR_PIN_INCORRECT || c == PKCS11Constants.CKR_PIN_LEN_RANGE) {
            message = "wrong PIN for " + where + " (" + p.getErrorName() + "); check the PIN source";
        } else if (c == PKCS11Constants.CKR_PIN_LOCKED) {
            message = "the user PIN of " + where + " is locked (CKR_PIN_LOCKED); the security officer must unlock it";
        } else if (c == PKCS11Constants.CKR_USER_PIN_NOT_INITIALIZED) {
            message = "the user PIN of " + where + " is not initialized";
        } else if (gone(e)) {
            message = where + " was removed or became unreachable during the build (" + p.getErrorName() + ")";
        } else if (c == PKCS11Constants.CKR_MECHANISM_INVALID || c == PKCS11Constants.CKR_MECHANISM_PARAM_INVALID) {
            message = where + " refused the signing mechanism (" + p.getErrorName() + ")";
        } else if (c == PKCS11Constants.CKR_KEY_TYPE_INCONSISTENT || c == PKCS11Constants.CKR_KEY_FUNCTION_NOT_PERMITTED) {
            message = where + ": the key cannot sign with this mechanism (" + p.getErrorName() + ")";
        } else {
            message = where + " failed: " + p.getErrorName();
        }
        return new SignerException("pkcs11 signer: " + message, e);
    }

}
