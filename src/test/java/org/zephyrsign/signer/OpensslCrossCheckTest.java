package org.zephyrsign.signer;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zephyrsign.Openssl;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.Settings;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.pkcs11.Pkcs11SignerBackend;
import org.zephyrsign.vectors.Vectors;

/**
 * An independent check of our images: OpenSSL (the library under imgtool's Python cryptography)
 * recomputes the hash over the image and verifies the signature TLV, for PEM keys and for keys in
 * the SoftHSM2 token (whose raw ECDSA signatures our codec turns into DER).
 */
class OpensslCrossCheckTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pem:ed25519", "pem:ecdsa-p256", "pem:ecdsa-p384", "pem:rsa-2048", "pem:rsa-3072",
        "hsm:fw-ed25519", "hsm:fw-p256", "hsm:fw-p384", "hsm:fw-rsa2048", "hsm:fw-rsa3072"})
    void opensslAcceptsOurImages(String key) throws Exception {
        try (ImageSigner signer = signer(key)) {
            ImageSettings settings = Settings.vector("-v", "1.2.3");
            byte[] image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), settings,
                    signer).toByteArray();
            Openssl.acceptsImage(image, ImageReader.parse(image, key), signer.publicKey(), tmp);
        }
    }

    private static ImageSigner signer(String key) {
        String name = key.substring(4);
        if (key.startsWith("pem:")) {
            return PemKeySigner.open(Vectors.path("keys/" + name + ".pem"), m -> { });
        }
        SignerConfig c = new SignerConfig(new Pkcs11SignerBackend(), Map.of("library", System.getProperty("softhsm.module", "/usr/lib/softhsm/libsofthsm2.so"), "token",
                "firmware", "keyLabel", name, "pin", "env:ZEPHYR_TEST_PIN"), new SignerConfig.Context(n -> n, Secrets.fromEnvironment(), false,
                Path.of("").toAbsolutePath()));
        return c.backend().open(c, m -> { });
    }
}
