package org.zephyrsign.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.PublishedKeys.PublishedKey;
import org.zephyrsign.vectors.Vectors;

/**
 * The lookup of MCUboot's published keys: every key of the index is found in every form a build
 * meets it (a public PEM however spelled, a signing key, an encryption key, an image's KEYHASH or
 * PUBKEY TLV), and keys of anyone else are not. Only the public halves are used: the project holds
 * none of the published private keys.
 */
class PublishedKeysTest {
    /**
     * SHA-256 of the MCUboot encoding (the SubjectPublicKeyInfo) of root-ed25519 and root-ec-p256, the
     * KEYHASH TLV of images signed with them, computed from the public PEMs of known-dev-keys with
     * openssl alone: {@code openssl pkey -pubin -in root-ed25519.pub.pem -outform DER | sha256sum}.
     */
    private static final String ROOT_ED25519_SHA256 = "c1907fa4eac7fae3840a78902b6f0710b037e9968e5c6274a12a28790c7d4e3c";
    private static final String ROOT_EC_P256_SHA256 = "e30466f6b8470c1f29070b17f1e2d3e94d445e3f608087fdc711e4382bb538b6";

    @TempDir
    Path tmp;

    @Test
    void theIndexHoldsEveryKeyOfMcubootsList() {
        assertEquals(List.of("root-ec-p256", "root-ec-p384", "root-ed25519", "root-ed25519-2", "root-rsa-2048",
                "root-rsa-3072", "bad-ec-p256", "bad-rsa-2048", "cypress-test-ec-p256", "enc-ec256-priv",
                "enc-rsa2048-priv", "enc-x25519-priv"), PublishedKeys.all().stream().map(PublishedKey::name).toList());
        PublishedKey p256 = PublishedKeys.all().get(0);
        assertEquals(List.of("root-ec-p256.pem", "root-ec-p256-pkcs8.pem"), p256.mcubootPaths());
        assertEquals("signing, ECDSA P-256 (Zephyr/NCS default)", p256.use());
        assertEquals("MCUboot's published root-ec-p256 development key (root-ec-p256.pem)", p256.description());
        assertEquals("MCUboot's published bad-rsa-2048 development key (samples/zephyr/bad-keys/bad-rsa-2048.pem)",
                PublishedKeys.all().get(7).description());
    }

    @Test
    void everyKeyIsFoundByItsSubjectPublicKeyInfoAsReadFromItsPem() throws IOException {
        for (PublishedKey k : PublishedKeys.all()) {
            SubjectPublicKeyInfo spki = PemKeys.read(resourceFile(k)).publicKey();
            assertEquals(Optional.of(k), PublishedKeys.find(spki), k.name());
            assertEquals(spki, k.subjectPublicKeyInfo(), k.name());
        }
    }

    @Test
    void everySigningKeyIsFoundAsSigningKeyByPubkeyAndByKeyHashWithEveryHashItsAlgorithmAllows() throws Exception {
        int signingKeys = 0;
        int hashes = 0;
        for (PublishedKey k : PublishedKeys.all()) {
            if (k.subjectPublicKeyInfo().getAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_X25519)) {
                continue; // an X25519 key signs nothing
            }
            McubootPublicKey key = PemKeys.publicKey(resourceFile(k));
            assertEquals(Optional.of(k), PublishedKeys.find(key), k.name());
            byte[] encoding = mcubootEncoding(k.subjectPublicKeyInfo());
            assertArrayEquals(encoding, key.mcubootEncoding(), k.name());
            assertEquals(Optional.of(k), PublishedKeys.findByMcubootEncoding(encoding), k.name());
            for (HashAlgorithm hash : key.algorithm().allowedHashes()) {
                byte[] keyHash = MessageDigest.getInstance(jcaName(hash)).digest(encoding);
                assertEquals(Optional.of(k), PublishedKeys.findByKeyHash(keyHash, hash), k.name() + " " + hash);
                hashes++;
            }
            signingKeys++;
        }
        assertEquals(11, signingKeys);
        assertEquals(13, hashes); // one each, two for root-ed25519 and root-ed25519-2 (SHA-256 and SHA-512)
    }

    @Test
    void aKeyHashIsLookedUpWithItsOwnHashAlgorithmOnly() throws Exception {
        byte[] rootEd25519 = mcubootEncoding(published("root-ed25519").subjectPublicKeyInfo());
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(rootEd25519);
        assertEquals("root-ed25519", PublishedKeys.findByKeyHash(sha256, HashAlgorithm.SHA256).orElseThrow().name());
        assertEquals(Optional.empty(), PublishedKeys.findByKeyHash(sha256, HashAlgorithm.SHA512));
        byte[] rootEcP256 = mcubootEncoding(published("root-ec-p256").subjectPublicKeyInfo());
        byte[] sha384 = MessageDigest.getInstance("SHA-384").digest(rootEcP256);
        assertEquals(Optional.empty(), PublishedKeys.findByKeyHash(sha384, HashAlgorithm.SHA256));
        // every algorithm works for the lookup itself, allowed for the key or not
        assertEquals("root-ec-p256", PublishedKeys.findByKeyHash(sha384, HashAlgorithm.SHA384).orElseThrow().name());
    }

    @Test
    void theKeyHashesOpensslComputesFromThePublicPemsNameTheirKeys() {
        assertEquals("root-ed25519", PublishedKeys.findByKeyHash(HexFormat.of().parseHex(ROOT_ED25519_SHA256),
                HashAlgorithm.SHA256).orElseThrow().name());
        assertEquals("root-ec-p256", PublishedKeys.findByKeyHash(HexFormat.of().parseHex(ROOT_EC_P256_SHA256),
                HashAlgorithm.SHA256).orElseThrow().name());
    }

    @Test
    void encryptionKeysAreFoundAsEncryptionKeys() throws IOException {
        List<String> found = new ArrayList<>();
        for (PublishedKey k : PublishedKeys.all()) {
            EncryptionKey key;
            try {
                key = EncryptionKey.fromPem(resourceFile(k));
            } catch (KeyException e) {
                continue; // P-384, RSA-3072 and Ed25519 encrypt nothing
            }
            assertEquals(Optional.of(k), PublishedKeys.find(key), k.name());
            found.add(k.name());
        }
        assertTrue(found.containsAll(List.of("enc-ec256-priv", "enc-rsa2048-priv", "enc-x25519-priv")), found.toString());
        assertTrue(found.contains("root-ec-p256"), "a published signing key is as public when it encrypts");
    }

    @Test
    void anRsaKeyIsFoundFromItsPkcs1PublicPemToo() throws IOException {
        for (String name : List.of("root-rsa-2048", "root-rsa-3072", "bad-rsa-2048", "enc-rsa2048-priv")) {
            PublishedKey k = published(name);
            byte[] pkcs1 = k.subjectPublicKeyInfo().getPublicKeyData().getOctets();
            Path pem = Files.writeString(tmp.resolve(name + ".pkcs1.pem"), "-----BEGIN RSA PUBLIC KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1)
                    + "\n-----END RSA PUBLIC KEY-----\n");
            assertEquals(Optional.of(k), PublishedKeys.find(PemKeys.publicKey(pem)), name);
            assertEquals(Optional.of(k), PublishedKeys.find(PemKeys.read(pem).publicKey()), name);
        }
    }

    @Test
    void aCompressedPointIsTheSameKey() throws IOException {
        SubjectPublicKeyInfo spki = PublishedKeys.all().get(0).subjectPublicKeyInfo();
        ECPublicKeyParameters ec = (ECPublicKeyParameters) PublicKeyFactory.createKey(spki);
        SubjectPublicKeyInfo compressed = new SubjectPublicKeyInfo(spki.getAlgorithm(), ec.getQ().getEncoded(true));
        assertEquals(X9ObjectIdentifiers.id_ecPublicKey, compressed.getAlgorithm().getAlgorithm());
        assertEquals("root-ec-p256", PublishedKeys.find(compressed).orElseThrow().name());
        assertEquals("root-ec-p256", PublishedKeys.find(McubootPublicKey.fromSubjectPublicKeyInfo(compressed))
                .orElseThrow().name());
    }

    @Test
    void freshKeysAndTheVectorKeysAreNotFound() throws Exception {
        List<KeyPairGenerator> generators = new ArrayList<>();
        generators.add(KeyPairGenerator.getInstance("Ed25519"));
        generators.add(KeyPairGenerator.getInstance("X25519"));
        for (String curve : List.of("secp256r1", "secp384r1")) {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec(curve));
            generators.add(ec);
        }
        for (int bits : List.of(2048, 3072)) {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(bits);
            generators.add(rsa);
        }
        for (KeyPairGenerator g : generators) {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(g.generateKeyPair().getPublic().getEncoded());
            assertEquals(Optional.empty(), PublishedKeys.find(spki), g.getAlgorithm());
            if (!g.getAlgorithm().equals("X25519")) {
                McubootPublicKey key = McubootPublicKey.fromSubjectPublicKeyInfo(spki);
                assertEquals(Optional.empty(), PublishedKeys.find(key), g.getAlgorithm());
                assertEquals(Optional.empty(), PublishedKeys.findByMcubootEncoding(key.mcubootEncoding()));
                for (HashAlgorithm h : HashAlgorithm.values()) {
                    assertEquals(Optional.empty(), PublishedKeys.findByKeyHash(key.keyHash(h), h));
                }
            }
        }
        for (String name : List.of("ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072")) {
            assertFalse(PublishedKeys.find(PemKeys.publicKey(Vectors.path("keys/" + name + ".pem"))).isPresent(), name);
        }
        for (String name : List.of("enc-x25519", "enc-ec256", "enc-rsa2048")) {
            assertFalse(PublishedKeys.find(EncryptionKey.fromPem(Vectors.path("keys/" + name + ".pem"))).isPresent(),
                    name);
        }
        byte[] random = new byte[64];
        new SecureRandom().nextBytes(random);
        assertEquals(Optional.empty(), PublishedKeys.findByKeyHash(random, HashAlgorithm.SHA512));
    }

    private static PublishedKey published(String name) {
        return PublishedKeys.all().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    /** The resource, as a file the PEM readers take. */
    private Path resourceFile(PublishedKey k) throws IOException {
        Path file = tmp.resolve(k.resource());
        try (InputStream in = PublishedKeys.class.getResourceAsStream("known-dev-keys/" + k.resource())) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** imgtool's get_public_bytes: the SubjectPublicKeyInfo, but PKCS#1 RSAPublicKey for RSA. */
    private static byte[] mcubootEncoding(SubjectPublicKeyInfo spki) throws IOException {
        boolean rsa = spki.getAlgorithm().getAlgorithm().getId().equals("1.2.840.113549.1.1.1");
        return rsa ? spki.getPublicKeyData().getBytes() : spki.getEncoded("DER");
    }

    private static String jcaName(HashAlgorithm hash) {
        return "SHA-" + hash.bits();
    }

    @Test
    void theEncodingsReadWithoutDecodingAreTheDecodedTablesOnes() {
        List<byte[]> fast = PublishedKeys.encodings();
        List<byte[]> decoded = PublishedKeys.tableEncodings();
        assertEquals(decoded.size(), fast.size());
        for (int i = 0; i < fast.size(); i++) {
            assertArrayEquals(decoded.get(i), fast.get(i), PublishedKeys.all().get(i).name());
        }
    }
}
