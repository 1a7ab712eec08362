package org.zephyrsign.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** getpub/getpubhash output, keyinfo, refused commands, dumpinfo and verify of the imgtool vectors. */
class ImgtoolOtherVectorsTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> getpub() {
        return Vectors.list("getpub").stream().map(g -> DynamicTest.dynamicTest(g.get("name").getAsString(), () -> {
            Vectors.Run run = Vectors.run(Vectors.strings(g.getAsJsonArray("args")), List.of(), tmp);
            assertEquals(g.get("exit_code").getAsInt(), run.exitCode(), run.stderr());
            assertArrayEquals(Vectors.bytes(g.get("output").getAsString()), run.stdout());
        }));
    }

    @TestFactory
    Stream<DynamicTest> keyinfo() {
        return Vectors.list("keyinfo").stream().map(k -> DynamicTest.dynamicTest(
                String.join(" ", Vectors.strings(k.getAsJsonArray("args"))), () -> {
                    Vectors.Run run = Vectors.run(Vectors.strings(k.getAsJsonArray("args")), List.of(), tmp);
                    assertEquals(k.get("exit_code").getAsInt(), run.exitCode());
                    assertEquals(k.get("stdout").getAsString(), run.out());
                    if (k.has("error")) {
                        assertEquals(k.get("error").getAsString() + "\n", run.stderr().replace("/" + Vectors.DIR
                                + "/", "").replace(Vectors.DIR + "/", ""));
                    }
                }));
    }

    /** For each refused command, what our one-line error must say (imgtool's reason, our words). */
    private static final Map<String, String> REFUSALS = Map.ofEntries(
            Map.entry("header-too-small", "-H/--header-size: '0x10' is out of range (32 to 65535)"),
            Map.entry("slot-too-small-pad", "-S/--slot-size: image size (0x1228) + trailer (0x1b0) exceeds requested size 0x1000 by 984 bytes"),
            Map.entry("slot-too-small", "-S/--slot-size: image size (0x1290) + trailer (0x1b0) exceeds requested size 0x1000 by 1088 bytes"),
            Map.entry("header-not-zero", "header padding was not requested and the image does not start with 512 zero bytes"),
            Map.entry("custom-tlv-conflict", "--custom-tlv: custom TLV 0x10 conflicts with predefined TLV"),
            Map.entry("custom-tlv-odd-hex", "--custom-tlv: custom TLV length is odd ('0x123')"),
            Map.entry("custom-tlv-duplicate", "--custom-tlv: custom TLV 0xa0 already exists"),
            Map.entry("custom-tlv-reserved", "invalid custom TLV type value '0x009f', allowed value should be between 0x00a0 and 0xfffe"),
            Map.entry("bad-version", "-v/--version: invalid version number '1.x', should be maj.min.rev+build"),
            Map.entry("load-addr-and-rom-fixed", "can not set rom_fixed and load_addr at the same time"),
            Map.entry("pure-with-sha", "--pure: pure signatures enforce SHA-512 as the hash; leave --sha out"),
            Map.entry("ed25519-sha384", "--sha: key ED25519 can not be used with sha 384; allowed sha are one of 256, 512"),
            Map.entry("p256-sha512", "--sha: key ECDSA256_SHA256 can not be used with sha 512; allowed sha are one of 256"),
            Map.entry("public-key-as-signing-key", "ed25519.pub.pem holds only a public key; signing requires the private key"),
            Map.entry("fix-sig-without-pubkey", "public key of the fixed signature is not specified"),
            Map.entry("key-and-fix-sig", "can not sign using key and provide fixed-signature at the same time"),
            Map.entry("boot-record-too-long", "'ABCDEFGHIJKLM' is too long (13 characters) for sw_type"),
            Map.entry("hex-out-without-address", "-x/--hex-addr: no address exists in the input file and none was given"),
            Map.entry("enc-key-type-mismatch", "signing and encryption must use the same type of key"),
            Map.entry("hmac512-with-ec256", "--hmac-sha: currently only ECIES-X25519 supports HMAC-SHA512"));

    /** imgtool refuses these with exit 2 and writes nothing; so do we, with one Error line on stderr. */
    @TestFactory
    Stream<DynamicTest> refusedCommands() {
        assertEquals(REFUSALS.keySet(), new java.util.HashSet<>(Vectors.list("errors").stream()
                .map(e -> e.get("name").getAsString()).toList()), "every refused vector has an expectation");
        return Vectors.list("errors").stream().map(e -> DynamicTest.dynamicTest(e.get("name").getAsString(), () -> {
            List<String> args = Vectors.strings(e.getAsJsonArray("args"));
            String output = args.get(args.size() - 1);
            Vectors.Run run = Vectors.run(args, List.of(output), tmp);
            assertEquals(2, run.exitCode(), run.stderr());
            List<String> errors = run.stderr().lines().filter(l -> l.startsWith("Error: ")).toList();
            assertEquals(1, errors.size(), run.stderr());
            assertTrue(errors.get(0).contains(REFUSALS.get(e.get("name").getAsString())), errors.get(0));
            try (Stream<Path> files = Files.list(tmp)) {
                assertFalse(files.findAny().isPresent(), "a refused command left a file behind");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> dumpinfo() {
        return Vectors.list("cases").stream().filter(c -> c.has("dumpinfo")).map(c -> DynamicTest.dynamicTest(
                c.get("name").getAsString(), () -> {
                    Vectors.Run run = Vectors.runCli("dumpinfo", Vectors.path(c.get("output").getAsString()).toString());
                    assertEquals(0, run.exitCode(), run.stderr());
                    assertEquals(Files.readString(Vectors.path(c.get("dumpinfo").getAsString())), run.out());
                }));
    }

    @TestFactory
    Stream<DynamicTest> dumpinfoJson() {
        return Vectors.list("cases").stream().filter(c -> c.has("dumpinfo_json")).map(c -> DynamicTest.dynamicTest(
                c.get("name").getAsString(), () -> {
                    Vectors.Run run = Vectors.runCli("dumpinfo", "-f", "json",
                            Vectors.path(c.get("output").getAsString()).toString());
                    assertEquals(0, run.exitCode(), run.stderr());
                    assertEquals(Files.readString(Vectors.path(c.get("dumpinfo_json").getAsString())), run.out());
                }));
    }

    /** dumpinfo -f yaml prints what imgtool 2.4.0 printed (dumpinfo-yaml/README.md says how they were made). */
    @TestFactory
    Stream<DynamicTest> dumpinfoYaml() throws java.io.IOException {
        List<JsonObject> all = new java.util.ArrayList<>(Vectors.list("cases"));
        all.addAll(Vectors.list("extra_cases"));
        List<DynamicTest> tests = new java.util.ArrayList<>();
        for (JsonObject c : all) {
            Path expected = Vectors.path("dumpinfo-yaml/" + c.get("name").getAsString() + ".yaml");
            if (Files.exists(expected)) {
                tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                    Vectors.Run run = Vectors.runCli("dumpinfo", "-f", "yaml",
                            Vectors.path(c.get("output").getAsString()).toString());
                    assertEquals(0, run.exitCode(), run.stderr());
                    assertEquals(Files.readString(expected), run.out());
                }));
            }
        }
        assertEquals(62, tests.size(), "every reference output is compared");
        return tests.stream();
    }

    /** Our verify on imgtool's images prints what imgtool's verify printed. */
    @TestFactory
    Stream<DynamicTest> verify() {
        return Vectors.list("cases").stream().filter(c -> c.has("verify")).map(c -> DynamicTest.dynamicTest(
                c.get("name").getAsString(), () -> {
                    JsonObject v = c.getAsJsonObject("verify");
                    Vectors.Run run = Vectors.run(Vectors.strings(v.getAsJsonArray("args")), List.of(), tmp);
                    assertEquals(v.get("exit_code").getAsInt(), run.exitCode(), run.stderr());
                    assertEquals(Files.readString(Vectors.path(v.get("output").getAsString())), run.out());
                }));
    }

    /**
     * Encrypted images, as the manifest describes them: our verifier decrypts imgtool's image with
     * the device key and checks hash and signature; without the key only a --clear image checks
     * out; and imgtool's verify output on the generator's decrypted copy is what ours prints.
     */
    @TestFactory
    Stream<DynamicTest> verifyEncryptedWithDeviceKey() {
        return Vectors.list("cases").stream().filter(c -> c.has("encryption")).map(c -> DynamicTest.dynamicTest(
                c.get("name").getAsString(), () -> {
                    JsonObject enc = c.getAsJsonObject("encryption");
                    String image = Vectors.path(c.get("output").getAsString()).toString();
                    String decryptKey = Vectors.path(enc.get("decrypt_key").getAsString()).toString();
                    Vectors.Run run = enc.has("signing_pub") && !enc.get("signing_pub").isJsonNull()
                            ? Vectors.runCli("verify", "-k", Vectors.path(enc.get("signing_pub").getAsString())
                                    .toString(), "--enc-key", decryptKey, image)
                            : Vectors.runCli("verify", "--enc-key", decryptKey, image);
                    assertEquals(0, run.exitCode(), run.stderr());
                    Vectors.Run withoutKey = Vectors.runCli("verify", image);
                    assertEquals(enc.get("clear").getAsBoolean() ? 0 : 1, withoutKey.exitCode(), withoutKey.stderr());
                    JsonObject decrypted = enc.getAsJsonObject("decrypted_verify");
                    Vectors.Run onDecrypted = Vectors.run(Vectors.strings(decrypted.getAsJsonArray("args")), List.of(),
                            tmp);
                    assertEquals(decrypted.get("exit_code").getAsInt(), onDecrypted.exitCode(), onDecrypted.stderr());
                    assertEquals(Files.readString(Vectors.path(decrypted.get("output").getAsString())),
                            onDecrypted.out());
                }));
    }
}
