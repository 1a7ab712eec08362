package org.zephyrsign.signer.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.zephyrsign.vectors.Vectors;

/** The CLI with a pkcs11: URI against SoftHSM2, and the messages for token states SoftHSM2 cannot reach. */
class Pkcs11CliAndErrorsTest {
    @TempDir
    Path tmp;

    private static String uri(String object) {
        return "pkcs11:token=firmware;object=" + object + ";type=private?module-path=" + Pkcs11SignerTest.MODULE
                + "&pin-source=env:ZEPHYR_TEST_PIN";
    }

    @ParameterizedTest
    @ValueSource(strings = {"fw-ed25519", "fw-p256", "fw-p384", "fw-rsa2048", "fw-rsa3072"})
    void cliSignsWithTokenKeysAndVerifiesWithTheExportedKey(String key) {
        Path image = tmp.resolve(key + ".bin");
        Path pub = tmp.resolve(key + ".pem");
        Vectors.Run sign = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000",
                "-v", "1.0.0", "-k", uri(key), Vectors.path("inputs/app-4k.bin").toString(), image.toString());
        assertEquals(0, sign.exitCode(), sign.stderr());
        assertEquals(0, Vectors.runCli("getpub", "-e", "pem", "-k", uri(key), "-o", pub.toString()).exitCode());
        Vectors.Run verify = Vectors.runCli("verify", "-k", pub.toString(), image.toString());
        assertEquals(0, verify.exitCode(), verify.stderr());
    }

    @Test
    void cliErrorForAMissingKeyLeavesNoImage() {
        Path image = tmp.resolve("none.bin");
        Vectors.Run sign = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "-S", "0x60000", "-v", "1.0.0",
                "-k", uri("fw-none"), Vectors.path("inputs/app-4k.bin").toString(), image.toString());
        assertEquals(1, sign.exitCode());
        assertTrue(sign.stderr().startsWith("Error: pkcs11 signer: no private key with label 'fw-none'"), sign.stderr());
        assertTrue(!Files.exists(image));
    }

    @Test
    void wrapperNativeLibraryThatCannotBeUnpackedIsOneLine() throws Exception {
        // Its own JVM: ipkcs11wrapper unpacks its JNI library once per JVM, into PKCS11_TEMP_DIR if set.
        Path missing = tmp.resolve("no-such-dir");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DPKCS11_TEMP_DIR=" + missing, "-cp", System.getProperty("java.class.path"),
                "org.zephyrsign.cli.Main", "getpub", "-k", uri("fw-p256")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertEquals("Error: PKCS#11 support could not start: the native part of ipkcs11wrapper did not load (no "
                + "pkcs11wrapper in library path or jar file. Can't copy wrapper native library to local temporary "
                + "directory. Specified local temp directory '" + missing + "' does not exist!); if the temporary "
                + "directory is mounted noexec, set the Java system property PKCS11_TEMP_DIR to a directory that "
                + "allows executables\n", out);
    }

    @Test
    void messagesForLockedPinAndRemovedToken() {
        Path lib = Path.of("/opt/hsm/libhsm.so");
        assertEquals("pkcs11 signer: the user PIN of token 'fw' (/opt/hsm/libhsm.so) is locked (CKR_PIN_LOCKED); the "
                + "security officer must unlock it",
                Pkcs11Signer.failure(new PKCS11Exception(PKCS11Constants.CKR_PIN_LOCKED), "fw", lib).getMessage());
        assertEquals("pkcs11 signer: token 'fw' (/opt/hsm/libhsm.so) was removed or became unreachable during the "
                + "build (CKR_DEVICE_REMOVED)",
                Pkcs11Signer.failure(new PKCS11Exception(PKCS11Constants.CKR_DEVICE_REMOVED), "fw", lib).getMessage());
    }
}
