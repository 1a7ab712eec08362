package org.zephyrsign.signer.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zephyrsign.Openssl;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.Settings;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.vectors.Vectors;

/**
 * Signing through a real PKCS#11 token: SoftHSM2, with keys generated inside it as sensitive and
 * never extractable (src/test/scripts/softhsm-token.sh, run by the build before the tests; the
 * build points SOFTHSM2_CONF at it and passes the PIN as ZEPHYR_TEST_PIN).
 */
class Pkcs11SignerTest {
    static final String MODULE = System.getProperty("softhsm.module", "/usr/lib/softhsm/libsofthsm2.so");

    @TempDir
    Path tmp;

    static SignerConfig config(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("library", MODULE, "token", "firmware", "pin", "env:ZEPHYR_TEST_PIN"));
        p.putAll(extra);
        p.values().removeIf(v -> v.isEmpty());
        return new SignerConfig(new Pkcs11SignerBackend(), p, new SignerConfig.Context(name -> "<signer><" + name + ">", Secrets.fromEnvironment(), false,
                Path.of("").toAbsolutePath()));
    }

    static ImageSigner open(Map<String, String> extra) {
        SignerConfig c = config(extra);
        return c.backend().open(c, m -> { });
    }

    @ParameterizedTest
    @CsvSource({"fw-ed25519,ED25519", "fw-p256,ECDSA_P256", "fw-p384,ECDSA_P384", "fw-rsa2048,RSA_2048",
        "fw-rsa3072,RSA_3072"})
    void signsEveryAlgorithmAndTheImageVerifiesWithTheTokensPublicKey(String label, SignatureAlgorithm algorithm) {
        try (ImageSigner signer = open(Map.of("keyLabel", label))) {
            assertEquals(algorithm, signer.publicKey().algorithm());
            ImageSettings settings = Settings.vector();
            SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), settings, signer);
            ImageVerifier.Result r = ImageVerifier.verify(ImageReader.parse(image.toByteArray(), label),
                    signer.publicKey(), null);
            assertTrue(r.ok(), r.reason());
        }
    }

    @Test
    void theTokensPublicKeyRoundTripsThroughDerAndPem() {
        try (ImageSigner signer = open(Map.of("keyLabel", "fw-ed25519", "keyId", "01"))) {
            McubootPublicKey fromPem = McubootPublicKey.fromDer(signer.publicKey().subjectPublicKeyInfo()
                    .getEncoded());
            assertEquals(signer.publicKey(), fromPem);
            assertTrue(signer.publicKey().pem().startsWith("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2Vw"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void uriFormSelectsTheSameKey() {
        String uri = "pkcs11:token=firmware;object=fw-p256;id=%02;type=private?module-path=" + MODULE
                + "&pin-source=env:ZEPHYR_TEST_PIN";
        SignerConfig c = new SignerConfig(new Pkcs11SignerBackend(), Map.of("uri", uri), new SignerConfig.Context(n -> n, Secrets.fromEnvironment(), false,
                Path.of("").toAbsolutePath()));
        try (ImageSigner viaUri = c.backend().open(c, m -> { }); ImageSigner viaParams = open(Map.of("keyLabel", "fw-p256"))) {
            assertEquals(viaParams.publicKey(), viaUri.publicKey());
        }
    }

    /** The key zephyr:pubkey exports for the bootloader, without signing, is the one the token signs with. */
    @Test
    void publicKeyExportedWithoutSigningVerifiesWhatTheTokenSigns() throws Exception {
        SignerConfig c = config(Map.of("keyLabel", "fw-p384"));
        McubootPublicKey exported = c.backend().publicKey(c, m -> { });
        assertEquals(SignatureAlgorithm.ECDSA_P384, exported.algorithm());
        byte[] digest = HashAlgorithm.SHA384.digest("firmware".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] signature;
        try (ImageSigner signer = open(Map.of("keyLabel", "fw-p384"))) {
            signature = SignatureCodec.toTlvValue(exported.algorithm(), signer.sign(new SigningRequest(
                    exported.algorithm(), HashAlgorithm.SHA384, digest, digest, false)));
        }
        Openssl.verifiesDigestSignature(exported, HashAlgorithm.SHA384, digest, signature, tmp);
    }

    private static String failure(Map<String, String> extra) {
        return assertThrows(SignerException.class, () -> open(extra).close()).getMessage();
    }

    @Test
    void moduleNotFound() {
        assertEquals("PKCS#11 library /nonexistent/libhsm.so not found; install the HSM vendor's module or correct "
                + "the module path", failure(Map.of("library", "/nonexistent/libhsm.so", "keyLabel", "fw-p256")));
    }

    @Test
    void moduleNotLoadable() throws Exception {
        Path notALibrary = Files.writeString(tmp.resolve("libfake.so"), "not an ELF file");
        assertEquals("PKCS#11 library " + notALibrary + " is not a shared library (no ELF header); give the path of "
                + "the HSM vendor's PKCS#11 module (.so)",
                failure(Map.of("library", notALibrary.toString(), "keyLabel", "fw-p256")));
    }

    @Test
    void noSuchToken() {
        String m = failure(Map.of("token", "nope", "keyLabel", "fw-p256"));
        assertTrue(m.startsWith("pkcs11 signer: no token 'nope' in "), m);
        assertTrue(m.contains("tokens present: 'firmware'"), m);
    }

    @Test
    void noSuchKeyListsTheKeysThere() {
        String m = failure(Map.of("keyLabel", "fw-missing"));
        assertTrue(m.startsWith("pkcs11 signer: no private key with label 'fw-missing' on token 'firmware'; keys "
                + "there: "), m);
        assertTrue(m.contains("'fw-p256' (id 02)"), m);
    }

    @Test
    void twoKeysMatch() {
        assertEquals("pkcs11 signer: 2 private keys match label 'fw-twice' on token 'firmware'; add the key id to "
                + "pick one", failure(Map.of("keyLabel", "fw-twice")));
        try (ImageSigner one = open(Map.of("keyLabel", "fw-twice", "keyId", "11"))) {
            assertEquals(SignatureAlgorithm.ECDSA_P256, one.publicKey().algorithm());
        }
    }

    @Test
    void keyTypeDoesNotMatchTheRequestedAlgorithm() {
        assertEquals("pkcs11 signer: key label 'fw-rsa2048' on token 'firmware' is RSA_2048, but ED25519 was "
                + "requested", failure(Map.of("keyLabel", "fw-rsa2048", "algorithm", "ed25519")));
    }

    @Test
    void wrongPinIsNamedAndNotPrinted() {
        // Asked after other tests logged in: a different PIN must force a new login, which fails.
        String m = assertThrows(SignerException.class, () -> {
            SignerConfig c = new SignerConfig(new Pkcs11SignerBackend(), Map.of("library", MODULE, "token", "firmware",
                    "keyLabel", "fw-p256", "pin", "file:" + Files.writeString(tmp.resolve("pin"), "0000-wrong-pin")), new SignerConfig.Context(n -> "<signer><" + n + ">", Secrets.fromEnvironment(), false,
                Path.of("").toAbsolutePath()));
            c.backend().open(c, x -> { }).close();
        }).getMessage();
        assertTrue(m.startsWith("pkcs11 signer: wrong PIN for token 'firmware'"), m);
        assertFalse(m.contains("0000-wrong-pin"), m);
    }

    @Test
    void aPinWrittenIntoTheBuildFileIsRefused() {
        // Maven has printed the POM's configuration (mvn -X) before the plugin can refuse: the PIN is out.
        String disclosed = "A PIN written in a build file must be treated as disclosed (Maven prints the plugin "
                + "configuration with -X, before any plugin can refuse it): change it on the token";
        assertEquals("<signer><pin> must be a reference (env:NAME or file:PATH), not the secret itself; secrets do "
                + "not belong in build files. " + disclosed, failure(Map.of("pin", "1234", "keyLabel", "fw-p256")));
        String uri = "pkcs11:token=firmware;object=fw-p256?module-path=" + MODULE + "&pin-value=1234";
        String m = failure(Map.of("uri", uri, "pin", "", "library", "", "token", ""));
        assertEquals("pkcs11 signer: the URI's pin-value puts the PIN in the build file; use <signer><serverId> (a "
                + "settings.xml server) or <signer><pin> (env:NAME or file:PATH). " + disclosed, m);
        // Refused even when another PIN source is set: the PIN in the URI is in the POM all the same.
        m = failure(Map.of("uri", uri, "library", "", "token", ""));
        assertTrue(m.startsWith("pkcs11 signer: the URI's pin-value puts the PIN in the build file"), m);
        assertFalse(m.contains("1234"), m);
    }

    /** The PEM file the plugin writes for the bootloader build lets OpenSSL verify images the token signed. */
    @Test
    void pemExportedPublicKeyVerifiesTokenSignatures() throws Exception {
        Path pem;
        byte[] image;
        try (ImageSigner signer = open(Map.of("keyLabel", "fw-ed25519"))) {
            pem = Files.writeString(tmp.resolve("fw.pub.pem"), signer.publicKey().pem());
            image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), Settings.vector(), signer)
                    .toByteArray();
        }
        Openssl.acceptsImage(image, ImageReader.parse(image, "token-signed"), PemKeys.publicKey(pem), tmp);
    }

    /** What a signing record says about a token key: its URI without PIN, and that it never left the token. */
    @Test
    void theKeyFactsComeFromTheTokensAttributes() {
        try (ImageSigner signer = open(Map.of("keyLabel", "fw-ed25519"))) {
            org.zephyrsign.signer.KeyFacts facts = signer.keyFacts();
            assertEquals("pkcs11:token=firmware;object=fw-ed25519;id=%01;type=private", facts.keyReference());
            // softhsm-token.sh generates every key on the token with --sensitive, not --extractable
            assertEquals(Boolean.TRUE, facts.nonExtractable());
            assertEquals(Boolean.TRUE, facts.neverExtractable());
            assertEquals("false", facts.attributes().get("CKA_EXTRACTABLE"));
            assertEquals("true", facts.attributes().get("CKA_SENSITIVE"));
            assertEquals("true", facts.attributes().get("CKA_NEVER_EXTRACTABLE"));
            assertEquals("true", facts.attributes().get("CKA_ALWAYS_SENSITIVE"));
            assertEquals("firmware", facts.attributes().get("token"));
            assertEquals("SoftHSM project", facts.attributes().get("tokenManufacturer"));
            assertFalse(facts.toString().contains(System.getenv("ZEPHYR_TEST_PIN")), "no PIN");
        }
    }
}
