package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.image.Endian;
import org.zephyrsign.image.ImageHeader;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.TlvType;
import org.zephyrsign.vectors.Vectors;

/**
 * The sweep of issue 9, kept: a deterministic generator of malformed inputs (garbled, truncated and
 * lying images; Intel HEX that intelhex refuses; the broken key table; bad option values; paths that
 * are missing, directories, pipes, devices) run through every command in-process. Each run must end
 * with the expected exit code (2 for bad input, 1 for an image that does not verify, 0 where a
 * garbled payload is still a well-formed image), exactly one {@code Error:} line when it fails, no
 * Java exception or stack frame anywhere in its output, no file created or changed among the inputs
 * or in the output directory, and within {@link #BOUND} (a hang guard, not a benchmark).
 */
class CliSweepTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Set<Integer> BAD_INPUT = Set.of(2);
    private static final Set<Integer> DOES_NOT_VERIFY = Set.of(1);
    private static final Set<Integer> FINE = Set.of(0);
    /** What no output may hold: an exception's name, a stack frame, a Java class name. */
    private static final Pattern TRACE = Pattern.compile("Exception|Error:.*Error:|\\bat (org|java|sun|jdk)\\.|"
            + "\\tat |Caused by|\\bjava\\.(lang|io|nio|util)\\.|org\\.bouncycastle|\\.java:\\d");
    private static final String[] SIGN = {"sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000",
        "-v", "1.0.0"};

    @TempDir
    static Path root;

    private static Path in;
    private static Path out;
    private static Path gen;

    /** One command line and the exit codes it may end with. */
    private record Case(String name, List<String> args, Set<Integer> exits) {
    }

    @TestFactory
    Stream<DynamicTest> sweep() throws Exception {
        setUp();
        List<Case> cases = new ArrayList<>();
        cases.addAll(images());
        cases.addAll(intelHex());
        cases.addAll(keys());
        cases.addAll(optionValues());
        cases.addAll(paths());
        cases.addAll(hugeOrEndlessInputs());
        assertTrue(cases.size() > 1000, "the sweep shrank to " + cases.size() + " runs");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws Exception {
        Map<String, String> inputsBefore = listing(in);
        Map<String, String> outputsBefore = contents(out);
        Vectors.Run run = assertTimeoutPreemptively(BOUND, () -> Vectors.runCli(c.args().toArray(String[]::new)),
                () -> "hung: " + String.join(" ", c.args()));
        String shown = String.join(" ", c.args()) + "\n--- exit " + run.exitCode() + ", stderr:\n" + run.stderr();
        assertTrue(c.exits().contains(run.exitCode()), "exit code not in " + c.exits() + ": " + shown);
        long errors = run.stderr().lines().filter(l -> l.startsWith("Error: ")).count();
        assertEquals(run.exitCode() == 0 ? 0 : 1, errors, "Error lines: " + shown);
        if (run.exitCode() != 0) {
            assertTrue(run.stderr().endsWith("\n") && run.stderr().lines().reduce((a, b) -> b).orElse("")
                    .startsWith("Error: "), "the Error line comes last: " + shown);
        }
        assertFalse(TRACE.matcher(run.out()).find(), "stdout: " + shown + "\n" + run.out());
        assertFalse(TRACE.matcher(run.stderr()).find(), "stderr: " + shown);
        assertEquals(outputsBefore, contents(out), "the output directory changed: " + shown);
        assertEquals(inputsBefore, listing(in), "an input changed: " + shown);
    }

    // ---------------------------------------------------------------- fixtures

    private static void setUp() throws Exception {
        in = Files.createDirectories(root.resolve("in"));
        out = Files.createDirectories(root.resolve("out"));
        gen = Files.createDirectories(in.resolve("gen"));
        for (String k : List.of("ed25519.pem", "ed25519.pub.pem", "ecdsa-p256.pub.pem", "ecdsa-p384.pem",
                "rsa-2048.pub.pem", "enc-x25519.pem", "enc-x25519.pub.pem")) {
            Files.copy(Vectors.path("keys/" + k), in.resolve(k));
        }
        Files.copy(Vectors.path("inputs/app-small.bin"), in.resolve("fw.bin"));
        Files.copy(Vectors.path("inputs/app-c000.hex"), in.resolve("fw.hex"));
        Files.copy(Vectors.path("cases/ed25519-basic/signed.bin"), in.resolve("signed.bin"));
        Files.copy(Vectors.path("cases/external-ed25519-digest/signature.b64"), in.resolve("sig.b64"));
        Files.createDirectories(in.resolve("dir"));
        Files.writeString(in.resolve("file"), "a regular file");
        Files.createFile(in.resolve("empty"));
        Files.createSymbolicLink(in.resolve("dangling"), in.resolve("gone"));
        Process mkfifo = new ProcessBuilder("mkfifo", in.resolve("fifo").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Files.writeString(out.resolve("previous.bin"), "an image written by an earlier run");
    }

    private static String p(String name) {
        return in.resolve(name).toString();
    }

    private static String o(String name) {
        return out.resolve(name).toString();
    }

    private static List<String> sign(String... rest) {
        List<String> args = new ArrayList<>(List.of(SIGN));
        args.addAll(List.of(rest));
        return args;
    }

    private static Path write(String name, byte[] content) {
        try {
            return Files.write(gen.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- images

    /** Signed vector images, each with the public key that verifies it. */
    private static final Map<String, String> BASES = new TreeMap<>(Map.of(
            "ed25519-basic", "ed25519.pub.pem",
            "ecdsa-p256", "ecdsa-p256.pub.pem",
            "rsa-2048", "rsa-2048.pub.pem",
            "ed25519-seccnt-7", "ed25519.pub.pem", // protected TLVs
            "ed25519-big-endian", "ed25519.pub.pem",
            "ed25519-enc-x25519", "ed25519.pub.pem")); // encrypted: structural damage only

    private static List<Case> images() {
        List<Case> cases = new ArrayList<>();
        Random random = new Random(0x5eed_0001L);
        for (Map.Entry<String, String> base : BASES.entrySet()) {
            byte[] b = Vectors.bytes("cases/" + base.getKey() + "/signed.bin");
            ParsedImage image = ImageReader.parse(b, base.getKey());
            Endian e = image.endian();
            int hdr = image.header().headerSize();
            int payloadEnd = hdr + (int) image.header().imageSize();
            String key = base.getValue();
            Map<String, byte[]> broken = new TreeMap<>();
            for (int n : new int[] {0, 1, 16, ImageHeader.SIZE - 1, hdr - 1, hdr + (payloadEnd - hdr) / 2,
                payloadEnd, payloadEnd + 2, image.tlvOffset() + 4 + 2, image.tlvEnd() - 1}) {
                broken.put("truncated-to-" + n, java.util.Arrays.copyOf(b, n));
            }
            for (int i = 0; i < 3; i++) {
                byte[] m = b.clone();
                long magic = random.nextInt() & 0xffffffffL;
                Endian.LITTLE.putU32(m, 0, magic == ImageHeader.MAGIC || magic == 0x3db8f396L ? 0 : magic);
                broken.put("magic-" + i, m);
            }
            broken.put("header-size-0", with(b, m -> e.putU16(m, 8, 0)));
            broken.put("header-size-31", with(b, m -> e.putU16(m, 8, 31)));
            broken.put("header-size-max", with(b, m -> e.putU16(m, 8, 0xffff)));
            broken.put("image-size-max", with(b, m -> e.putU32(m, 12, 0xffffffffL)));
            broken.put("image-size-file-length", with(b, m -> e.putU32(m, 12, b.length)));
            broken.put("protected-size-off", with(b, m -> e.putU16(m, 10, image.header().protectedTlvSize() + 4)));
            broken.put("tlv-magic", with(b, m -> m[image.tlvOffset()] ^= 0x5a));
            broken.put("tlv-total-3", with(b, m -> e.putU16(m, image.tlvOffset() + 2, 3)));
            broken.put("tlv-total-max", with(b, m -> e.putU16(m, image.tlvOffset() + 2, 0xffff)));
            broken.put("tlv-length-max", with(b, m -> e.putU16(m, image.tlvOffset() + 4 + 2, 0xffff)));
            if (image.header().protectedTlvSize() != 0) {
                broken.put("protected-tlv-magic", with(b, m -> m[image.protectedOffset()] ^= 0x5a));
                broken.put("protected-tlv-length-max", with(b, m -> e.putU16(m, image.protectedOffset() + 6, 0xffff)));
            }
            for (Map.Entry<String, byte[]> m : broken.entrySet()) {
                Path f = write(base.getKey() + "-" + m.getKey() + ".bin", m.getValue());
                cases.addAll(imageCommands(f, key, BAD_INPUT, BAD_INPUT, BAD_INPUT));
            }
            if (base.getKey().contains("enc")) {
                continue; // without its device key an encrypted image verifies by nothing
            }
            // Damage a well-formed image can carry: dumpinfo shows it, verify refuses it.
            Map<String, byte[]> damaged = new TreeMap<>();
            for (int i = 0; i < 3; i++) {
                int at = hdr + random.nextInt(payloadEnd - hdr);
                damaged.put("payload-flip-" + i, with(b, m -> m[at] ^= (byte) (1 + random.nextInt(255))));
            }
            damaged.put("version-changed", with(b, m -> m[20] ^= 1));
            damaged.put("hash-flip", with(b, m -> m[valueOffset(image, TlvType.hash(hashOf(image))) + 3] ^= 1));
            for (Map.Entry<String, byte[]> m : damaged.entrySet()) {
                Path f = write(base.getKey() + "-" + m.getKey() + ".bin", m.getValue());
                cases.addAll(imageCommands(f, key, FINE, DOES_NOT_VERIFY, DOES_NOT_VERIFY));
            }
            // Damage only a key can see: without -k verify checks the hash alone, and says so.
            Map<String, byte[]> unseen = new TreeMap<>();
            int signature = signatureType(image);
            unseen.put("signature-flip", with(b, m -> m[valueOffset(image, signature) + image.find(signature)
                    .length() - 1] ^= 1));
            unseen.put("keyhash-flip", with(b, m -> m[valueOffset(image, TlvType.KEYHASH)] ^= 1));
            for (Map.Entry<String, byte[]> m : unseen.entrySet()) {
                Path f = write(base.getKey() + "-" + m.getKey() + ".bin", m.getValue());
                cases.addAll(imageCommands(f, key, FINE, FINE, DOES_NOT_VERIFY));
            }
        }
        for (int i = 0; i < 6; i++) {
            byte[] noise = new byte[random.nextInt(i * 2000 + 1)];
            random.nextBytes(noise);
            cases.addAll(imageCommands(write("noise-" + i + ".bin", noise), "ed25519.pub.pem", BAD_INPUT, BAD_INPUT,
                    BAD_INPUT));
        }
        return cases;
    }

    private static List<Case> imageCommands(Path image, String key, Set<Integer> dumpinfo, Set<Integer> verify,
            Set<Integer> verifyWithKey) {
        String name = image.getFileName().toString();
        return List.of(new Case("image " + name + ": dumpinfo", List.of("dumpinfo", image.toString()), dumpinfo),
                new Case("image " + name + ": dumpinfo -f json", List.of("dumpinfo", "-f", "json", image.toString()),
                        dumpinfo),
                new Case("image " + name + ": dumpinfo -f yaml", List.of("dumpinfo", "-f", "yaml", image.toString()),
                        dumpinfo),
                new Case("image " + name + ": verify", List.of("verify", image.toString()), verify),
                new Case("image " + name + ": verify -k", List.of("verify", "-k", p(key), image.toString()),
                        verifyWithKey));
    }

    private interface Mutation {
        void apply(byte[] b);
    }

    private static byte[] with(byte[] original, Mutation mutation) {
        byte[] m = original.clone();
        mutation.apply(m);
        return m;
    }

    private static org.zephyrsign.crypto.HashAlgorithm hashOf(ParsedImage image) {
        for (org.zephyrsign.crypto.HashAlgorithm h : org.zephyrsign.crypto.HashAlgorithm.values()) {
            if (image.find(TlvType.hash(h)) != null) {
                return h;
            }
        }
        throw new AssertionError("no hash TLV in " + image.name());
    }

    private static int signatureType(ParsedImage image) {
        for (org.zephyrsign.crypto.SignatureAlgorithm a : org.zephyrsign.crypto.SignatureAlgorithm.values()) {
            if (image.find(TlvType.signature(a)) != null) {
                return TlvType.signature(a);
            }
        }
        throw new AssertionError("no signature TLV in " + image.name());
    }

    /** Where the value of the first unprotected TLV of this type starts in the file. */
    private static int valueOffset(ParsedImage image, int type) {
        int p = image.tlvOffset() + 4;
        for (var tlv : image.tlvs()) {
            if (tlv.type() == type) {
                return p + 4;
            }
            p += 4 + tlv.length();
        }
        throw new AssertionError("no TLV " + type + " in " + image.name());
    }

    // ---------------------------------------------------------------- Intel HEX

    /**
     * Each one refused by Python's intelhex 2.3.0 (imgtool's parser), checked once: checksum, digits,
     * colon, length, record types and their lengths, overlaps, an EOF record with data. The empty file
     * intelhex takes as no data; an image cannot be made of nothing, so it is refused here too.
     */
    private static List<Case> intelHex() throws IOException {
        List<Case> cases = new ArrayList<>();
        Map<String, List<String>> firmware = hexMutations(Files.readAllLines(Vectors.path("inputs/app-c000.hex")));
        Map<String, List<String>> images = hexMutations(Files.readAllLines(
                Vectors.path("cases/ed25519-hex-out/signed.hex")));
        for (String name : firmware.keySet()) {
            Path fw = write("fw-" + name + ".hex", lines(firmware.get(name)));
            Path img = write("image-" + name + ".hex", lines(images.get(name)));
            cases.add(new Case("hex " + name + ": sign to bin", sign(fw.toString(), o("new.bin")), BAD_INPUT));
            cases.add(new Case("hex " + name + ": sign to hex", sign("-k", p("ed25519.pem"), fw.toString(),
                    o("new.hex")), BAD_INPUT));
            cases.addAll(imageCommands(img, "ed25519.pub.pem", BAD_INPUT, BAD_INPUT, BAD_INPUT));
        }
        Random random = new Random(0x5eed_0002L);
        for (int i = 0; i < 3; i++) {
            byte[] noise = new byte[1 + random.nextInt(3000)];
            random.nextBytes(noise);
            Path f = write("noise-" + i + ".hex", noise);
            cases.add(new Case("hex noise-" + i + ": sign", sign(f.toString(), o("new.bin")), BAD_INPUT));
            cases.addAll(imageCommands(f, "ed25519.pub.pem", BAD_INPUT, BAD_INPUT, BAD_INPUT));
        }
        return cases;
    }

    private static byte[] lines(List<String> lines) {
        return (lines.isEmpty() ? "" : String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, List<String>> hexMutations(List<String> hex) {
        int i = 3; // a data record
        String d = hex.get(i);
        int count = Integer.parseInt(d.substring(1, 3), 16);
        int address = Integer.parseInt(d.substring(3, 7), 16);
        byte[] data = HexFormat.of().parseHex(d.substring(9, d.length() - 2));
        Map<String, List<String>> m = new TreeMap<>();
        m.put("bad-checksum", replace(hex, i, d.substring(0, d.length() - 2)
                + String.format("%02X", (Integer.parseInt(d.substring(d.length() - 2), 16) + 1) & 0xff)));
        m.put("non-hex-digit", replace(hex, i, d.substring(0, 12) + "G" + d.substring(13)));
        m.put("no-colon", replace(hex, i, d.substring(1)));
        m.put("odd-length", replace(hex, i, d.substring(0, d.length() - 3) + d.substring(d.length() - 2)));
        m.put("count-past-data", replace(hex, i, record(count + 1, address, 0, data, java.util.Arrays.copyOf(data,
                data.length + 1))));
        m.put("unknown-type-06", replace(hex, i, record(count, address, 6, data, data)));
        m.put("ela-no-data", insert(hex, 1, ":00000004FC"));
        m.put("ela-1-byte", insert(hex, 1, record(1, 0, 4, new byte[] {1}, new byte[] {1})));
        m.put("ela-3-bytes", insert(hex, 1, record(3, 0, 4, new byte[] {0, 0, 1}, new byte[] {0, 0, 1})));
        m.put("esa-no-data", insert(hex, 1, record(0, 0, 2, new byte[0], new byte[0])));
        m.put("esa-1-byte", insert(hex, 1, record(1, 0, 2, new byte[] {1}, new byte[] {1})));
        m.put("start-segment-1-byte", insert(hex, 1, record(1, 0, 3, new byte[] {1}, new byte[] {1})));
        m.put("start-linear-2-bytes", insert(hex, 1, record(2, 0, 5, new byte[] {1, 2}, new byte[] {1, 2})));
        m.put("duplicate-record", insert(hex, i + 1, d));
        m.put("overlapping-record", insert(hex, i + 1, record(count, address + 8, 0, data, data)));
        m.put("eof-with-data", replace(hex, hex.size() - 1, record(1, 0, 1, new byte[] {0}, new byte[] {0})));
        m.put("empty", List.of());
        return m;
    }

    /** A record; the checksum is computed over {@code checksummed} (which may differ from the data written). */
    private static String record(int count, int address, int type, byte[] data, byte[] checksummed) {
        int sum = count + (address >> 8) + (address & 0xff) + type;
        for (byte x : checksummed) {
            sum += x & 0xff;
        }
        return String.format(":%02X%04X%02X%s%02X", count, address, type, HexFormat.of().withUpperCase()
                .formatHex(data), -sum & 0xff);
    }

    private static List<String> replace(List<String> lines, int at, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(at, line);
        return copy;
    }

    private static List<String> insert(List<String> lines, int at, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.add(at, line);
        return copy;
    }

    // ---------------------------------------------------------------- keys

    /** The broken key table (src/test/resources/keys, see crypto.PemKeysTest) through every way a key is read. */
    private static List<Case> keys() throws IOException {
        List<Case> cases = new ArrayList<>();
        List<Path> broken;
        try (Stream<Path> files = Files.list(Vectors.DIR.getParent().resolve("keys/broken"))) {
            broken = files.sorted().toList();
        }
        for (Path key : broken) {
            cases.addAll(keyCommands(key.getFileName().toString(), key.toString()));
        }
        // keys MCUboot uses, handed to a use they do not fit: X25519 to sign, a public key to sign, P-384 to encrypt
        cases.add(new Case("key enc-x25519.pem: sign -k", sign("-k", p("enc-x25519.pem"), p("fw.bin"), o("new.bin")),
                BAD_INPUT));
        cases.add(new Case("key ed25519.pub.pem: sign -k", sign("-k", p("ed25519.pub.pem"), p("fw.bin"),
                o("new.bin")), BAD_INPUT));
        cases.add(new Case("key ecdsa-p384.pem: sign -E", sign("-E", p("ecdsa-p384.pem"), p("fw.bin"), o("new.bin")),
                BAD_INPUT));
        cases.add(new Case("key enc-x25519.pem: getpub", List.of("getpub", "-k", p("enc-x25519.pem")), BAD_INPUT));
        return cases;
    }

    private static List<Case> keyCommands(String name, String key) {
        String what = "key " + name + ": ";
        List<Case> cases = new ArrayList<>(List.of(
                new Case(what + "sign -k", sign("-k", key, p("fw.bin"), o("new.bin")), BAD_INPUT),
                new Case(what + "verify -k", List.of("verify", "-k", key, p("signed.bin")), BAD_INPUT),
                new Case(what + "getpub", List.of("getpub", "-k", key), BAD_INPUT),
                new Case(what + "getpubhash", List.of("getpubhash", "-k", key), BAD_INPUT),
                new Case(what + "keyinfo", List.of("keyinfo", "-k", key), BAD_INPUT),
                new Case(what + "sign -E", sign("-k", p("ed25519.pem"), "-E", key, p("fw.bin"), o("new.bin")),
                        BAD_INPUT),
                new Case(what + "sign --fix-sig-pubkey", sign("--fix-sig", p("sig.b64"), "--fix-sig-pubkey", key,
                        p("fw.bin"), o("new.bin")), BAD_INPUT),
                new Case(what + "sign --vector-to-sign", sign("--vector-to-sign", "digest", "-k", key, p("fw.bin"),
                        o("new.bin")), BAD_INPUT),
                new Case(what + "verify --enc-key", List.of("verify", "--enc-key", key, p("signed.bin")), BAD_INPUT),
                new Case(what + "getpub -e pem -o", List.of("getpub", "-e", "pem", "-k", key, "-o", o("new.pem")),
                        BAD_INPUT)));
        return cases;
    }

    // ---------------------------------------------------------------- option values

    /** Values no option of the kind takes; numbers with a trailing space are accepted, as by imgtool. */
    private static final List<String> BAD_NUMBERS = List.of("", " ", "abc", "-1", "0x", "0xg", "1.5", "1e3",
            "99999999999999999999", "0x1ffffffff");
    private static final List<String> BAD_CHOICES = List.of("", "bogus", "99999999999999999999", "0x");
    private static final Map<String, List<String>> BAD_TEXT = Map.of(
            "version", List.of("", "1.2.3 ", " 1.2.3", "1.x", "1.2.3.4", "256.0.0", "1.65536.0", "1.2.3+4294967296",
                    "-1"),
            "securityCounter", List.of("", "abc", "-1", "0x1ffffffff"),
            "dependencies", List.of("", "(1,2.0.0", "(x,1.0.0)", "garbage", "(1,1.x)"),
            "bootRecord", List.of("ABCDEFGHIJKLM"),
            "classId", List.of("a-class-name-without-vid"));

    private static List<Case> optionValues() {
        List<Case> cases = new ArrayList<>();
        for (ImageOption<?> o : ImageOption.all()) {
            String flag = o.flags().get(o.flags().size() - 1);
            List<List<String>> values = new ArrayList<>();
            String metavar = o.metavar() == null ? "" : o.metavar();
            if (o.isFlag()) {
                values.add(List.of("maybe"));
            } else if (metavar.equals("INTEGER")) {
                BAD_NUMBERS.forEach(v -> values.add(List.of(v)));
            } else if (metavar.startsWith("[")) {
                BAD_CHOICES.forEach(v -> values.add(List.of(v)));
            } else if (metavar.equals("TAG VALUE")) {
                values.addAll(List.of(List.of("0x10", "x"), List.of("0x9f", "x"), List.of("zz", "x"),
                        List.of("0xa0", "0x123"), List.of("0x10000", "x"), List.of("", "x")));
            } else if (metavar.equals("TAG FILE")) {
                values.addAll(List.of(List.of("0xa0", p("missing")), List.of("0xa0", p("dir")),
                        List.of("0xa0", p("fifo")), List.of("0x10", p("file"))));
            } else if (metavar.equals("filename")) {
                values.addAll(List.of(List.of(p("missing")), List.of(p("dir")), List.of(p("fifo")),
                        List.of(""), List.of("/dev/zero")));
            } else {
                BAD_TEXT.getOrDefault(o.name(), List.of()).forEach(v -> values.add(List.of(v)));
            }
            for (List<String> v : values) {
                List<String> args = new ArrayList<>(List.of(SIGN));
                if (o.isFlag()) {
                    args.add(flag + "=" + v.get(0));
                } else {
                    args.add(flag);
                    args.addAll(v);
                }
                args.addAll(List.of("-k", p("ed25519.pem"), p("fw.bin"), o("new.bin")));
                cases.add(new Case("option " + flag + " " + v, args, BAD_INPUT));
            }
        }
        String key = p("ed25519.pem");
        List<List<String>> others = List.of(
                sign("--vector-to-sign", "bogus", "-k", key, p("fw.bin"), o("new.bin")),
                sign("-k", "", p("fw.bin"), o("new.bin")),
                sign("-k", "   ", p("fw.bin"), o("new.bin")),
                sign("--fix-sig", p("sig.b64"), p("fw.bin"), o("new.bin")),
                sign("-k", key, "--fix-sig", p("sig.b64"), "--fix-sig-pubkey", p("ed25519.pub.pem"), p("fw.bin"),
                        o("new.bin")),
                sign("--bogus", p("fw.bin"), o("new.bin")),
                sign("-k", key, p("fw.bin")),
                sign("-k", key, p("fw.bin"), o("new.bin"), o("extra.bin")),
                sign("-k", key, p("fw.bin"), o("new.bin"), "-H"),
                sign("--custom-tlv", "0xa0"),
                List.of("sign"),
                List.of("getpub", "-k", key, "-e", "bogus"),
                List.of("getpub", "-k", key, "-l", "python"),
                List.of("getpub", "-k", key, "-e", "lang-c", "-l", "c"),
                List.of("getpub", "-k", key, "--name-suffix", "a-b"),
                List.of("getpub", "-k", key, "-e", "pem", "--name-suffix", "_2"),
                List.of("getpub"),
                List.of("getpubhash", "-k", key, "-e", "lang-rust"),
                List.of("getpubhash", "-k", key, "-e", "raw", "--name-suffix", "_2"),
                List.of("keyinfo", "-k", key, "--require", "secret"),
                List.of("keyinfo", "-k", p("ed25519.pub.pem"), "--require", "private"),
                List.of("keyinfo"),
                List.of("dumpinfo"),
                List.of("dumpinfo", "-f", "xml", p("signed.bin")),
                List.of("dumpinfo", "-o", p("signed.bin"), p("signed.bin")),
                List.of("dumpinfo", "-o", out.toString(), p("signed.bin")),
                List.of("dumpinfo", p("signed.bin"), p("signed.bin")),
                List.of("verify"),
                List.of("verify", "-k", key, "--bogus", p("signed.bin")),
                List.of("version", "extra"),
                List.of("frobnicate"),
                List.of("--frobnicate"),
                List.of());
        for (List<String> args : others) {
            cases.add(new Case("usage " + String.join(" ", args).replace(in.toString(), "IN").replace(out.toString(),
                    "OUT"), args, BAD_INPUT));
        }
        // a file that holds no signature of the key's kind: refused as a signature that does not verify
        cases.add(new Case("signature of the wrong size", sign("--fix-sig", p("fw.bin"), "--fix-sig-pubkey",
                p("ed25519.pub.pem"), p("fw.bin"), o("new.bin")), DOES_NOT_VERIFY));
        cases.add(new Case("signature of another image", sign("--fix-sig", p("sig.b64"), "--fix-sig-pubkey",
                p("ed25519.pub.pem"), "-v", "9.9.9", p("fw.bin"), o("new.bin")), DOES_NOT_VERIFY));
        return cases;
    }

    // ---------------------------------------------------------------- paths

    private static List<Case> paths() {
        List<Case> cases = new ArrayList<>();
        String key = p("ed25519.pem");
        List<String> unreadable = List.of(p("missing"), p("dir"), in.resolve("file").resolve("x").toString(),
                p("fifo"), p("dangling"), "/dev/zero", "");
        for (String bad : unreadable) {
            String label = bad.replace(in.toString(), "IN");
            cases.add(new Case("path INFILE " + label, sign("-k", key, bad, o("new.bin")), BAD_INPUT));
            cases.add(new Case("path IMGFILE " + label + " dumpinfo", List.of("dumpinfo", bad), BAD_INPUT));
            cases.add(new Case("path IMGFILE " + label + " verify", List.of("verify", bad), BAD_INPUT));
            cases.add(new Case("path -k " + label + " sign", sign("-k", bad, p("fw.bin"), o("new.bin")), BAD_INPUT));
            cases.add(new Case("path -k " + label + " getpub", List.of("getpub", "-k", bad), BAD_INPUT));
            cases.add(new Case("path -k " + label + " keyinfo", List.of("keyinfo", "-k", bad), BAD_INPUT));
            cases.add(new Case("path -k " + label + " verify", List.of("verify", "-k", bad, p("signed.bin")),
                    BAD_INPUT));
            cases.add(new Case("path --enc-key " + label, List.of("verify", "--enc-key", bad, p("signed.bin")),
                    BAD_INPUT));
            cases.add(new Case("path --fix-sig " + label, sign("--fix-sig", bad, "--fix-sig-pubkey",
                    p("ed25519.pub.pem"), p("fw.bin"), o("new.bin")), BAD_INPUT));
            cases.add(new Case("path --fix-sig-pubkey " + label, sign("--fix-sig", p("sig.b64"), "--fix-sig-pubkey",
                    bad, p("fw.bin"), o("new.bin")), BAD_INPUT));
        }
        cases.add(new Case("path --fix-sig empty", sign("--fix-sig", p("empty"), "--fix-sig-pubkey",
                p("ed25519.pub.pem"), p("fw.bin"), o("new.bin")), BAD_INPUT));
        cases.add(new Case("path INFILE empty", sign("-k", key, p("empty"), o("new.hex")), BAD_INPUT));
        // outputs that cannot be written or would destroy something
        cases.add(new Case("path OUTFILE directory", sign("-k", key, p("fw.bin"), out.toString()), BAD_INPUT));
        cases.add(new Case("path OUTFILE under a file", sign("-k", key, p("fw.bin"),
                out.resolve("previous.bin").resolve("new.bin").toString()), BAD_INPUT));
        cases.add(new Case("path OUTFILE is INFILE", sign("-k", key, p("fw.bin"), p("fw.bin")), BAD_INPUT));
        cases.add(new Case("path OUTFILE is -k", sign("-k", key, p("fw.bin"), key), BAD_INPUT));
        cases.add(new Case("path --sig-out is OUTFILE", sign("-k", key, "--sig-out", o("previous.bin"), p("fw.bin"),
                o("previous.bin")), BAD_INPUT));
        cases.add(new Case("path --sig-out directory", sign("-k", key, "--sig-out", out.toString(), p("fw.bin"),
                o("previous.bin")), BAD_INPUT));
        cases.add(new Case("path --vector-info is OUTFILE", sign("--vector-to-sign", "digest", "--vector-info",
                o("previous.bin"), p("fw.bin"), o("previous.bin")), BAD_INPUT));
        cases.add(new Case("path OUTFILE is a FIFO", sign("-k", key, p("fw.bin"), p("fifo")), BAD_INPUT));
        cases.add(new Case("path getpub -o directory", List.of("getpub", "-k", key, "-o", out.toString()), BAD_INPUT));
        cases.add(new Case("path getpub -o is -k", List.of("getpub", "-k", key, "-o", key), BAD_INPUT));
        return cases;
    }

    // ---------------------------------------------------------------- huge or endless inputs

    /**
     * Issue 9 point 3 (huge or endless inputs, memory, streaming) is the streaming work's: its cases
     * (a 1 GiB image under a small heap, a sparse file of several GiB that is within MCUboot's 4 GiB)
     * belong here. What holds already: a file larger than any MCUboot image (u32 sizes) is refused
     * from its size, before a byte is read, and devices are refused as not regular files.
     */
    private static List<Case> hugeOrEndlessInputs() throws IOException {
        Path huge = gen.resolve("huge-5GiB.bin");
        try (FileChannel c = FileChannel.open(huge, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {1}), 5L << 30); // sparse
        }
        return List.of(new Case("huge 5 GiB INFILE", sign(huge.toString(), o("new.bin")), BAD_INPUT),
                new Case("huge 5 GiB dumpinfo", List.of("dumpinfo", huge.toString()), BAD_INPUT),
                new Case("huge 5 GiB verify", List.of("verify", huge.toString()), BAD_INPUT),
                new Case("endless /dev/zero dumpinfo", List.of("dumpinfo", "/dev/zero"), BAD_INPUT),
                new Case("endless /dev/urandom INFILE", sign("/dev/urandom", o("new.bin")), BAD_INPUT));
    }

    // ---------------------------------------------------------------- snapshots

    /** Every file under dir: its content's digest (the output directory is small). */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                all.put(dir.relativize(f).toString(), Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        ? digest(Files.readAllBytes(f)) : "not a regular file");
            }
        }
        return all;
    }

    /** Every file under dir: its size and modification time (the inputs are many; none may change). */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                all.put(dir.relativize(f).toString(), Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        ? Files.size(f) + "@" + Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS) : "other");
            }
        }
        return all;
    }

    private static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
