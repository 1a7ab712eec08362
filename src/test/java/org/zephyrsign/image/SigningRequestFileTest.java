package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.signer.SignerLog;

/** Phase two reads what phase one asked for, to say why a signature cannot fit the image as it is now. */
class SigningRequestFileTest {
    private static final Path VECTORS = Path.of("src/test/resources/vectors");
    private static final McubootPublicKey ED25519 = PemKeys.publicKey(VECTORS.resolve("keys/ed25519.pub.pem"));
    private static final McubootPublicKey P256 = PemKeys.publicKey(VECTORS.resolve("keys/ecdsa-p256.pub.pem"));

    /** No signature made yet. */
    private static final Function<SigningRequest, Optional<byte[]>> NONE = request -> Optional.empty();

    @TempDir
    Path tmp;

    private Path request(Firmware firmware, ImageSettings settings, McubootPublicKey key) throws IOException {
        UnsignedImage image = ImageBuilder.build(firmware, settings, key);
        return Files.writeString(tmp.resolve("to-sign.json"),
                SigningRequestFile.json(image, UnsignedImage.Vector.DIGEST, tmp.resolve("to-sign.bin")));
    }

    private static Firmware firmware() {
        return Firmware.read(VECTORS.resolve("inputs/app-4k.bin"));
    }

    @Test
    void whatPhaseOneWroteIsReadBack() throws IOException {
        UnsignedImage image = ImageBuilder.build(firmware(), Settings.vector(), ED25519);
        SigningRequestFile.Request r = SigningRequestFile.read(request(firmware(), Settings.vector(), ED25519));
        assertEquals(HexFormat.of().formatHex(image.digest()), r.imageDigest());
        assertEquals("SHA256", r.hash());
        assertEquals(HexFormat.of().formatHex(org.zephyrsign.crypto.HashAlgorithm.SHA256.digest(
                ED25519.mcubootEncoding())), r.publicKeySha256());
        assertNull(SigningRequestFile.read(request(firmware(), Settings.vector(), null)).publicKeySha256());
    }

    @Test
    void theSameFirmwareAndSettingsFit() throws IOException {
        assertNull(SigningRequestFile.mismatch(request(firmware(), Settings.vector(), ED25519), firmware(),
                Settings.vector(), ED25519, NONE));
        // Made without a key: the digest is compared as phase one made it.
        assertNull(SigningRequestFile.mismatch(request(firmware(), Settings.vector(), null), firmware(),
                Settings.vector(), ED25519, NONE));
    }

    @Test
    void aChangedFirmwareIsNamedWithBothDigests() throws IOException {
        Path file = request(firmware(), Settings.vector(), ED25519);
        String asked = SigningRequestFile.read(file).imageDigest();
        Firmware changed = Firmware.read(VECTORS.resolve("inputs/app-small.bin"));
        String now = HexFormat.of().formatHex(ImageBuilder.build(changed, Settings.vector(), ED25519).digest());
        assertEquals("the firmware or the image settings changed since " + file + " was written: the image digest "
                + "(SHA256) is now " + now + ", the signature was asked for " + asked,
                SigningRequestFile.mismatch(file, changed, Settings.vector(), ED25519, NONE));
    }

    @Test
    void aChangedSettingIsAChangedDigestToo() throws IOException {
        Path file = request(firmware(), Settings.vector(), ED25519);
        String problem = SigningRequestFile.mismatch(file, firmware(), Settings.vector("-s", "7"), ED25519, NONE);
        assertTrue(problem.startsWith("the firmware or the image settings changed since"), problem);
    }

    @Test
    void anotherKeyIsNamed() throws IOException {
        Path file = request(firmware(), Settings.vector(), ED25519);
        String problem = SigningRequestFile.mismatch(file, firmware(), Settings.vector(), P256, NONE);
        assertTrue(problem.startsWith(file + " asks for a signature by another key (public key sha256 "), problem);
        assertTrue(problem.contains("than the signer's " + P256), problem);
    }

    @Test
    void aCompressedImagesSecondRequestFitsOnceTheFirstSignatureIsKnown() throws IOException {
        Firmware compressible = Firmware.read(VECTORS.resolve("inputs/app-compressible.bin"));
        ImageSettings settings = Settings.vector("--compression", "lzma2");
        ImageSigner signer = PemKeySigner.open(VECTORS.resolve("keys/ed25519.pem"), SignerLog.NONE);
        UnsignedImage source = ImageBuilder.build(compressible, settings, ED25519);
        assertTrue(source.isCompressionSource());
        byte[] first = signer.sign(source.signingRequest());
        UnsignedImage compressed = source.followUp(source.withSignature(first, "the test"));
        assertTrue(compressed != null && compressed.isCompressed());
        Path file = Files.writeString(tmp.resolve("to-sign.json"),
                SigningRequestFile.json(compressed, UnsignedImage.Vector.DIGEST, tmp.resolve("to-sign.bin")));
        Function<SigningRequest, Optional<byte[]>> knowsTheFirst = r -> java.util.Arrays.equals(r.message(),
                source.signingRequest().message()) ? Optional.of(first) : Optional.empty();
        assertNull(SigningRequestFile.mismatch(file, compressible, settings, ED25519, knowsTheFirst));
        // The firmware changed: the first signature no longer fits, and the digest now is the first image's.
        byte[] other = Files.readAllBytes(VECTORS.resolve("inputs/app-compressible.bin"));
        other[600] ^= 1;
        Firmware changed = Firmware.read(Files.write(tmp.resolve("changed.bin"), other));
        String problem = SigningRequestFile.mismatch(file, changed, settings, ED25519, knowsTheFirst);
        assertTrue(problem.contains("is now " + HexFormat.of().formatHex(ImageBuilder.build(changed, settings,
                ED25519).digest()) + ", the signature was asked for " + HexFormat.of().formatHex(compressed.digest())),
                problem);
    }

    @Test
    void jsonEscapesAreRead() throws IOException {
        Path file = Files.writeString(tmp.resolve("escaped.json"), "{\"format\": \"" + SigningRequestFile.FORMAT
                + "\", \"vectorFile\": \"t\\u00e4b\\tx\\\"y\\\\z\", \"n\": 12, \"b\": true, \"imageDigest\": "
                + "\"ab\", \"publicKeySha256\": null}\n");
        assertEquals("ab", SigningRequestFile.read(file).imageDigest());
    }

    @Test
    void anythingElseIsRefusedNamingTheFile() throws IOException {
        for (String text : new String[] {"", "{", "{\"format\": \"zephyrsign-signing-request/1\"", "[1]",
                "{\"format\": \"other/1\", \"imageDigest\": \"ab\"}", "{\"format\": \"x\\q\"}",
                "{\"imageDigest\": \"ab\"} trailing"}) {
            Path file = Files.writeString(tmp.resolve("bad.json"), text);
            ZephyrSignException e = assertThrows(ZephyrSignException.class, () -> SigningRequestFile.read(file), text);
            assertTrue(e.getMessage().startsWith("the signing request " + file + " is not"), e.getMessage());
        }
        assertEquals("cannot read the signing request " + tmp.resolve("missing.json"), assertThrows(
                ZephyrSignException.class, () -> SigningRequestFile.read(tmp.resolve("missing.json"))).getMessage());
    }
}
