package org.zephyrsign.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.zephyrsign.IoReasons;

/**
 * Reads the PEM key files imgtool reads: a PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE
 * KEY}, with or without an {@code EC PARAMETERS} block before it, as {@code openssl ecparam -genkey}
 * writes) or PKCS#1 ({@code RSA PRIVATE KEY}) private key, or a public key ({@code PUBLIC KEY},
 * {@code RSA PUBLIC KEY}). The file must hold exactly one key, of a type MCUboot uses (see
 * {@link KeyTypes#MCUBOOT_KEYS}); certificates and parameter blocks beside it are ignored.
 *
 * <p>Everything else is refused with one line naming the file and what is wrong, never a parser's
 * exception: no PEM at all (or DER), a truncated or garbled block, a password-protected key, a
 * certificate alone, two keys (imgtool silently takes the first), an EC key whose curve is given as
 * explicit parameters (imgtool refuses these too), a private key whose stored public half does not
 * match it, DSA, Ed448, X448, DH, other curves and RSA sizes.
 */
public final class PemKeys {
    /** No PEM key comes near this; a larger file is something else (an image, a device). */
    static final int MAX_SIZE = 1 << 20;

    /** What a PEM file held: a private key (with its public half) or only a public key. */
    public record PemKey(Path file, PrivateKeyInfo privateKey, SubjectPublicKeyInfo publicKey) {
        public boolean isPrivate() {
            return privateKey != null;
        }
    }

    /** One {@code -----BEGIN TYPE-----} ... {@code -----END TYPE-----} block. */
    private record Block(String type, int line, Map<String, String> headers, byte[] der) {
        boolean isKey() {
            return type.endsWith("PRIVATE KEY") || type.endsWith("PUBLIC KEY");
        }

        String where() {
            return "the " + type + " block at line " + line;
        }
    }

    private PemKeys() {
    }

    public static PemKey read(Path file) {
        byte[] content = IoReasons.readSmall(file, MAX_SIZE, reason -> new KeyException("key file " + file + ": "
                + reason));
        try {
            return parse(file, content);
        } catch (KeyException e) {
            throw new KeyException("key file " + file + ": " + e.getMessage(), e);
        }
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

    /** Parses a PEM file's bytes; messages leave out the file name (the caller puts it first). */
    static PemKey parse(Path file, byte[] content) {
        List<Block> blocks = blocks(new String(content, StandardCharsets.ISO_8859_1));
        if (blocks.isEmpty()) {
            throw new KeyException(noPem(file, content));
        }
        List<Block> keys = blocks.stream().filter(Block::isKey).toList();
        if (keys.size() > 1) {
            List<String> found = keys.stream().map(b -> b.type() + " at line " + b.line()).toList();
            throw new KeyException("holds " + keys.size() + " keys (" + String.join(", ", found)
                    + "); a key file must hold exactly one");
        }
        if (keys.isEmpty()) {
            List<String> found = blocks.stream().map(Block::type).distinct().toList();
            boolean certificate = found.stream().anyMatch(t -> t.contains("CERTIFICATE"));
            throw new KeyException("holds no key, only " + String.join(", ", found)
                    + (certificate ? "; a certificate is not a key file (its public key: openssl x509 -in " + file
                            + " -pubkey -noout)" : ""));
        }
        Block key = keys.get(0);
        if (key.type().equals("ENCRYPTED PRIVATE KEY")
                || key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
            throw new KeyException("the key is password-protected; development keys must be unencrypted PEM, "
                    + "production keys belong in an HSM or key vault signer");
        }
        return switch (key.type()) {
            case "PRIVATE KEY" -> privateKey(file, key, pkcs8(key));
            case "EC PRIVATE KEY" -> privateKey(file, key, sec1(key, blocks));
            case "RSA PRIVATE KEY" -> privateKey(file, key, pkcs1(key));
            case "PUBLIC KEY", "RSA PUBLIC KEY" -> new PemKey(file, null, checkedPublic(file, publicKeyInfo(key)));
            default -> throw new KeyException("holds " + article(key.type()) + " " + key.type()
                    + " block, which is not a key format imgtool reads (PRIVATE KEY, EC PRIVATE KEY, "
                    + "RSA PRIVATE KEY or PUBLIC KEY)");
        };
    }

    private static String noPem(Path file, byte[] content) {
        if (content.length == 0 || new String(content, StandardCharsets.ISO_8859_1).isBlank()) {
            return "is empty";
        }
        if ((content[0] & 0xff) == 0x30 && content.length > 2) {
            return "holds no PEM block; it looks like DER (binary). Convert it: openssl pkey -inform DER -in " + file
                    + " -out KEY.pem";
        }
        return "holds no PEM block (a line -----BEGIN ... KEY-----)";
    }

    private static List<Block> blocks(String text) {
        String[] lines = text.split("\r\n|\n|\r", -1);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String begin = lines[i].strip();
            if (!begin.startsWith("-----BEGIN ") || !begin.endsWith("-----") || begin.length() < 17) {
                continue;
            }
            String type = begin.substring(11, begin.length() - 5);
            int line = i + 1;
            String where = "the " + type + " block at line " + line;
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            boolean ended = false;
            for (i++; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.startsWith("-----END ")) {
                    if (!l.equals("-----END " + type + "-----")) {
                        throw new KeyException(where + " ends with '" + l + "' at line " + (i + 1));
                    }
                    ended = true;
                    break;
                }
                if (l.startsWith("-----BEGIN ")) {
                    break;
                }
                int colon = l.indexOf(':');
                if (colon > 0 && base64.length() == 0) {
                    headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
                } else {
                    base64.append(l);
                }
            }
            if (!ended) {
                throw new KeyException(where + " has no -----END " + type + "----- line; is the file truncated?");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new KeyException(where + " is not valid base64");
            }
            if (der.length == 0) {
                throw new KeyException(where + " is empty");
            }
            out.add(new Block(type, line, headers, der));
        }
        return out;
    }

    private static ASN1Primitive der(Block block, String what) {
        try {
            return ASN1Primitive.fromByteArray(block.der());
        } catch (IOException | RuntimeException e) {
            throw new KeyException(block.where() + " is not a valid " + what + " (malformed DER)");
        }
    }

    private static PrivateKeyInfo pkcs8(Block block) {
        String what = "PKCS#8 private key";
        try {
            return PrivateKeyInfo.getInstance(der(block, what));
        } catch (RuntimeException e) {
            throw new KeyException(block.where() + " is not a valid " + what);
        }
    }

    /** SEC1 EC key; its curve from the key itself, or else from an EC PARAMETERS block beside it. */
    private static PrivateKeyInfo sec1(Block block, List<Block> all) {
        String what = "EC private key (SEC1)";
        try {
            ECPrivateKey ec = ECPrivateKey.getInstance(der(block, what));
            ASN1Encodable params = ec.getParametersObject();
            if (params == null) {
                Block p = all.stream().filter(b -> b.type().equals("EC PARAMETERS")).findFirst().orElse(null);
                if (p == null) {
                    throw new KeyException(block.where() + " names no curve, and there is no EC PARAMETERS block");
                }
                params = der(p, "EC PARAMETERS block");
            }
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params), ec);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyException k) {
                throw k;
            }
            throw new KeyException(block.where() + " is not a valid " + what);
        }
    }

    private static PrivateKeyInfo pkcs1(Block block) {
        String what = "RSA private key (PKCS#1)";
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(der(block, what)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyException k) {
                throw k;
            }
            throw new KeyException(block.where() + " is not a valid " + what);
        }
    }

    private static SubjectPublicKeyInfo publicKeyInfo(Block block) {
        if (block.type().equals("RSA PUBLIC KEY")) {
            String what = "RSA public key (PKCS#1)";
            try {
                RSAPublicKey rsa = RSAPublicKey.getInstance(der(block, what));
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                        DERNull.INSTANCE), rsa);
            } catch (IOException | RuntimeException e) {
                if (e instanceof KeyException k) {
                    throw k;
                }
                throw new KeyException(block.where() + " is not a valid " + what);
            }
        }
        String what = "public key (SubjectPublicKeyInfo)";
        try {
            return SubjectPublicKeyInfo.getInstance(der(block, what));
        } catch (RuntimeException e) {
            if (e instanceof KeyException k) {
                throw k;
            }
            throw new KeyException(block.where() + " is not a valid " + what);
        }
    }

    /** Checks the key is one MCUboot uses, derives its public half and checks a stored one matches. */
    private static PemKey privateKey(Path file, Block block, PrivateKeyInfo info) {
        checkType(file, info.getPrivateKeyAlgorithm(), false);
        AsymmetricKeyParameter priv;
        try {
            priv = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new KeyException(block.where() + " holds a malformed " + KeyTypes.name(info.getPrivateKeyAlgorithm())
                    + " private key");
        }
        AsymmetricKeyParameter pub = publicParameters(block, priv);
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
        } catch (IOException | RuntimeException e) {
            throw new KeyException(block.where() + ": its public key cannot be encoded");
        }
        byte[] stored = storedPublicKey(info);
        if (stored != null && !matches(stored, pub, spki)) {
            throw new KeyException("the public key stored in " + block.where()
                    + " does not belong to its private key; the file is damaged");
        }
        checkSize(spki);
        return new PemKey(file, info, spki);
    }

    private static SubjectPublicKeyInfo checkedPublic(Path file, SubjectPublicKeyInfo spki) {
        checkType(file, spki.getAlgorithm(), true);
        try {
            PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new KeyException("the " + KeyTypes.name(spki.getAlgorithm()) + " public key is malformed");
        }
        checkSize(spki);
        return spki;
    }

    /** Refuses key types MCUboot never uses, before any arithmetic on them. */
    private static void checkType(Path file, AlgorithmIdentifier algorithm, boolean publicOnly) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519) || oid.equals(EdECObjectIdentifiers.id_X25519)
                || KeyTypes.isRsa(oid)) {
            return;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1ObjectIdentifier curve = KeyTypes.namedCurve(algorithm, file == null ? null : file.toString(),
                    publicOnly);
            if (curve.equals(SECObjectIdentifiers.secp256r1) || curve.equals(SECObjectIdentifiers.secp384r1)) {
                return;
            }
            throw new KeyException("holds an EC key on curve " + KeyTypes.curveName(curve) + "; "
                    + KeyTypes.MCUBOOT_KEYS);
        }
        String name = KeyTypes.name(algorithm);
        throw new KeyException("holds " + article(name) + " " + name + " key; " + KeyTypes.MCUBOOT_KEYS);
    }

    private static void checkSize(SubjectPublicKeyInfo spki) {
        if (!KeyTypes.isRsa(spki.getAlgorithm().getAlgorithm())) {
            return;
        }
        try {
            int bits = ((RSAKeyParameters) PublicKeyFactory.createKey(spki)).getModulus().bitLength();
            if (bits != 2048 && bits != 3072) {
                throw new KeyException("holds an RSA-" + bits + " key; " + KeyTypes.MCUBOOT_KEYS);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyException k) {
                throw k;
            }
            throw new KeyException("the RSA public key is malformed");
        }
    }

    private static AsymmetricKeyParameter publicParameters(Block block, AsymmetricKeyParameter priv) {
        if (priv instanceof Ed25519PrivateKeyParameters ed) {
            return ed.generatePublicKey();
        }
        if (priv instanceof X25519PrivateKeyParameters x) {
            return x.generatePublicKey();
        }
        if (priv instanceof ECPrivateKeyParameters ec) {
            BigInteger d = ec.getD();
            if (d.signum() <= 0 || d.compareTo(ec.getParameters().getN()) >= 0) {
                throw new KeyException(block.where() + " holds an EC private key out of range");
            }
            return new ECPublicKeyParameters(ec.getParameters().getG().multiply(d).normalize(), ec.getParameters());
        }
        if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
            if (!rsa.getP().multiply(rsa.getQ()).equals(rsa.getModulus())) {
                throw new KeyException(block.where() + " holds an inconsistent RSA key (p * q is not the modulus); "
                        + "the file is damaged");
            }
            return new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
        }
        throw new KeyException(block.where() + " holds a private key of a type MCUboot does not use");
    }

    private static boolean matches(byte[] stored, AsymmetricKeyParameter derived, SubjectPublicKeyInfo spki) {
        if (derived instanceof ECPublicKeyParameters ec) {
            try {
                return ec.getParameters().getCurve().decodePoint(stored).equals(ec.getQ()); // compressed or not
            } catch (RuntimeException e) {
                return false;
            }
        }
        return Arrays.equals(stored, spki.getPublicKeyData().getBytes());
    }

    /** The public key a private key's encoding carries along (SEC1's publicKey, PKCS#8 v2), or null. */
    private static byte[] storedPublicKey(PrivateKeyInfo info) {
        try {
            if (info.getPublicKeyData() != null) {
                return info.getPublicKeyData().getBytes();
            }
            if (info.getPrivateKeyAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                ASN1BitString pub = ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
                return pub == null ? null : pub.getBytes();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // the key itself parsed; an unreadable optional field is checked by nothing else
        }
    }

    private static String article(String word) {
        return word.startsWith("RSA") || "AEIOUX".indexOf(word.toUpperCase(Locale.ROOT).charAt(0)) >= 0 ? "an" : "a";
    }
}
