package org.zephyrsign.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * MCUboot's published keys: the keys whose private halves are in the MCUboot repository
 * (root-ec-p256.pem, the fallback of Zephyr and the nRF Connect SDK, and the others), so anyone can
 * sign images a bootloader built with one of them accepts, or decrypt images encrypted for one.
 * Their public halves and where MCUboot keeps them are resources beside this class
 * ({@code known-dev-keys/index.tsv}), read once, when first asked.
 *
 * <p>Keys are compared by their key material (the same point, modulus or raw key, however the PEM
 * spelled it); image key TLVs by the MCUboot encoding (PUBKEY) or its hash (KEYHASH).
 */
public final class PublishedKeys {
    private static final String DIRECTORY = "known-dev-keys/";

    /** Why a published signing key matters, for messages. */
    public static final String SIGNING_RISK = "its private key is public in the MCUboot repository, so anyone can "
            + "sign images that a bootloader with this key accepts";

    /** Why a published encryption key matters, for messages. */
    public static final String ENCRYPTION_RISK = "its private key is public in the MCUboot repository, so anyone "
            + "can decrypt images encrypted for it";

    /**
     * One published key.
     *
     * @param name the MCUboot file's name without {@code .pem}, e.g. {@code root-ec-p256}
     * @param mcubootPaths where MCUboot keeps its private half, the usual name first
     * @param use what MCUboot uses it for, as its index says
     * @param resource the public half's file among this class's resources
     */
    public record PublishedKey(String name, List<String> mcubootPaths, String use, String resource,
            SubjectPublicKeyInfo subjectPublicKeyInfo) {
        public PublishedKey {
            mcubootPaths = List.copyOf(mcubootPaths);
        }

        /** "MCUboot's published root-ec-p256 development key (root-ec-p256.pem)". */
        public String description() {
            return "MCUboot's published " + name + " development key (" + mcubootPaths.get(0) + ")";
        }

        @Override
        public String toString() {
            return description();
        }
    }

    /**
     * A key with what it is compared by: its key material, and for a key that can sign, its MCUboot
     * encoding. Both are read from the DER alone, without curve arithmetic or regexes: the CLI loads
     * this table on every sign, and decoding each key with Bouncy Castle took 0.5-1 s there (now about
     * 12 ms of CPU). PublishedKeysTest checks both against the decoded keys.
     */
    private record Entry(PublishedKey key, String material, byte[] mcubootEncoding) {
    }

    private PublishedKeys() {
    }

    /** Every published key, in the index's order. */
    public static List<PublishedKey> all() {
        return Table.ENTRIES.stream().map(Entry::key).toList();
    }

    /**
     * The published key this signing key is, if any. Compared by MCUboot encoding, which names one
     * key however its PEM spelled it (McubootPublicKey normalizes it): no Bouncy Castle decoding, on
     * every CLI sign.
     */
    public static Optional<PublishedKey> find(McubootPublicKey key) {
        return findByMcubootEncoding(key.mcubootEncoding());
    }

    /** The published key this image-encryption key is, if any. */
    public static Optional<PublishedKey> find(EncryptionKey key) {
        return byMaterial(material(key.publicParameters()));
    }

    /** The published key with this public key, whatever its type; empty for keys of no known type. */
    public static Optional<PublishedKey> find(SubjectPublicKeyInfo spki) {
        AsymmetricKeyParameter parameters;
        try {
            parameters = PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return byMaterial(material(parameters));
    }

    /**
     * The published key whose KEYHASH TLV this is: the hash of its MCUboot encoding, with the image's
     * hash algorithm.
     */
    public static Optional<PublishedKey> findByKeyHash(byte[] keyHash, HashAlgorithm hash) {
        List<byte[]> encodings = Encodings.ALL;
        for (int i = 0; i < encodings.size(); i++) {
            if (encodings.get(i) != null && Arrays.equals(hash.digest(encodings.get(i)), keyHash)) {
                return Optional.of(Table.ENTRIES.get(i).key());
            }
        }
        return Optional.empty();
    }

    /** The published key whose PUBKEY TLV this is: its MCUboot encoding. */
    public static Optional<PublishedKey> findByMcubootEncoding(byte[] encoding) {
        List<byte[]> encodings = Encodings.ALL;
        for (int i = 0; i < encodings.size(); i++) {
            if (Arrays.equals(encodings.get(i), encoding)) {
                return Optional.of(Table.ENTRIES.get(i).key());
            }
        }
        return Optional.empty();
    }

    /** The MCUboot encodings of the index's keys, in its order, as {@link Encodings} reads them; for tests. */
    static List<byte[]> encodings() {
        return Encodings.ALL;
    }

    /** The MCUboot encodings {@link Table} computes, in the index's order; for tests. */
    static List<byte[]> tableEncodings() {
        return Table.ENTRIES.stream().map(Entry::mcubootEncoding).toList();
    }

    private static Optional<PublishedKey> byMaterial(String material) {
        if (material == null) {
            return Optional.empty();
        }
        for (Entry e : Table.ENTRIES) {
            if (e.material().equals(material)) {
                return Optional.of(e.key());
            }
        }
        return Optional.empty();
    }

    /**
     * What identifies a public key whatever its PEM looks like: the raw key (Ed25519, X25519), the
     * uncompressed point (EC, named or explicit curve), modulus and exponent (RSA); null otherwise.
     */
    private static String material(AsymmetricKeyParameter key) {
        HexFormat hex = HexFormat.of();
        if (key instanceof Ed25519PublicKeyParameters ed) {
            return "Ed25519:" + hex.formatHex(ed.getEncoded());
        }
        if (key instanceof X25519PublicKeyParameters x) {
            return "X25519:" + hex.formatHex(x.getEncoded());
        }
        if (key instanceof ECPublicKeyParameters ec) {
            return "EC:" + hex.formatHex(ec.getQ().getEncoded(false));
        }
        if (key instanceof RSAKeyParameters rsa && !rsa.isPrivate()) {
            return "RSA:" + hex.formatHex(rsa.getModulus().toByteArray()) + ":"
                    + hex.formatHex(rsa.getExponent().toByteArray());
        }
        return null;
    }

    /** The DER of a PEM resource. */
    private static byte[] der(String resource) {
        StringBuilder base64 = new StringBuilder();
        for (String line : lines(DIRECTORY + resource)) {
            if (!line.startsWith("-----")) {
                base64.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(base64.toString());
    }

    /** The trimmed parts of {@code text} between {@code separator}s (no regex: this runs in every CLI sign). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
            parts.add(text.substring(from, at).trim());
            from = at + 1;
        }
        parts.add(text.substring(from).trim());
        return parts;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = PublishedKeys.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing beside " + PublishedKeys.class);
            }
            return split(new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\r", ""), '\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The MCUboot encoding of each key of the index, in its order (null for X25519, which cannot
     * sign), read from the DER without decoding any key: every CLI sign and verify compares its key
     * or an image's key TLV with these, and decoding the table (Bouncy Castle, some 90 classes) took
     * 13 ms of a 120 ms run. The table itself is loaded only when one of them matches.
     */
    private static final class Encodings {
        private static final byte[] RSA = HexFormat.of().parseHex("2a864886f70d010101");
        private static final byte[] X25519 = HexFormat.of().parseHex("2b656e");
        static final List<byte[]> ALL = load();

        private static List<byte[]> load() {
            List<byte[]> all = new ArrayList<>();
            for (String line : lines(DIRECTORY + "index.tsv")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                byte[] spki = der(line.substring(0, line.indexOf('\t')).trim());
                all.add(encoding(spki));
            }
            return java.util.Collections.unmodifiableList(all);
        }

        /** SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { OID, params }, BIT STRING }. */
        private static byte[] encoding(byte[] spki) {
            int[] outer = header(spki, 0, 0x30);
            int[] algorithm = header(spki, outer[0], 0x30);
            int[] oid = header(spki, algorithm[0], 0x06);
            byte[] oidBytes = Arrays.copyOfRange(spki, oid[0], oid[0] + oid[1]);
            if (Arrays.equals(oidBytes, X25519)) {
                return null;
            }
            if (!Arrays.equals(oidBytes, RSA)) {
                return spki; // Ed25519, EC: MCUboot embeds the SubjectPublicKeyInfo
            }
            int[] bits = header(spki, algorithm[0] + algorithm[1], 0x03);
            return Arrays.copyOfRange(spki, bits[0] + 1, bits[0] + bits[1]); // PKCS#1, past the unused-bits byte
        }

        /** {content offset, content length} of the DER element at {@code at}, which must have {@code tag}. */
        private static int[] header(byte[] der, int at, int tag) {
            if ((der[at] & 0xff) != tag) {
                throw new IllegalStateException("known-dev-keys: unexpected DER tag " + (der[at] & 0xff));
            }
            int length = der[at + 1] & 0xff;
            int offset = at + 2;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | der[offset++] & 0xff;
                }
            }
            return new int[] {offset, length};
        }
    }

    /** The index and the keys it names, loaded on first use. */
    private static final class Table {
        static final List<Entry> ENTRIES = load();

        private static List<Entry> load() {
            List<Entry> entries = new ArrayList<>();
            for (String line : lines(DIRECTORY + "index.tsv")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> columns = split(line, '\t');
                if (columns.size() != 3) {
                    throw new IllegalStateException("known-dev-keys/index.tsv: not three tab-separated columns: "
                            + line);
                }
                String resource = columns.get(0);
                List<String> paths = split(columns.get(1), ',');
                String file = paths.get(0).substring(paths.get(0).lastIndexOf('/') + 1);
                String name = file.endsWith(".pem") ? file.substring(0, file.length() - 4) : file;
                SubjectPublicKeyInfo spki = publicKey(resource);
                entries.add(new Entry(new PublishedKey(name, paths, columns.get(2), resource, spki),
                        material(spki), mcubootEncoding(spki)));
            }
            return List.copyOf(entries);
        }

        /**
         * {@link PublishedKeys#material(AsymmetricKeyParameter)} of a key as the index holds it: named
         * curves and uncompressed points, as {@code openssl pkey -pubout} writes them (a test checks
         * each against the decoded key).
         */
        private static String material(SubjectPublicKeyInfo spki) {
            HexFormat hex = HexFormat.of();
            ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
            byte[] bits = spki.getPublicKeyData().getOctets();
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return "Ed25519:" + hex.formatHex(bits);
            }
            if (oid.equals(EdECObjectIdentifiers.id_X25519)) {
                return "X25519:" + hex.formatHex(bits);
            }
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey) && bits.length > 0 && bits[0] == 0x04) {
                return "EC:" + hex.formatHex(bits);
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                RSAPublicKey rsa = RSAPublicKey.getInstance(bits);
                return "RSA:" + hex.formatHex(rsa.getModulus().toByteArray()) + ":"
                        + hex.formatHex(rsa.getPublicExponent().toByteArray());
            }
            throw new IllegalStateException("known-dev-keys: unexpected key " + oid);
        }

        /** What {@link McubootPublicKey#mcubootEncoding()} gives: PKCS#1 for RSA, the SPKI otherwise; null for X25519. */
        private static byte[] mcubootEncoding(SubjectPublicKeyInfo spki) {
            ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
            if (oid.equals(EdECObjectIdentifiers.id_X25519)) {
                return null;
            }
            try {
                return oid.equals(PKCSObjectIdentifiers.rsaEncryption) ? spki.getPublicKeyData().getOctets()
                        : spki.getEncoded("DER");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static SubjectPublicKeyInfo publicKey(String resource) {
            return SubjectPublicKeyInfo.getInstance(der(resource));
        }



    }
}
