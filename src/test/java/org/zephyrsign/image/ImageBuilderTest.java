package org.zephyrsign.image;

import org.zephyrsign.imageset.ImageSetSigner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.crypto.SignatureException;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.vectors.Vectors;

/** The engine used directly, without the CLI: what the mojos and other front ends call. */
class ImageBuilderTest {
    @TempDir
    Path tmp;

    private static ImageSettings.Builder vectorSettings() {
        return ImageSettings.builder().headerSize(0x200).padHeader(true).align(4).slotSize(0x60000)
                .version(ImageVersion.parse("1.0.0"));
    }

    private static PemKeySigner pem(String name) {
        return PemKeySigner.open(Vectors.path("keys/" + name + ".pem"), m -> { });
    }

    @Test
    void engineReproducesImgtoolEd25519ImageByteForByte() {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")),
                vectorSettings().version(ImageVersion.parse("1.2.3+4")).build(), null, pem("ed25519"));
        assertArrayEquals(Vectors.bytes("cases/ed25519-basic/signed.bin"), image.toByteArray());
    }

    @Test
    void engineReproducesPaddedConfirmedImage() {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                vectorSettings().version(ImageVersion.parse("2.0.0")).pad(true).confirm(true).build(), null,
                pem("ed25519"));
        assertArrayEquals(Vectors.bytes("cases/ed25519-confirm/signed.bin"), image.toByteArray());
    }

    @Test
    void everyPemAlgorithmSignsImagesThatVerify() {
        for (String key : new String[] {"ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072"}) {
            PemKeySigner signer = pem(key);
            SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                    vectorSettings().build(), null, signer);
            ImageVerifier.Result r = ImageVerifier.verify(ImageReader.parse(image.toByteArray(), key), signer.publicKey(), null);
            assertTrue(r.ok(), key + ": " + r.reason());
        }
    }

    @Test
    void aSignerReturningAWrongSignatureIsCaughtBeforeAnythingIsWritten() {
        PemKeySigner real = pem("ecdsa-p256");
        ImageSigner liar = new ImageSigner() {
            @Override
            public McubootPublicKey publicKey() {
                return real.publicKey();
            }

            @Override
            public byte[] sign(SigningRequest request) {
                byte[] other = request.digest();
                other[0] ^= 1; // signs something else than what was asked
                return real.sign(new SigningRequest(request.algorithm(), request.hash(), other, other, false));
            }

            @Override
            public String description() {
                return "a faulty HSM";
            }
        };
        SignatureException e = assertThrows(SignatureException.class, () -> ImageSetSigner.sign(
                Firmware.read(Vectors.path("inputs/app-4k.bin")), vectorSettings().build(), null, liar));
        assertTrue(e.getMessage().contains("the signature from a faulty HSM does not verify"), e.getMessage());
    }

    @Test
    void ecdsaSignaturesAreAcceptedRawOrDer() {
        PemKeySigner signer = pem("ecdsa-p384");
        UnsignedImage unsigned = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                vectorSettings().build(), signer.publicKey(), null);
        byte[] der = signer.sign(unsigned.signingRequest());
        byte[] raw = SignatureCodec.rawFromDer(der, 48);
        assertEquals(96, raw.length);
        assertArrayEquals(unsigned.withSignature(der, "der").toByteArray(),
                unsigned.withSignature(raw, "raw").toByteArray());
    }

    /** imgtool hashes P-384 phase one with SHA-256 unless told; given the key, we pick SHA-384. */
    @Test
    void twoPhaseWithTheKeyInPhaseOneGetsTheHashRightForP384() {
        McubootPublicKey pub = PemKeys.publicKey(Vectors.path("keys/ecdsa-p384.pub.pem"));
        UnsignedImage unsigned = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                vectorSettings().build(), pub, null);
        assertEquals(48, unsigned.vector(UnsignedImage.Vector.DIGEST).length);
        byte[] signature = pem("ecdsa-p384").sign(unsigned.signingRequest());
        SignedImage image = unsigned.withSignature(signature, "offline");
        assertTrue(ImageVerifier.verify(ImageReader.parse(image.toByteArray(), "x"), pub, null).ok());
    }

    /** imgtool's two-phase boot record holds zeros for the key hash and fails; with the key it is right. */
    @Test
    void twoPhaseWithBootRecordVerifies() {
        McubootPublicKey pub = PemKeys.publicKey(Vectors.path("keys/ed25519.pub.pem"));
        ImageSettings settings = vectorSettings().bootRecord("SPE").version(ImageVersion.parse("1.2.0")).build();
        UnsignedImage phase1 = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-small.bin")), settings, pub, null);
        byte[] signature = pem("ed25519").sign(phase1.signingRequest());
        UnsignedImage phase2 = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-small.bin")), settings, pub, null);
        byte[] image = phase2.withSignature(signature, "offline").toByteArray();
        assertArrayEquals(Vectors.bytes("cases/ed25519-boot-record/signed.bin"), image);
    }

    @Test
    void slotSizeErrorSaysByHowMuchAndWritesNothing() {
        Path out = tmp.resolve("out.bin");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> ImageSetSigner.sign(
                Firmware.read(Vectors.path("inputs/app-100k.bin")), vectorSettings().slotSize(0x10000).build(), null,
                pem("ed25519")).save(out, null));
        assertEquals(ImageOption.SLOT_SIZE, e.option());
        assertTrue(e.problem().matches(".*exceeds requested size 0x10000 by \\d+ bytes"), e.problem());
        assertFalse(Files.exists(out));
    }

    @Test
    void hexOutputWithoutAddressLeavesNoFile() throws Exception {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")),
                vectorSettings().build(), null, null);
        Path out = tmp.resolve("out.hex");
        assertThrows(InvalidOptionException.class, () -> image.save(out, null));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
    }
}
