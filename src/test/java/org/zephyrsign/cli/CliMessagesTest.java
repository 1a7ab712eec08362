package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zephyrsign.vectors.Vectors;

/**
 * The command line's own messages: exit codes of signer configuration errors, plain reasons for
 * files it cannot read, names it uses for the pkcs11 parameters (the URI's, not Maven's), the
 * warnings for a hash-only verify and a PIN in the URI, and JSON for odd file names.
 */
class CliMessagesTest {
    private static final String MODULE = System.getProperty("softhsm.module", "/usr/lib/softhsm/libsofthsm2.so");
    private static final String NOT_CHECKED = "Warning: only the image's hash was checked, not its signature: no key "
            + "was given (-k)\n";

    @TempDir
    Path tmp;

    private Path firmware;

    @BeforeEach
    void inputs() throws Exception {
        firmware = Files.copy(Vectors.path("inputs/app-small.bin"), tmp.resolve("fw.bin"));
    }

    private Vectors.Run sign(String... extra) {
        List<String> args = new ArrayList<>(List.of("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S",
                "0x60000", "-v", "1.0.0"));
        args.addAll(List.of(extra));
        return Vectors.runCli(args.toArray(String[]::new));
    }

    private static void refused(int exit, String message, Vectors.Run run) {
        assertEquals(exit, run.exitCode(), run.stderr());
        assertEquals("Error: " + message + "\n", run.stderr());
    }

    /** Usage errors are 2, on a command line as anywhere: a URI that cannot be parsed is one. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pkcs11:token=fw;bogus=1|PKCS#11 URI: unknown path attribute 'bogus'",
        "pkcs11:token=fw;object|PKCS#11 URI: malformed path attribute 'object'; attributes are name=value",
        "pkcs11:token=fw?module-path=/m.so&4711|PKCS#11 URI: malformed query attribute (not shown: it may hold a PIN); "
                + "attributes are name=value",
        "pkcs11:token=f%zz|PKCS#11 URI: bad percent-encoding in 'token'",
        "pkcs11:token=a;token=b|PKCS#11 URI: attribute 'token' given twice",
        "pkcs11:token=fw;type=public|PKCS#11 URI: type=public cannot sign; use type=private or leave it out",
        "pkcs11:token=fw;object=k|pkcs11 signer: module-path in the PKCS#11 URI (the PKCS#11 module of the HSM) is "
                + "required",
        "pkcs11:token=fw;object=k?module-path=/m.so|pkcs11 signer: no PIN source: set pin-source=env:NAME or "
                + "pin-source=file:PATH in the PKCS#11 URI",
        "pkcs11:token=fw?module-path=/m.so&pin-source=env:X|pkcs11 signer: name the key: object in the PKCS#11 URI "
                + "(its label) or id in the PKCS#11 URI (its id)",
        "pkcs11:token=fw;slot-id=x;object=k?module-path=/m.so|pkcs11 signer: slot-id in the PKCS#11 URI must be a "
                + "number, not 'x'",
        "pkcs11:token=fw;object=k?module-path=/m.so&pin-source=4711|pin-source in the PKCS#11 URI must be a reference "
                + "(env:NAME or file:PATH), not the secret itself"})
    void malformedKeyUrisAreUsageErrorsInTheUrisOwnWords(String uri, String message) {
        for (Vectors.Run run : List.of(sign("-k", uri, firmware.toString(), tmp.resolve("out.bin").toString()),
                Vectors.runCli("getpub", "-k", uri), Vectors.runCli("verify", "-k", uri, firmware.toString()))) {
            refused(2, message, run);
            // Maven's names have no place on a command line
            for (String mavenWord : List.of("serverId", "settings.xml", "<signer>", "keyLabel", "library", "-D")) {
                assertFalse(run.stderr().contains(mavenWord), run.stderr());
            }
            assertFalse(run.stderr().contains("4711"), "the PIN is never repeated: " + run.stderr());
        }
        assertFalse(Files.exists(tmp.resolve("out.bin")));
    }

    @Test
    void aPinSourceThatIsNotSetIsAUsageError() {
        refused(2, "pin-source in the PKCS#11 URI: environment variable ZEPHYR_NO_SUCH_VARIABLE is not set",
                Vectors.runCli("getpub", "-k", "pkcs11:token=firmware;object=fw-p256?module-path=" + MODULE
                        + "&pin-source=env:ZEPHYR_NO_SUCH_VARIABLE"));
        Path missing = tmp.resolve("no-pin");
        refused(2, "pin-source in the PKCS#11 URI: secret file " + missing + ": no such file",
                Vectors.runCli("getpub", "-k", "pkcs11:token=firmware;object=fw-p256?module-path=" + MODULE
                        + "&pin-source=file:" + missing));
    }

    @Test
    void aVersionWithATrailingSpaceIsRefused() {
        refused(2, "-v/--version: invalid version number '1.2.3 ', should be maj.min.rev+build with later parts "
                + "optional", Vectors.runCli("sign", "-H", "0x200", "--pad-header", "-S", "0x60000", "-v", "1.2.3 ",
                        firmware.toString(), tmp.resolve("out.bin").toString()));
        assertFalse(Files.exists(tmp.resolve("out.bin")));
    }

    /** Every file the command line reads: a plain reason, exit 2, the option named as typed. */
    @Test
    void filesThatCannotBeReadSayWhy() throws Exception {
        Path missing = tmp.resolve("missing.bin");
        Path notUnderADirectory = firmware.resolve("x.bin");
        Path fifo = tmp.resolve("fifo.bin");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        Path out = tmp.resolve("out.bin");
        String key = Vectors.path("keys/ed25519.pem").toString();

        refused(2, "INFILE " + missing + ": no such file", sign(missing.toString(), out.toString()));
        refused(2, "INFILE " + tmp + ": is a directory", sign(tmp.toString(), out.toString()));
        refused(2, "INFILE " + notUnderADirectory + ": " + firmware + " is not a directory",
                sign(notUnderADirectory.toString(), out.toString()));
        refused(2, "INFILE " + fifo + ": is a named pipe (FIFO), not a regular file", sign(fifo.toString(),
                out.toString()));
        refused(2, "INFILE is empty; give a file", sign("", out.toString()));
        for (String command : List.of("dumpinfo", "verify")) {
            refused(2, "IMGFILE " + missing + ": no such file", Vectors.runCli(command, missing.toString()));
            refused(2, "IMGFILE " + tmp + ": is a directory", Vectors.runCli(command, tmp.toString()));
            refused(2, "IMGFILE " + fifo + ": is a named pipe (FIFO), not a regular file",
                    Vectors.runCli(command, fifo.toString()));
            refused(2, "IMGFILE /dev/zero: is a character device, not a regular file",
                    Vectors.runCli(command, "/dev/zero"));
        }
        refused(2, "key file " + tmp + ": is a directory", sign("-k", tmp.toString(), firmware.toString(),
                out.toString()));
        refused(2, "key file " + fifo + ": is a named pipe (FIFO), not a regular file",
                Vectors.runCli("getpub", "-k", fifo.toString()));
        refused(2, "key file " + missing + ": no such file", Vectors.runCli("keyinfo", "-k", missing.toString()));
        refused(2, "-k/--key is empty; give a key file or a pkcs11: URI", Vectors.runCli("getpubhash", "-k", ""));
        refused(2, "key file " + missing + ": no such file", sign("-E", missing.toString(), firmware.toString(),
                out.toString()));
        refused(2, "key file " + missing + ": no such file", Vectors.runCli("verify", "--enc-key", missing.toString(),
                Vectors.path("cases/ed25519-basic/signed.bin").toString()));
        refused(2, "key file " + missing + ": no such file", sign("--fix-sig", firmware.toString(), "--fix-sig-pubkey",
                missing.toString(), firmware.toString(), out.toString()));
        refused(2, "signature file " + fifo + ": is a named pipe (FIFO), not a regular file", sign("--fix-sig",
                fifo.toString(), "--fix-sig-pubkey", Vectors.path("keys/ed25519.pub.pem").toString(),
                firmware.toString(), out.toString()));
        refused(2, "--custom-tlv-file: custom TLV file " + fifo + ": is a named pipe (FIFO), not a regular file",
                sign("-k", key, "--custom-tlv-file", "0xa0", fifo.toString(), firmware.toString(), out.toString()));
        assertFalse(Files.exists(out));
    }

    /** imgtool says "correctly validated" for a hash-only check; so do we, and say on stderr what was not checked. */
    @Test
    void verifyWithoutAKeySaysTheSignatureWasNotChecked() {
        String image = Vectors.path("cases/ed25519-basic/signed.bin").toString();
        String imgtoolsLines = "Image was correctly validated\nImage version: 1.2.3+4\n"
                + "Image digest: e97a09a0b707e7bbaf15ab36c324c01b2555c8380d6c1c57ce8752687464d5f7\n";
        Vectors.Run withoutKey = Vectors.runCli("verify", image);
        assertEquals(0, withoutKey.exitCode(), withoutKey.stderr());
        assertEquals(imgtoolsLines, withoutKey.out());
        assertEquals(NOT_CHECKED, withoutKey.stderr());
        // with the right key: checked, nothing to warn about; with another key: refused
        Vectors.Run withKey = Vectors.runCli("verify", "-k", Vectors.path("keys/ed25519.pub.pem").toString(), image);
        assertEquals(imgtoolsLines, withKey.out());
        assertEquals("", withKey.stderr());
        Vectors.Run otherKey = Vectors.runCli("verify", "-k", Vectors.path("keys/ecdsa-p256.pub.pem").toString(), image);
        assertEquals(1, otherKey.exitCode());
    }

    @Test
    void verifyOfAnUnsignedImageWarnsOfNothing() {
        Path unsigned = tmp.resolve("unsigned.bin");
        assertEquals(0, sign(firmware.toString(), unsigned.toString()).exitCode());
        Vectors.Run run = Vectors.runCli("verify", unsigned.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr());
        assertTrue(run.out().startsWith("Image was correctly validated\n"), run.out());
    }

    /** pin-value works on a command line, where it is the user's to type, but ps shows it: one warning. */
    @Test
    void aPinInTheUriWorksWithOneWarning() {
        String pin = System.getenv("ZEPHYR_TEST_PIN");
        org.junit.jupiter.api.Assumptions.assumeTrue(pin != null && Files.exists(Path.of(MODULE)),
                "the build's SoftHSM2 token");
        String uri = "pkcs11:token=firmware;object=fw-p256?module-path=" + MODULE + "&pin-value=" + pin;
        String warning = "Warning: the PIN is written in the PKCS#11 URI (pin-value): other users see it in the "
                + "process list and it stays in the shell's history; use pin-source=env:NAME or pin-source=file:PATH\n";
        Path out = tmp.resolve("out.bin");
        for (Vectors.Run run : List.of(Vectors.runCli("getpub", "-k", uri), sign("-k", uri, firmware.toString(),
                out.toString()))) {
            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(warning, run.stderr());
        }
        assertTrue(Files.exists(out));
        // without a token to reach, the warning still comes first and once, then the one error
        Vectors.Run failed = Vectors.runCli("getpub", "-k", "pkcs11:token=no-such-token;object=k?module-path="
                + MODULE + "&pin-value=" + pin);
        assertEquals(1, failed.exitCode());
        assertTrue(failed.stderr().startsWith(warning + "Error: "), failed.stderr());
        assertEquals(1, failed.stderr().lines().filter(l -> l.startsWith("Error: ")).count(), failed.stderr());
        assertFalse(failed.stderr().contains(pin), failed.stderr());
    }

    /** A file name with a tab and an umlaut: valid JSON, as Python's json.dumps writes it (ensure_ascii). */
    @Test
    void dumpinfoJsonOfAnOddFileNameIsWhatImgtoolWrites() throws Exception {
        Path image = Files.copy(Vectors.path("cases/ed25519-basic/signed.bin"), tmp.resolve("fw\t\u00e4.bin"));
        Vectors.Run run = Vectors.runCli("dumpinfo", "-f", "json", image.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        // imgtool 2.4.0 on this file, checked once: "filename": "fw\t\u00e4.bin", the rest as for signed.bin
        String expected = Files.readString(Vectors.path("cases/ed25519-basic/dumpinfo.json"))
                .replace("\"filename\": \"signed.bin\"", "\"filename\": \"fw\\t\\u00e4.bin\"");
        assertTrue(expected.contains("\"filename\": \"fw\\t\\u00e4.bin\""));
        assertEquals(expected, run.out());
        assertEquals("fw\t\u00e4.bin", JsonParser.parseString(run.out()).getAsJsonObject().get("filename")
                .getAsString());
    }
}
