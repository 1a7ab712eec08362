package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.vectors.Vectors;

/**
 * Images signed for MCUboot's published keys are recognised by their key TLV, whatever its form. The
 * project holds no published private key: such images are images of the vectors' own keys whose key
 * TLV names the published key instead ({@link PublishedKeyImages}).
 */
class PublishedImageKeyTest {
    private static final Path OWN_ED25519 = Vectors.path("keys/ed25519.pem");
    private static final Path OWN_EC_P256 = Vectors.path("keys/ecdsa-p256.pem");
    /** The image published-key-guard's zephyr:verify refuses; its README says how it was made. */
    private static final Path IT_IMAGE = Path.of("src/it/published-key-guard/images/names-root-ed25519.bin");

    private static byte[] signedBytes(Path key, String... options) {
        PemKeySigner signer = key == null ? null : PemKeySigner.open(key, m -> { });
        return ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")), Settings.vector(options),
                signer).toByteArray();
    }

    private static ParsedImage signed(Path key, String... options) {
        return ImageReader.parse(signedBytes(key, options), "image.bin");
    }

    /** Signed with {@code key}, then its key TLV made to name the published key {@code name}. */
    private static ParsedImage naming(String name, Path key, String... options) {
        return ImageReader.parse(PublishedKeyImages.naming(signedBytes(key, options),
                PublishedKeyImages.published(name)), "image.bin");
    }

    private static String found(ParsedImage image) {
        return PublishedImageKey.of(image).map(k -> k.key().name() + " " + k.tlv()).orElse("none");
    }

    @Test
    void theKeyHashOfEachHashAlgorithmAndTheFullKeyNameTheKey() {
        assertEquals("root-ed25519 KEYHASH", found(naming("root-ed25519", OWN_ED25519)));
        assertEquals("root-ed25519 KEYHASH", found(naming("root-ed25519", OWN_ED25519, "--sha", "512")));
        assertEquals("root-ed25519 PUBKEY", found(naming("root-ed25519", OWN_ED25519, "--public-key-format", "full")));
        assertEquals("root-ec-p256 KEYHASH", found(naming("root-ec-p256", OWN_EC_P256)));
        assertEquals("root-ec-p256 PUBKEY", found(naming("root-ec-p256", OWN_EC_P256, "--public-key-format", "full")));
        ParsedImage image = naming("root-ec-p256", OWN_EC_P256);
        assertEquals("its KEYHASH TLV names MCUboot's published root-ec-p256 development key (root-ec-p256.pem)",
                PublishedImageKey.of(image).orElseThrow().description());
    }

    @Test
    void imagesOfOtherKeysAndUnsignedImagesNameNone() {
        assertEquals("none", found(signed(OWN_ED25519)));
        assertEquals("none", found(signed(OWN_EC_P256, "--public-key-format", "full")));
        assertEquals("none", found(signed(null)));
        assertEquals(Optional.empty(), PublishedImageKey.of(ImageReader.read(Vectors.path(
                "cases/ed25519-basic/signed.bin"))));
    }

    @Test
    void anImageNamingAPublishedKeyKeepsItsHashAndVerifiesAgainstNoKey() {
        byte[] own = signedBytes(OWN_ED25519, "--public-key-format", "full");
        ParsedImage image = naming("root-ed25519", OWN_ED25519, "--public-key-format", "full");
        McubootPublicKey root = McubootPublicKey.fromSubjectPublicKeyInfo(
                PublishedKeyImages.published("root-ed25519").subjectPublicKeyInfo());
        assertEquals("signature does not verify against " + root, ImageVerifier.verify(image, root, null).reason());
        assertEquals("the image's PUBKEY TLV holds another key than " + PemKeys.publicKey(OWN_ED25519),
                ImageVerifier.verify(image, PemKeys.publicKey(OWN_ED25519), null).reason());
        assertEquals(own.length, image.bytes().length);
        assertArrayEquals(ImageReader.parse(own, "own").find(TlvType.SHA256).value(), image.find(TlvType.SHA256).value());
    }

    /**
     * published-key-guard's image is what its README says: the vectors' Ed25519 key signed it, then its
     * KEYHASH was made root-ed25519's. Put the own key's hash back and it verifies.
     */
    @Test
    void theItsImageIsAnImageOfOurOwnKeyWhoseKeyHashNamesRootEd25519() throws Exception {
        ParsedImage image = ImageReader.read(IT_IMAGE);
        assertEquals("root-ed25519 KEYHASH", found(image));
        McubootPublicKey own = PemKeys.publicKey(OWN_ED25519);
        byte[] restored = PublishedKeyImages.replaced(Files.readAllBytes(IT_IMAGE), image, TlvType.KEYHASH,
                own.keyHash(HashAlgorithm.SHA256));
        ImageVerifier.Result result = ImageVerifier.verify(ImageReader.parse(restored, "restored"), own, null);
        assertTrue(result.ok(), result.reason());
        assertEquals("1.0.0+0", result.version().toString());
    }
}
