package org.zephyrsign.signer;

import org.zephyrsign.signer.pkcs11.Pkcs11SignerBackend;
import org.zephyrsign.imageset.ImageSetSigner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.image.ImageBuilder;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.Settings;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.Tlv;
import org.zephyrsign.image.TlvType;
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
            ParsedImage parsed = ImageReader.parse(image, key);
            McubootPublicKey pub = signer.publicKey();
            HashAlgorithm hash = pub.algorithm().defaultHash();

            Path hashed = Files.write(tmp.resolve("hashed.bin"), java.util.Arrays.copyOf(image, parsed.tlvOffset()));
            byte[] digest = run("openssl", "dgst", "-" + hash.name().toLowerCase(java.util.Locale.ROOT), "-binary",
                    hashed.toString());
            assertArrayEquals(parsed.find(TlvType.hash(hash)).value(), digest, "hash TLV");

            Path digestFile = Files.write(tmp.resolve("digest.bin"), digest);
            Path sig = Files.write(tmp.resolve("sig.bin"), parsed.find(TlvType.signature(pub.algorithm())).value());
            Path pem = Files.writeString(tmp.resolve("pub.pem"), pub.pem());
            List<String> verify = new ArrayList<>(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                    pem.toString(), "-in", digestFile.toString(), "-sigfile", sig.toString()));
            if (pub.algorithm() == SignatureAlgorithm.ED25519) {
                verify.add("-rawin"); // the digest is the Ed25519 message
            } else {
                verify.addAll(List.of("-pkeyopt", "digest:" + hash.name().toLowerCase(java.util.Locale.ROOT)));
            }
            if (pub.algorithm().isRsa()) {
                verify.addAll(List.of("-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32",
                        "-pkeyopt", "rsa_mgf1_md:sha256"));
            }
            assertEquals("Signature Verified Successfully", new String(run(verify.toArray(String[]::new)),
                    StandardCharsets.UTF_8).strip());
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

    private static byte[] run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return out;
    }
}
