package org.zephyrsign.signer.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.image.SigningRequest;

/**
 * When the token sessions end: when the front end says the build is over ({@link Pkcs11Signer#closeSessions}),
 * and otherwise at JVM exit, where the plugin's class loader may already be closed.
 */
class Pkcs11SessionsEndTest {
    private static String uri(String pinVariable) {
        return "pkcs11:token=firmware;object=fw-p256?module-path=" + Pkcs11SignerTest.MODULE + "&pin-source=env:"
                + pinVariable;
    }

    private static String probe(String scenario, String pinVariable) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClosedRealmProbe.class.getName(), scenario,
                uri(pinVariable)).redirectErrorStream(true);
        pb.environment().put("ZEPHYR_WRONG_PIN", "0000-wrong-pin");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aFailedLoginPrintsNothingAtExitAfterTheClassLoaderIsClosed() throws Exception {
        // Before: Exception in thread "zephyr-pkcs11-close" java.lang.NoClassDefFoundError: ...Pkcs11Library$LoggedIn
        assertEquals("closed 0\n", probe("failLogin", "ZEPHYR_WRONG_PIN"));
    }

    @Test
    void aSessionStillOpenWhenTheClassLoaderIsClosedIsClosedAtExit() throws Exception {
        assertEquals("closed 1\n", probe("sign", "ZEPHYR_TEST_PIN"));
    }

    @Test
    void closingEndsTheBuildsLoginAndTheNextSignerLogsInAgain() throws Exception {
        List<String> log = new ArrayList<>();
        SignerLog recording = new SignerLog() {
            @Override
            public void warn(String message) {
                log.add(message);
            }

            @Override
            public void info(String message) {
                log.add(message);
            }
        };
        SignerConfig config = Pkcs11SignerTest.config(Map.of("keyLabel", "fw-p256"));
        byte[] digest = HashAlgorithm.SHA256.digest(new byte[] {4, 5, 6});
        Pkcs11Signer.closeSessions(); // what other tests of this JVM left open
        for (int build = 0; build < 2; build++) {
            for (int image = 0; image < 2; image++) {
                try (ImageSigner signer = config.backend().open(config, recording)) {
                    signer.sign(new SigningRequest(signer.publicKey().algorithm(), HashAlgorithm.SHA256, digest,
                            digest, false));
                }
            }
            assertEquals(List.of("token 'firmware' (" + Path.of(Pkcs11SignerTest.MODULE).toRealPath() + ")"),
                    Pkcs11Signer.closeSessions());
            assertEquals(List.of(), Pkcs11Signer.closeSessions());
        }
        // one login per build, two images each
        assertEquals(2, log.stream().filter(m -> m.startsWith("Logged in to PKCS#11 token 'firmware'")).count(),
                String.join("\n", log));
    }
}
