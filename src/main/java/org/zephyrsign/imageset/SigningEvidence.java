package org.zephyrsign.imageset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.zephyrsign.JsonWriter;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.ImageFlags;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.Tlv;
import org.zephyrsign.image.TlvType;
import org.zephyrsign.signer.KeyFacts;
import org.zephyrsign.zephyr.ZephyrBuildInfo;

/**
 * The signing record published beside every signed image: the release evidence that says which key
 * signed which image (file hash, hash TLV, version, security counter, flags; algorithm, public key,
 * the key hash MCUboot checks), what the signer can tell about that key (its reference, never a
 * secret; whether it can leave its HSM or vault), the bootloader the image is for, the Zephyr build
 * it came from, and the tool. Its schema is {@link #SCHEMA_RESOURCE} ({@value #SCHEMA}).
 *
 * <p>Everything about the image is read from the image file as written, so the record describes
 * exactly what is published. With a fixed timestamp (Maven's {@code project.build.outputTimestamp})
 * the same inputs signed with a deterministic signature (Ed25519) give the same record, byte for
 * byte: it holds no path, no host and no time of its own.
 *
 * <p>Not to be confused with {@link SigningRecord}, this build's private note of what it signed so
 * that an unchanged build does not sign again.
 */
public final class SigningEvidence {
    /** The record's {@code schema} member and its schema's {@code $id}. */
    public static final String SCHEMA = "https://zephyrsign.org/signing-record/1";
    /** The JSON Schema (draft 2020-12) every record validates against, as a class-path resource. */
    public static final String SCHEMA_RESOURCE = "/org/zephyrsign/signing-record.schema.json";
    /** A record's file is its image's file name plus this. */
    public static final String FILE_SUFFIX = ".signing-record.json";
    /** The {@code tool.name} of every record. */
    public static final String TOOL_NAME = "zephyr-maven-plugin";

    /**
     * What is the same for every image of one signing.
     *
     * @param signerType the signer backend's type ({@code pkcs11}, {@code pem}, ...)
     * @param keyFacts what the signer told about its key
     * @param key the key every image is signed with
     * @param bootloaderArtifact the coordinates (G:A:V:classifier:type) of the bootloader the build
     *     made for these images, or null
     * @param bootloaderKey the key that bootloader embeds; null: the signer's (no bootloader built)
     * @param build the Zephyr build the images came from, or null
     * @param toolVersion this tool's version
     * @param timestamp when; see {@link #timestamp(String, Instant)}
     */
    public record Context(String signerType, KeyFacts keyFacts, McubootPublicKey key, String bootloaderArtifact,
            McubootPublicKey bootloaderKey, ZephyrBuildInfo build, String toolVersion, Instant timestamp) {
    }

    private SigningEvidence() {
    }

    /** Where the record of {@code image} goes: beside it, its name plus {@link #FILE_SUFFIX}. */
    public static Path fileFor(Path image) {
        return image.resolveSibling(image.getFileName() + FILE_SUFFIX);
    }

    /**
     * The record of one written image.
     *
     * @param image the image file, as published
     * @param classifier the classifier it is published under, or null (main artifact, command line)
     * @param type its Maven type, or null (command line)
     */
    public static byte[] content(Path image, String classifier, String type, Context context) {
        ParsedImage parsed = ImageReader.read(image, image.getFileName().toString());
        Tlv hash = null;
        HashAlgorithm hashAlgorithm = null;
        for (HashAlgorithm h : HashAlgorithm.values()) {
            Tlv t = find(parsed, hashTlvType(h));
            if (t != null) {
                hash = t;
                hashAlgorithm = h;
                break;
            }
        }
        if (hash == null) {
            throw new ZephyrSignException("no signing record for " + image + ": the image has no hash TLV");
        }
        Tlv counter = find(parsed, TlvType.SEC_CNT);
        HexFormat hex = HexFormat.of();
        McubootPublicKey key = context.key();
        McubootPublicKey bootloaderKey = context.bootloaderKey() == null ? key : context.bootloaderKey();
        KeyFacts facts = context.keyFacts() == null ? KeyFacts.UNKNOWN : context.keyFacts();

        JsonWriter j = new JsonWriter().beginObject();
        j.name("schema").value(SCHEMA);
        j.name("image").beginObject();
        j.name("file").value(image.getFileName().toString());
        j.name("classifier").value(classifier);
        j.name("type").value(type);
        long[] size = new long[1];
        String sha256 = sha256(image, size);
        j.name("size").value(size[0]);
        j.name("sha256").value(sha256);
        j.name("hashTlv").value(hex.formatHex(hash.value()));
        j.name("hashAlgorithm").value(hashAlgorithm.name());
        j.name("version").value(parsed.header().version().toString());
        j.name("securityCounter");
        if (counter == null || counter.length() != 4) {
            j.value((Boolean) null);
        } else {
            j.value(parsed.endian().getU32(counter.value(), 0));
        }
        j.name("flags").beginArray();
        for (Map.Entry<String, Integer> flag : ImageFlags.NAMES.entrySet()) {
            if ((parsed.header().flags() & flag.getValue()) != 0) {
                j.element().value(flag.getKey());
            }
        }
        j.endArray();
        j.endObject();

        j.name("signature").beginObject();
        j.name("algorithm").value(key.algorithm().name());
        j.name("publicKeyPem").value(key.pem().replace("\r\n", "\n"));
        j.name("keyHash").value(hex.formatHex(key.keyHash(hashAlgorithm)));
        j.endObject();

        j.name("signer").beginObject();
        j.name("type").value(context.signerType());
        j.name("keyReference").value(facts.keyReference());
        j.name("nonExtractable").value(facts.nonExtractable());
        j.name("neverExtractable").value(facts.neverExtractable());
        j.name("attributes").beginObject();
        for (Map.Entry<String, String> a : facts.attributes().entrySet()) {
            j.name(a.getKey()).value(a.getValue());
        }
        j.endObject();
        j.endObject();

        j.name("bootloader").beginObject();
        j.name("artifact").value(context.bootloaderArtifact());
        j.name("publicKeyHash").value(hex.formatHex(bootloaderKey.keyHash(hashAlgorithm)));
        j.endObject();

        j.name("build");
        ZephyrBuildInfo build = context.build();
        if (build == null) {
            j.value((Boolean) null);
        } else {
            j.beginObject();
            j.name("zephyrVersion").value(build.zephyrVersion());
            j.name("mcubootRevision").value(build.mcubootRevision());
            j.name("board").value(build.board());
            j.endObject();
        }

        j.name("tool").beginObject();
        j.name("name").value(TOOL_NAME);
        j.name("version").value(context.toolVersion());
        j.endObject();
        j.name("timestamp").value(format(context.timestamp()));
        j.endObject();
        return (j + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * When a record says it was made: Maven's {@code project.build.outputTimestamp} when set (epoch
     * seconds, or ISO-8601 with an offset, as Maven takes it; one character, as Maven's own
     * convention, means unset), else {@code buildStart}.
     *
     * @throws ZephyrSignException when the property is set to something else
     */
    public static Instant timestamp(String outputTimestamp, Instant buildStart) {
        if (outputTimestamp == null || outputTimestamp.isBlank() || outputTimestamp.trim().length() < 2) {
            return buildStart;
        }
        String t = outputTimestamp.trim();
        try {
            if (t.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(t));
            }
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new ZephyrSignException("project.build.outputTimestamp '" + t + "' is neither seconds since 1970 nor "
                    + "an ISO-8601 date and time with an offset (such as 2026-11-30T12:00:00Z)");
        }
    }

    /**
     * Keeps what the signer told about its key beside the up-to-date record, so a build that does not
     * sign again (and so does not open the signer) still writes complete signing records.
     */
    public static void saveKeyFacts(Path file, KeyFacts facts) {
        java.util.Properties p = new java.util.Properties();
        if (facts.keyReference() != null) {
            p.setProperty("keyReference", facts.keyReference());
        }
        if (facts.nonExtractable() != null) {
            p.setProperty("nonExtractable", facts.nonExtractable().toString());
        }
        if (facts.neverExtractable() != null) {
            p.setProperty("neverExtractable", facts.neverExtractable().toString());
        }
        facts.attributes().forEach((k, v) -> p.setProperty("attribute." + k, v));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        org.zephyrsign.AtomicFile.write(file, out.toByteArray());
    }

    /** What {@link #saveKeyFacts} kept; null when there is nothing readable. */
    public static KeyFacts loadKeyFacts(Path file) {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        Map<String, String> attributes = new java.util.TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("attribute.")) {
                attributes.put(name.substring("attribute.".length()), p.getProperty(name));
            }
        }
        return new KeyFacts(p.getProperty("keyReference"), bool(p.getProperty("nonExtractable")),
                bool(p.getProperty("neverExtractable")), attributes);
    }

    private static Boolean bool(String s) {
        return s == null ? null : Boolean.valueOf(s);
    }

    /** ISO-8601 in UTC to the second, as the schema wants it. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static int hashTlvType(HashAlgorithm h) {
        return switch (h) {
            case SHA256 -> TlvType.SHA256;
            case SHA384 -> TlvType.SHA384;
            case SHA512 -> TlvType.SHA512;
        };
    }

    private static Tlv find(ParsedImage parsed, int type) {
        for (List<Tlv> area : List.of(parsed.protectedTlvs(), parsed.tlvs())) {
            for (Tlv t : area) {
                if (t.type() == type) {
                    return t;
                }
            }
        }
        return null;
    }

    private static String sha256(Path file, long[] size) {
        MessageDigest d = HashAlgorithm.SHA256.newDigest();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                d.update(buffer, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read " + file + " for its signing record: " + e.getMessage());
        }
        size[0] = total;
        return HexFormat.of().formatHex(d.digest());
    }
}
