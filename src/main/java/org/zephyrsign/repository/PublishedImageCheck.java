package org.zephyrsign.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.zephyrsign.IoReasons;
import org.zephyrsign.Json;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ImageVersion;
import org.zephyrsign.image.MalformedImageException;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.Tlv;
import org.zephyrsign.image.TlvType;

/**
 * What a factory or OTA pipeline checks before it flashes a published image: that it is an intact
 * MCUboot image signed by the key the user pinned (a public key, or the key hash MCUboot compares),
 * and, when a signing record was published beside it, that the record describes this very file
 * (same SHA-256) and the same key. The image is read from a file the front end fetched; every
 * failure is a {@link PublishedImageException}, one line naming the artifact.
 */
public final class PublishedImageCheck {
    private PublishedImageCheck() {
    }

    /**
     * The key the image must be signed with, as the user pinned it: a public key, or the SHA-256
     * (or SHA-384) of its MCUboot encoding, as {@code getpubhash -e raw} prints it in hex.
     *
     * @param what how the user wrote the pin, for messages ("--key-hash", "<keyHash> (-Dzephyr.keyHash)")
     */
    public record Pin(McubootPublicKey key, byte[] keyHash, String what) {
        public static Pin key(McubootPublicKey key, String what) {
            return new Pin(Objects.requireNonNull(key), null, what);
        }

        /** @throws PublishedImageException.Usage when {@code hex} is no SHA-256 or SHA-384 in hex */
        public static Pin keyHash(String hex, String what) {
            String h = hex.strip().toLowerCase(Locale.ROOT);
            if (!h.matches("([0-9a-f]{64}|[0-9a-f]{96})")) {
                throw new PublishedImageException.Usage(what + ": '" + hex + "' is not a key hash: expected the "
                        + "SHA-256 (64 hex digits) or SHA-384 (96) of the key, as getpubhash -e raw prints it");
            }
            return new Pin(null, HexFormat.of().parseHex(h), what);
        }

        /** Whether {@code candidate} is the pinned key. */
        boolean matches(McubootPublicKey candidate) {
            if (key != null) {
                return key.equals(candidate);
            }
            HashAlgorithm hash = keyHash.length == 48 ? HashAlgorithm.SHA384 : HashAlgorithm.SHA256;
            return MessageDigest.isEqual(keyHash, candidate.keyHash(hash));
        }

        @Override
        public String toString() {
            return key != null ? key.toString() + " (" + what + ")"
                    : "key hash " + HexFormat.of().formatHex(keyHash) + " (" + what + ")";
        }
    }

    /** What was checked. {@code recordNote} says why a record was not checked, or null. */
    public record Result(ImageVersion version, String digestHex, McubootPublicKey key, String fileSha256,
            boolean recordChecked, String recordNote) {
    }

    /** The signing record fetched beside the image, and how to name it in messages. */
    public record Record(Path file, String name) {
    }

    /**
     * @param image the fetched image file
     * @param name how to name it in messages (its coordinates)
     * @param classifier the classifier it was published under (null for the main artifact)
     * @param extension its type
     * @param record the signing record published beside it, or null when there is none
     */
    public static Result check(Path image, String name, String classifier, String extension, Pin pin,
            Record record) {
        ParsedImage parsed;
        try {
            parsed = ImageReader.read(image, name);
        } catch (MalformedImageException e) {
            // A published file that is no image any more was damaged: a verification failure, not bad input.
            throw new PublishedImageException(name + " is not a valid MCUboot image: " + e.getMessage());
        }
        Map<String, Object> recordJson = record == null ? null : readRecord(record);
        String fileSha256 = HexFormat.of().formatHex(sha256(image, name));
        String recordNote = null;
        if (recordJson != null) {
            Map<String, Object> described = member(recordJson, "image", record);
            Object recordClassifier = described.get("classifier");
            Object recordType = described.get("type");
            if (recordClassifier instanceof String c && !c.equals(classifier)
                    || recordType instanceof String t && !t.equals(extension)) {
                recordNote = record.name() + " describes the image published as classifier " + recordClassifier
                        + ", type " + recordType + ", not this one: not checked against it";
                recordJson = null;
            }
        }
        McubootPublicKey key = signingKey(parsed, name, pin, recordJson, record);
        if (!pin.matches(key)) {
            throw new PublishedImageException(name + " is signed by " + key + ", not by the pinned " + pin);
        }
        ImageVerifier.Result result = ImageVerifier.verify(parsed, key, null);
        if (!result.ok()) {
            throw new PublishedImageException(name + " does not verify against the pinned " + pin + ": "
                    + result.reason());
        }
        if (recordJson != null) {
            checkRecord(recordJson, record, name, fileSha256, key);
        }
        return new Result(result.version(), result.digestHex(), key, fileSha256, recordJson != null, recordNote);
    }

    /** The key to verify with: the pinned one, else the one the image or its signing record carries. */
    private static McubootPublicKey signingKey(ParsedImage image, String name, Pin pin, Map<String, Object> record,
            Record recordFile) {
        if (pin.key() != null) {
            return pin.key();
        }
        if (record != null) {
            return recordKey(record, recordFile);
        }
        Tlv full = image.find(TlvType.PUBKEY);
        if (full != null) {
            try {
                return McubootPublicKey.fromDer(full.value());
            } catch (KeyException e) {
                throw new PublishedImageException(name + ": its PUBKEY TLV holds no usable key (" + e.getMessage()
                        + "); pin the public key itself");
            }
        }
        throw new PublishedImageException(name + " names its signing key by hash only (KEYHASH TLV) and no signing "
                + "record was published beside it to give the public key: with " + pin.what()
                + " alone its signature cannot be checked; pin the public key itself");
    }

    private static void checkRecord(Map<String, Object> record, Record file, String name, String fileSha256,
            McubootPublicKey key) {
        Map<String, Object> image = member(record, "image", file);
        String recorded = text(image, "sha256", "image", file).toLowerCase(Locale.ROOT);
        if (!recorded.equals(fileSha256)) {
            throw new PublishedImageException(file.name() + " does not match " + name + ": the record says its SHA-256 "
                    + "is " + recorded + ", the published file's is " + fileSha256);
        }
        Map<String, Object> signature = member(record, "signature", file);
        String keyHash = text(signature, "keyHash", "signature", file).toLowerCase(Locale.ROOT);
        HashAlgorithm hash = switch (keyHash.length()) {
            case 96 -> HashAlgorithm.SHA384;
            case 128 -> HashAlgorithm.SHA512;
            default -> HashAlgorithm.SHA256;
        };
        String actual = HexFormat.of().formatHex(key.keyHash(hash));
        if (!keyHash.equals(actual)) {
            throw new PublishedImageException(file.name() + " does not match " + name + ": the record names key hash "
                    + keyHash + ", the image is signed by " + key + " (key hash " + actual + ")");
        }
        if (!recordKey(record, file).equals(key)) {
            throw new PublishedImageException(file.name() + " does not match " + name + ": its publicKeyPem is "
                    + "another key than " + key);
        }
    }

    private static McubootPublicKey recordKey(Map<String, Object> record, Record file) {
        String pem = text(member(record, "signature", file), "publicKeyPem", "signature", file);
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return McubootPublicKey.fromDer(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException | KeyException e) {
            throw new PublishedImageException(file.name() + ": signature.publicKeyPem is not a usable public key");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readRecord(Record record) {
        byte[] bytes = IoReasons.readSmall(record.file(), 1 << 20,
                reason -> new PublishedImageException(record.name() + ": " + reason));
        Object json;
        try {
            json = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (Json.JsonException e) {
            throw new PublishedImageException(record.name() + " is " + e.getMessage());
        }
        if (!(json instanceof Map)) {
            throw new PublishedImageException(record.name() + " is not a signing record: not a JSON object");
        }
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> member(Map<String, Object> record, String name, Record file) {
        if (record.get(name) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new PublishedImageException(file.name() + " is not a signing record: no object '" + name + "'");
    }

    private static String text(Map<String, Object> object, String name, String parent, Record file) {
        if (object.get(name) instanceof String s) {
            return s;
        }
        throw new PublishedImageException(file.name() + " is not a signing record: no string '" + parent + "."
                + name + "'");
    }

    private static byte[] sha256(Path file, String name) {
        MessageDigest md = HashAlgorithm.SHA256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + IoReasons.of(e), e);
        }
        return md.digest();
    }
}
