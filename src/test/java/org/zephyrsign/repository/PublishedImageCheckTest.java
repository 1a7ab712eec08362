package org.zephyrsign.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.vectors.Vectors;

/** A published image against a pinned key, with and without its signing record. */
class PublishedImageCheckTest {
    private static final McubootPublicKey ED25519 = PemKeys.publicKey(Vectors.path("keys/ed25519.pub.pem"));
    private static final McubootPublicKey P256 = PemKeys.publicKey(Vectors.path("keys/ecdsa-p256.pub.pem"));
    private static final McubootPublicKey P384 = PemKeys.publicKey(Vectors.path("keys/ecdsa-p384.pub.pem"));

    @TempDir
    Path tmp;

    private Path image(String vectorCase) throws Exception {
        return Files.copy(Vectors.path("cases/" + vectorCase + "/signed.bin"), Files.createTempDirectory(tmp, "image")
                .resolve(vectorCase + "-signed.bin"));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(Path file) throws Exception {
        return hex(HashAlgorithm.SHA256.digest(Files.readAllBytes(file)));
    }

    private Path record(String sha256, String keyHash, McubootPublicKey key, String classifier, String type)
            throws Exception {
        String json = "{\"schema\": \"https://zephyrsign.org/signing-record/1\", \"image\": {\"file\": \"x-signed.bin\", "
                + "\"classifier\": " + (classifier == null ? "null" : "\"" + classifier + "\"") + ", \"type\": \"" + type
                + "\", \"sha256\": \"" + sha256 + "\"}, \"signature\": {\"algorithm\": \"" + key.algorithm()
                + "\", \"publicKeyPem\": " + quote(key.pem()) + ", \"keyHash\": \"" + keyHash + "\"}}";
        return Files.writeString(tmp.resolve("record.json"), json);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    private static PublishedImageCheck.Record named(Path record) {
        return new PublishedImageCheck.Record(record, "g:a:1:signing-record:json");
    }

    @Test
    void anIntactImageSignedByThePinnedKeyPasses() throws Exception {
        Path image = image("ed25519-basic");
        var result = PublishedImageCheck.check(image, "g:a:1:signed", "signed", "bin",
                PublishedImageCheck.Pin.key(ED25519, "-k"), null);
        assertEquals(ED25519, result.key());
        assertEquals(sha256(image), result.fileSha256());
        assertFalse(result.recordChecked());
        assertNull(result.recordNote());
    }

    @Test
    void anotherKeyIsRefused() throws Exception {
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image("ed25519-basic"),
                "g:a:1:signed", "signed", "bin", PublishedImageCheck.Pin.key(P256, "-k"), null));
        assertEquals("g:a:1:signed does not verify against the pinned " + P256 + " (-k): the image's KEYHASH TLV names "
                + "another key than " + P256, e.getMessage());
    }

    @Test
    void aTamperedImageIsRefused() throws Exception {
        Path image = image("ed25519-basic");
        byte[] bytes = Files.readAllBytes(image);
        bytes[0x300] ^= 1;
        Files.write(image, bytes);
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "g:a:1:signed",
                "signed", "bin", PublishedImageCheck.Pin.key(ED25519, "-k"), null));
        assertTrue(e.getMessage().startsWith("g:a:1:signed does not verify against the pinned " + ED25519 + " (-k): "
                + "image has an invalid hash: SHA256 TLV holds "), e.getMessage());
    }

    @Test
    void aFileThatIsNoImageAnyMoreIsAVerificationFailure() throws Exception {
        Path image = Files.write(tmp.resolve("x.bin"), new byte[100]);
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "g:a:1:signed",
                "signed", "bin", PublishedImageCheck.Pin.key(ED25519, "-k"), null));
        assertFalse(e instanceof PublishedImageException.Usage);
        assertTrue(e.getMessage().startsWith("g:a:1:signed is not a valid MCUboot image: "), e.getMessage());
    }

    @Test
    void aKeyHashPinsTheKeyAFullKeyImageCarries() throws Exception {
        String hash = hex(ED25519.keyHash(HashAlgorithm.SHA256));
        var result = PublishedImageCheck.check(image("ed25519-fullkey"), "fw", null, "bin",
                PublishedImageCheck.Pin.keyHash(hash.toUpperCase(), "--key-hash"), null);
        assertEquals(ED25519, result.key());
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image("ed25519-fullkey"),
                "fw", null, "bin", PublishedImageCheck.Pin.keyHash(hex(P256.keyHash(HashAlgorithm.SHA256)),
                        "--key-hash"), null));
        assertEquals("fw is signed by " + ED25519 + ", not by the pinned key hash " + hex(P256.keyHash(HashAlgorithm.SHA256))
                + " (--key-hash)", e.getMessage());
    }

    @Test
    void aSha384KeyHashPinsAP384Key() throws Exception {
        Path image = image("ecdsa-p384-sha384");
        String hash = hex(P384.keyHash(HashAlgorithm.SHA384));
        Path record = record(sha256(image), hash, P384, null, "bin");
        var result = PublishedImageCheck.check(image, "fw", null, "bin",
                PublishedImageCheck.Pin.keyHash(hash, "--key-hash"), named(record));
        assertTrue(result.recordChecked());
    }

    @Test
    void aKeyHashAloneCannotCheckAKeyHashImage() throws Exception {
        String hash = hex(ED25519.keyHash(HashAlgorithm.SHA256));
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image("ed25519-basic"),
                "fw", null, "bin", PublishedImageCheck.Pin.keyHash(hash, "--key-hash"), null));
        assertEquals("fw names its signing key by hash only (KEYHASH TLV) and no signing record was published beside "
                + "it to give the public key: with --key-hash alone its signature cannot be checked; pin the public key "
                + "itself", e.getMessage());
    }

    @Test
    void aKeyHashWithTheRecordsPublicKeyChecksTheSignature() throws Exception {
        Path image = image("ed25519-basic");
        String hash = hex(ED25519.keyHash(HashAlgorithm.SHA256));
        var result = PublishedImageCheck.check(image, "g:a:1:signed", "signed", "bin",
                PublishedImageCheck.Pin.keyHash(hash, "--key-hash"), named(record(sha256(image), hash, ED25519,
                        "signed", "bin")));
        assertTrue(result.recordChecked());
        assertEquals(ED25519, result.key());
    }

    @Test
    void aRecordOfAnotherFileIsAMismatch() throws Exception {
        Path image = image("ed25519-basic");
        String other = "00".repeat(32);
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "g:a:1:signed",
                "signed", "bin", PublishedImageCheck.Pin.key(ED25519, "-k"), named(record(other,
                        hex(ED25519.keyHash(HashAlgorithm.SHA256)), ED25519, "signed", "bin"))));
        assertEquals("g:a:1:signing-record:json does not match g:a:1:signed: the record says its SHA-256 is " + other
                + ", the published file's is " + sha256(image), e.getMessage());
    }

    @Test
    void aRecordNamingAnotherKeyIsAMismatch() throws Exception {
        Path image = image("ed25519-basic");
        String p256 = hex(P256.keyHash(HashAlgorithm.SHA256));
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "g:a:1:signed",
                "signed", "bin", PublishedImageCheck.Pin.key(ED25519, "-k"), named(record(sha256(image), p256, P256,
                        "signed", "bin"))));
        assertEquals("g:a:1:signing-record:json does not match g:a:1:signed: the record names key hash " + p256
                + ", the image is signed by " + ED25519 + " (key hash " + hex(ED25519.keyHash(HashAlgorithm.SHA256))
                + ")", e.getMessage());
        // the key hash right, the PEM another key's
        var pem = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "g:a:1:signed",
                "signed", "bin", PublishedImageCheck.Pin.key(ED25519, "-k"), named(record(sha256(image),
                        hex(ED25519.keyHash(HashAlgorithm.SHA256)), P256, "signed", "bin"))));
        assertEquals("g:a:1:signing-record:json does not match g:a:1:signed: its publicKeyPem is another key than "
                + ED25519, pem.getMessage());
    }

    @Test
    void aRecordOfAnotherClassifierIsNotUsed() throws Exception {
        Path image = image("ed25519-basic");
        var result = PublishedImageCheck.check(image, "g:a:1:confirmed", "confirmed", "bin",
                PublishedImageCheck.Pin.key(ED25519, "-k"), named(record("00".repeat(32), "11", ED25519, "signed",
                        "bin")));
        assertFalse(result.recordChecked());
        assertEquals("g:a:1:signing-record:json describes the image published as classifier signed, type bin, not this "
                + "one: not checked against it", result.recordNote());
    }

    @Test
    void aRecordThatIsNoRecordIsRefused() throws Exception {
        Path image = image("ed25519-basic");
        Path notJson = Files.writeString(tmp.resolve("r.json"), "<html>");
        var e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "fw", null, "bin",
                PublishedImageCheck.Pin.key(ED25519, "-k"), named(notJson)));
        assertEquals("g:a:1:signing-record:json is not JSON: unexpected character '<' at offset 0", e.getMessage());
        Path noImage = Files.writeString(tmp.resolve("r2.json"), "{\"signature\": {}}");
        e = assertThrows(PublishedImageException.class, () -> PublishedImageCheck.check(image, "fw", null, "bin",
                PublishedImageCheck.Pin.key(ED25519, "-k"), named(noImage)));
        assertEquals("g:a:1:signing-record:json is not a signing record: no object 'image'", e.getMessage());
    }

    @Test
    void aKeyHashMustBeOne() {
        var e = assertThrows(PublishedImageException.Usage.class,
                () -> PublishedImageCheck.Pin.keyHash("abc", "--key-hash"));
        assertEquals("--key-hash: 'abc' is not a key hash: expected the SHA-256 (64 hex digits) or SHA-384 (96) of the "
                + "key, as getpubhash -e raw prints it", e.getMessage());
    }
}
