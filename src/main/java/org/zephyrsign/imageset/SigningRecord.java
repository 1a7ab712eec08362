package org.zephyrsign.imageset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;

/**
 * What was signed last time, so that a build in which nothing changed neither signs again nor opens
 * the signer (no HSM login, no cloud call). Per image: its input file and that file's SHA-256, a
 * SHA-256 over its settings (a file a setting names, such as the encryption key, by its content),
 * its output file and that file's SHA-256. For the set: the signer's
 * {@link org.zephyrsign.signer.SignerBackend#keyIdentity key identity} (never a secret), the
 * public key every output was verified against, and the tool's version.
 *
 * <p>{@link ImageSetSigner} writes it all or none with the images. {@link #check} says whether the
 * images are up to date: the record is there and readable, everything it holds is as it is now, and
 * every output is there, unchanged, and verifies against the recorded key. Anything else (no record,
 * an unreadable one, one input byte or setting changed, another key, an output removed or touched)
 * means signing again.
 */
public final class SigningRecord {
    static final String FORMAT = "zephyrsign-signed/1";
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Where the record of one signing goes, and what it says about the signer.
     *
     * @param file the record file
     * @param keyIdentity the signer's key identity; null when the signer cannot tell it without being
     *     opened (nothing is ever up to date then)
     * @param toolVersion the signing tool's version: another version signs again
     */
    public record Target(Path file, String keyIdentity, String toolVersion) {
    }

    /**
     * Whether signing can be skipped, and why, in one sentence either way.
     *
     * @param publicKey when up to date, the recorded key every output verifies against; else null
     */
    public record Check(boolean upToDate, String reason, McubootPublicKey publicKey) {
        static Check sign(String reason) {
            return new Check(false, reason, null);
        }
    }

    private SigningRecord() {
    }

    /** Compares the record in {@code target.file()} with the set as it is now; reads inputs and outputs, never opens a signer. */
    public static Check check(Target target, ImageSet set) {
        if (target.keyIdentity() == null) {
            return Check.sign("the signer cannot tell which key it signs with without being opened");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(target.file())) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Check.sign("there is no record of an earlier signing (" + target.file() + ")");
        } catch (IOException | IllegalArgumentException e) {
            return Check.sign("the record " + target.file() + " is unreadable");
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            return Check.sign("the record " + target.file() + " is not one this version writes");
        }
        if (!target.toolVersion().equals(p.getProperty("toolVersion"))) {
            return Check.sign("the images were signed by version " + p.getProperty("toolVersion") + ", this is "
                    + target.toolVersion());
        }
        if (!target.keyIdentity().equals(p.getProperty("keyIdentity"))) {
            return Check.sign("the signer configuration changed");
        }
        List<ImageSetMember> members = set.members();
        if (!String.valueOf(members.size()).equals(p.getProperty("images"))) {
            return Check.sign("the set of images changed");
        }
        for (int i = 0; i < members.size(); i++) {
            ImageSetMember m = members.get(i);
            String prefix = "image." + i + ".";
            if (!m.role().name().equals(p.getProperty(prefix + "role"))
                    || !path(m.output()).equals(p.getProperty(prefix + "output"))) {
                return Check.sign("the set of images changed");
            }
            if (!path(m.input()).equals(p.getProperty(prefix + "input"))
                    || !String.valueOf(sha256(m.input())).equals(p.getProperty(prefix + "inputSha256"))) {
                return Check.sign("the input " + m.input() + " changed");
            }
            if (!settingsSha256(m.settings()).equals(p.getProperty(prefix + "settingsSha256"))) {
                return Check.sign("the image settings of " + m.output().getFileName() + " changed");
            }
        }
        McubootPublicKey key;
        try {
            key = McubootPublicKey.fromDer(HEX.parseHex(String.valueOf(p.getProperty("publicKey"))));
        } catch (IllegalArgumentException | ZephyrSignException e) {
            return Check.sign("the record " + target.file() + " is unreadable");
        }
        for (int i = 0; i < members.size(); i++) {
            ImageSetMember m = members.get(i);
            if (!Files.isRegularFile(m.output())) {
                return Check.sign(m.output() + " is missing");
            }
            if (!String.valueOf(sha256(m.output())).equals(p.getProperty("image." + i + ".outputSha256"))) {
                return Check.sign(m.output() + " changed since it was signed");
            }
            String problem;
            try {
                problem = ImageSetSigner.verifyWritten(m, key);
            } catch (ZephyrSignException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                return Check.sign(m.output() + " does not verify: " + problem);
            }
        }
        List<String> outputs = new ArrayList<>();
        members.forEach(m -> outputs.add(m.output().getFileName().toString()));
        return new Check(true, "the input" + (members.size() == 1 ? "" : "s") + ", the image settings and the "
                + "signer configuration are unchanged, and " + String.join(", ", outputs) + " verif"
                + (members.size() == 1 ? "ies" : "y") + " against " + key, key);
    }

    /**
     * The record of {@code set} signed with {@code key}, as written beside the images.
     *
     * @param outputSha256 each output's SHA-256, as it was written
     */
    static byte[] content(Target target, ImageSet set, McubootPublicKey key, Map<Path, byte[]> outputSha256) {
        Map<String, String> p = new TreeMap<>();
        p.put("format", FORMAT);
        p.put("toolVersion", target.toolVersion());
        p.put("keyIdentity", target.keyIdentity());
        try {
            p.put("publicKey", HEX.formatHex(key.subjectPublicKeyInfo().getEncoded("DER")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("images", String.valueOf(set.members().size()));
        for (int i = 0; i < set.members().size(); i++) {
            ImageSetMember m = set.members().get(i);
            byte[] written = outputSha256.get(m.output());
            if (written == null) {
                throw new IllegalStateException("the record of " + m.output() + " is made before the image is written");
            }
            String prefix = "image." + i + ".";
            p.put(prefix + "role", m.role().name());
            p.put(prefix + "input", path(m.input()));
            p.put(prefix + "inputSha256", String.valueOf(sha256(m.input())));
            p.put(prefix + "settingsSha256", settingsSha256(m.settings()));
            p.put(prefix + "output", path(m.output()));
            p.put(prefix + "outputSha256", HEX.formatHex(written));
        }
        Properties properties = new Properties();
        properties.putAll(p);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try {
            properties.store(stored, null); // ISO 8859-1, any other character escaped
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties' escaping, one entry a line, sorted and without the date line: the same set
        // signed the same way gives the same record.
        List<String> lines = new ArrayList<>(stored.toString(StandardCharsets.ISO_8859_1).lines().filter(l -> !l.startsWith("#")).toList());
        Collections.sort(lines);
        lines.add(0, "# What zephyr:sign signed last; delete this file (or use -Dzephyr.force) to sign again");
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * SHA-256 over every option's value, defaults included; a file an option names by its path and
     * its content, so a new device key under the same name is a change.
     */
    static String settingsSha256(ImageSettings settings) {
        StringBuilder s = new StringBuilder();
        for (ImageOption<?> o : ImageOption.all()) {
            s.append(o.name()).append('=').append(canonical(settings.get(o))).append('\n');
        }
        return HEX.formatHex(HashAlgorithm.SHA256.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String canonical(Object value) {
        if (value instanceof Path file) {
            return path(file) + " sha256 " + sha256(file);
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(canonical(v)));
            return items.toString();
        }
        return String.valueOf(value);
    }

    private static String path(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** The file's SHA-256 in hex; null when it cannot be read (which never matches a record). */
    private static String sha256(Path file) {
        MessageDigest d = HashAlgorithm.SHA256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                d.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return null;
        }
        return HEX.formatHex(d.digest());
    }
}
