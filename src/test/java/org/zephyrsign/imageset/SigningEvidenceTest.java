package org.zephyrsign.imageset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.Settings;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.image.Tlv;
import org.zephyrsign.image.TlvType;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.KeyFacts;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.vectors.Vectors;
import org.zephyrsign.zephyr.ZephyrBuildInfo;

/** The signing record: what it says, that it validates against its schema, and that it is reproducible. */
class SigningEvidenceTest {
    private static final Instant FIXED = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path tmp;

    private final ImageSettings settings = Settings.vector("-v", "1.2.3+4", "-s", "7");

    /** Signs app-4k.bin into dir/name, verified on the disk as zephyr:sign writes it. */
    private static Path write(ImageSigner signer, ImageSettings settings, Path dir, String name) throws Exception {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), settings, signer);
        Files.createDirectories(dir);
        Path out = dir.resolve(name);
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(out, o -> image.write(o, out));
        ImageSetSigner.writeVerified(files, Map.of(out, settings), signer.publicKey());
        return out;
    }

    private static SigningEvidence.Context context(ImageSigner signer, String type) {
        return new SigningEvidence.Context(type, signer.keyFacts(), signer.publicKey(), null, null, null, "0.1.0-SNAPSHOT",
                FIXED);
    }

    private static JsonObject json(byte[] record) {
        return JsonParser.parseString(new String(record, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(Files.readAllBytes(file)));
    }

    @Test
    void theRecordDescribesTheImageAsWrittenAndValidates() throws Exception {
        try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ed25519.pem"), SignerLog.NONE)) {
            Path image = write(signer, settings, tmp, "app-1.0-signed.bin");
            byte[] record = SigningEvidence.content(image, "signed", "bin", context(signer, "pem"));
            String text = new String(record, StandardCharsets.UTF_8);
            assertEquals(List.of(), SigningRecordSchema.problems(text));
            assertTrue(text.endsWith("}\n"));

            JsonObject r = json(record);
            assertEquals(SigningEvidence.SCHEMA, r.get("schema").getAsString());
            JsonObject i = r.getAsJsonObject("image");
            assertEquals("app-1.0-signed.bin", i.get("file").getAsString());
            assertEquals("signed", i.get("classifier").getAsString());
            assertEquals(Files.size(image), i.get("size").getAsLong());
            assertEquals(sha256(image), i.get("sha256").getAsString());
            ParsedImage parsed = ImageReader.read(image);
            assertEquals(HexFormat.of().formatHex(parsed.find(TlvType.SHA256).value()), i.get("hashTlv").getAsString());
            assertEquals("SHA256", i.get("hashAlgorithm").getAsString());
            assertEquals("1.2.3+4", i.get("version").getAsString());
            assertEquals(7, i.get("securityCounter").getAsLong());
            assertEquals(0, i.getAsJsonArray("flags").size());

            JsonObject s = r.getAsJsonObject("signature");
            McubootPublicKey key = PemKeys.publicKey(Vectors.path("keys/ed25519.pub.pem"));
            assertEquals("ED25519", s.get("algorithm").getAsString());
            Path pem = Files.writeString(tmp.resolve("from-record.pem"), s.get("publicKeyPem").getAsString());
            assertEquals(key, PemKeys.publicKey(pem));
            String keyHash = HexFormat.of().formatHex(key.keyHash(HashAlgorithm.SHA256));
            assertEquals(keyHash, s.get("keyHash").getAsString());
            assertEquals(HexFormat.of().formatHex(parsed.find(TlvType.KEYHASH).value()), keyHash,
                    "the key hash is the one in the image's KEYHASH TLV");

            JsonObject signerJson = r.getAsJsonObject("signer");
            assertEquals("pem", signerJson.get("type").getAsString());
            assertEquals("file:ed25519.pem", signerJson.get("keyReference").getAsString());
            assertFalse(signerJson.get("nonExtractable").getAsBoolean());
            assertTrue(r.getAsJsonObject("bootloader").get("artifact").isJsonNull());
            assertEquals(keyHash, r.getAsJsonObject("bootloader").get("publicKeyHash").getAsString());
            assertTrue(r.get("build").isJsonNull());
            assertEquals("zephyr-maven-plugin", r.getAsJsonObject("tool").get("name").getAsString());
            assertEquals("2026-11-30T12:00:00Z", r.get("timestamp").getAsString());
        }
    }

    @Test
    void aHexImageABootloaderAndAZephyrBuildAreRecorded() throws Exception {
        try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ecdsa-p384.pem"), SignerLog.NONE)) {
            ImageSettings hex = Settings.vector("-x", "0x10000", "-F", "0x10000");
            Path image = write(signer, hex, tmp, "zephyr.signed.hex");
            McubootPublicKey bootloaderKey = PemKeys.publicKey(Vectors.path("keys/ecdsa-p384.pub.pem"));
            SigningEvidence.Context c = new SigningEvidence.Context("pkcs11",
                    new KeyFacts("pkcs11:token=firmware;object=fw-p384;id=%03;type=private", true, true,
                            Map.of("CKA_EXTRACTABLE", "false")),
                    signer.publicKey(), "org.example:fw:1.0:mcuboot:hex", bootloaderKey,
                    new ZephyrBuildInfo("v3.7.0", "0123456789abcdef0123456789abcdef01234567", "nrf52840dk/nrf52840"),
                    "1.0", FIXED);
            byte[] record = SigningEvidence.content(image, "signed", "hex", c);
            assertEquals(List.of(), SigningRecordSchema.problems(new String(record, StandardCharsets.UTF_8)));
            JsonObject r = json(record);
            assertEquals("hex", r.getAsJsonObject("image").get("type").getAsString());
            assertEquals(sha256(image), r.getAsJsonObject("image").get("sha256").getAsString(), "of the HEX text");
            assertEquals("SHA384", r.getAsJsonObject("image").get("hashAlgorithm").getAsString());
            assertEquals("[\"ROM_FIXED\"]", r.getAsJsonObject("image").getAsJsonArray("flags").toString());
            assertEquals("ECDSA_P384", r.getAsJsonObject("signature").get("algorithm").getAsString());
            assertEquals(HexFormat.of().formatHex(bootloaderKey.keyHash(HashAlgorithm.SHA384)),
                    r.getAsJsonObject("bootloader").get("publicKeyHash").getAsString());
            assertEquals(r.getAsJsonObject("signature").get("keyHash"), r.getAsJsonObject("bootloader").get("publicKeyHash"));
            assertEquals("org.example:fw:1.0:mcuboot:hex", r.getAsJsonObject("bootloader").get("artifact").getAsString());
            assertTrue(r.getAsJsonObject("signer").get("nonExtractable").getAsBoolean());
            assertEquals("nrf52840dk/nrf52840", r.getAsJsonObject("build").get("board").getAsString());
            assertTrue(r.getAsJsonObject("image").get("securityCounter").isJsonNull());
        }
    }

    @Test
    void theSchemaRefusesWhatARecordMustNotBe() throws Exception {
        try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ed25519.pem"), SignerLog.NONE)) {
            Path image = write(signer, settings, tmp, "app.bin");
            String good = new String(SigningEvidence.content(image, null, "bin", context(signer, "pem")),
                    StandardCharsets.UTF_8);
            assertEquals(List.of(), SigningRecordSchema.problems(good));
            List<String> bad = new ArrayList<>();
            bad.add(good.replace("\"sha256\": \"", "\"sha256\": \"zz"));
            bad.add(good.replace("\"file:app", "\"file:x").replace("\"keyReference\": \"file:ed25519.pem\"",
                    "\"keyReference\": \"pkcs11:token=fw;object=k?pin-value=1234\""));
            bad.add(good.replace("\"timestamp\": \"2026-11-30T12:00:00Z\"", "\"timestamp\": \"2026-11-30 12:00\""));
            bad.add(good.replace("\"algorithm\": \"ED25519\"", "\"algorithm\": \"DSA\""));
            bad.add(good.replace("\"schema\": \"", "\"extra\": 1,\n  \"schema\": \""));
            bad.add(good.replace("\"nonExtractable\": false", "\"nonExtractable\": \"no\""));
            for (String b : bad) {
                assertNotEquals(good, b, "the mutation applies");
                assertFalse(SigningRecordSchema.problems(b).isEmpty(), b);
            }
        }
    }

    @Test
    void ed25519SignedTwiceGivesTheSameImageAndRecord() throws Exception {
        byte[][] images = new byte[2][];
        byte[][] records = new byte[2][];
        for (int run = 0; run < 2; run++) {
            try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ed25519.pem"), SignerLog.NONE)) {
                Path image = write(signer, settings, tmp.resolve("build" + run), "fw-1.0.bin");
                images[run] = Files.readAllBytes(image);
                records[run] = SigningEvidence.content(image, null, "bin", context(signer, "pem"));
            }
        }
        assertArrayEquals(images[0], images[1]);
        assertArrayEquals(records[0], records[1]);
    }

    /** An ECDSA signer with a random nonce per signature, as HSMs sign. */
    private static final class RandomizedEcdsa implements ImageSigner {
        private final PrivateKey key;
        private final McubootPublicKey publicKey;

        RandomizedEcdsa(Path pem) throws Exception {
            try (Reader r = Files.newBufferedReader(pem); PEMParser p = new PEMParser(r)) {
                Object o = p.readObject();
                PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) o;
                key = new JcaPEMKeyConverter().getPrivateKey(info);
            }
            publicKey = PemKeys.publicKey(pem);
        }

        @Override
        public McubootPublicKey publicKey() {
            return publicKey;
        }

        @Override
        public byte[] sign(SigningRequest request) {
            try {
                Signature s = Signature.getInstance("NONEwithECDSA");
                s.initSign(key);
                s.update(request.message());
                return s.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String description() {
            return "randomized ECDSA";
        }
    }

    /**
     * With --pad-sig (padSig), as a DER signature's length varies by a byte or two with r and s:
     * without it the file size and the TLV area's length would differ now and then too.
     */
    @Test
    void ecdsaSignedTwiceDiffersOnlyInTheSignatureAndTheFileHash() throws Exception {
        ImageSettings settings = Settings.vector("-v", "1.2.3+4", "-s", "7", "--pad-sig");
        Path[] images = new Path[2];
        String[] records = new String[2];
        for (int run = 0; run < 2; run++) {
            RandomizedEcdsa signer = new RandomizedEcdsa(Vectors.path("keys/ecdsa-p256.pem"));
            images[run] = write(signer, settings, tmp.resolve("build" + run), "fw-1.0.bin");
            records[run] = new String(SigningEvidence.content(images[run], null, "bin", context(signer, "pkcs11")),
                    StandardCharsets.UTF_8);
            assertEquals(List.of(), SigningRecordSchema.problems(records[run]));
        }
        ParsedImage a = ImageReader.read(images[0]);
        ParsedImage b = ImageReader.read(images[1]);
        assertEquals(a.header(), b.header());
        assertEquals(a.protectedTlvs(), b.protectedTlvs());
        assertArrayEquals(a.read(0, a.tlvOffset()), b.read(0, b.tlvOffset()), "header and payload");
        List<Tlv> otherA = a.tlvs().stream().filter(t -> t.type() != TlvType.ECDSASIG).toList();
        List<Tlv> otherB = b.tlvs().stream().filter(t -> t.type() != TlvType.ECDSASIG).toList();
        assertEquals(otherA, otherB, "every TLV but the signature");
        assertNotEquals(a.find(TlvType.ECDSASIG), b.find(TlvType.ECDSASIG), "the nonces are random");

        JsonObject ra = JsonParser.parseString(records[0]).getAsJsonObject();
        JsonObject rb = JsonParser.parseString(records[1]).getAsJsonObject();
        assertNotEquals(ra.getAsJsonObject("image").get("sha256"), rb.getAsJsonObject("image").get("sha256"));
        rb.getAsJsonObject("image").add("sha256", ra.getAsJsonObject("image").get("sha256"));
        assertEquals(ra, rb, "everything else in the records");
        String shaA = JsonParser.parseString(records[0]).getAsJsonObject().getAsJsonObject("image").get("sha256")
                .getAsString();
        String shaB = JsonParser.parseString(records[1]).getAsJsonObject().getAsJsonObject("image").get("sha256")
                .getAsString();
        assertEquals(records[0], records[1].replace(shaB, shaA), "and byte for byte but the file's SHA-256");
    }

    @Test
    void theTimestampIsMavensOutputTimestampWhenSet() {
        Instant start = Instant.parse("2026-12-01T08:15:30.123Z");
        assertEquals(start, SigningEvidence.timestamp(null, start));
        assertEquals(start, SigningEvidence.timestamp("", start));
        assertEquals(start, SigningEvidence.timestamp("a", start), "one character: Maven's way to unset it");
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"), SigningEvidence.timestamp("1700000000", start));
        assertEquals(FIXED, SigningEvidence.timestamp("2026-11-30T13:00:00+01:00", start));
        assertEquals("2026-12-01T08:15:30Z", SigningEvidence.format(start));
        ZephyrSignException e = assertThrows(ZephyrSignException.class,
                () -> SigningEvidence.timestamp("yesterday", start));
        assertTrue(e.getMessage().startsWith("project.build.outputTimestamp 'yesterday' is neither"), e.getMessage());
    }

    @Test
    void keyFactsKeptForTheNextBuildComeBackTheSame() {
        KeyFacts facts = new KeyFacts("pkcs11:token=firmware;object=fw-ed25519;id=%01;type=private", true, false,
                Map.of("CKA_SENSITIVE", "true", "token", "firmware"));
        Path file = tmp.resolve("state/facts");
        SigningEvidence.saveKeyFacts(file, facts);
        assertEquals(facts, SigningEvidence.loadKeyFacts(file));
        SigningEvidence.saveKeyFacts(file, KeyFacts.UNKNOWN);
        assertEquals(KeyFacts.UNKNOWN, SigningEvidence.loadKeyFacts(file));
        assertEquals(null, SigningEvidence.loadKeyFacts(tmp.resolve("missing")));
    }

    @Test
    void recordClassifiersFollowTheImagesCoordinates() {
        assertEquals("signing-record", Classifiers.signingRecordFor(null, "bin"));
        assertEquals("signed-signing-record", Classifiers.signingRecordFor("signed", "bin"));
        assertEquals("signed-hex-signing-record", Classifiers.signingRecordFor("signed", "hex"));
        assertEquals("ipc_radio-signing-record", Classifiers.signingRecordFor("ipc_radio", "bin"));
        assertEquals(tmp.resolve("a.bin.signing-record.json"), SigningEvidence.fileFor(tmp.resolve("a.bin")));
    }
}
