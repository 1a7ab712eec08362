package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.vectors.Vectors;

/** Images signed with MCUboot's published keys are recognised by their key TLV, whatever its form. */
class PublishedImageKeyTest {
    private static final Path ROOT_ED25519 = Path.of("src/it/published-key-guard/keys/root-ed25519.pem");
    private static final Path ROOT_EC_P256 = Path.of("src/it/published-key-firmware-packaging/keys/root-ec-p256.pem");

    private static ParsedImage signed(Path key, String... options) {
        PemKeySigner signer = key == null ? null : PemKeySigner.open(key, m -> { });
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")),
                Settings.vector(options), signer);
        return ImageReader.parse(image.toByteArray(), "image.bin");
    }

    private static String found(ParsedImage image) {
        return PublishedImageKey.of(image).map(k -> k.key().name() + " " + k.tlv()).orElse("none");
    }

    @Test
    void theKeyHashOfEachHashAlgorithmAndTheFullKeyNameTheKey() {
        assertEquals("root-ed25519 KEYHASH", found(signed(ROOT_ED25519)));
        assertEquals("root-ed25519 KEYHASH", found(signed(ROOT_ED25519, "--sha", "512")));
        assertEquals("root-ed25519 PUBKEY", found(signed(ROOT_ED25519, "--public-key-format", "full")));
        assertEquals("root-ec-p256 KEYHASH", found(signed(ROOT_EC_P256)));
        assertEquals("root-ec-p256 PUBKEY", found(signed(ROOT_EC_P256, "--public-key-format", "full")));
        ParsedImage image = signed(ROOT_EC_P256);
        assertEquals("its KEYHASH TLV names MCUboot's published root-ec-p256 development key (root-ec-p256.pem)",
                PublishedImageKey.of(image).orElseThrow().description());
    }

    @Test
    void imagesOfOtherKeysAndUnsignedImagesNameNone() {
        assertEquals("none", found(signed(Vectors.path("keys/ed25519.pem"))));
        assertEquals("none", found(signed(Vectors.path("keys/ecdsa-p256.pem"), "--public-key-format", "full")));
        assertEquals("none", found(signed(null)));
        assertEquals(Optional.empty(), PublishedImageKey.of(ImageReader.read(Vectors.path(
                "cases/ed25519-basic/signed.bin"))));
    }
}
