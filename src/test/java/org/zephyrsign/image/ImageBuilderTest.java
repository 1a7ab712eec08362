package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.Openssl;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.crypto.SignatureException;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.DetachedSigner;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.vectors.Vectors;

/** The engine used directly, without the CLI: what the mojos and other front ends call. */
class ImageBuilderTest {
    @TempDir
    Path tmp;

    private static PemKeySigner pem(String name) {
        return PemKeySigner.open(Vectors.path("keys/" + name + ".pem"), m -> { });
    }

    @Test
    void engineReproducesImgtoolEd25519ImageByteForByte() {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")),
                Settings.vector("-v", "1.2.3+4"), pem("ed25519"));
        assertArrayEquals(Vectors.bytes("cases/ed25519-basic/signed.bin"), image.toByteArray());
    }

    @Test
    void engineReproducesPaddedConfirmedImage() {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                Settings.vector("-v", "2.0.0", "--pad", "--confirm"), pem("ed25519"));
        assertArrayEquals(Vectors.bytes("cases/ed25519-confirm/signed.bin"), image.toByteArray());
    }

    @Test
    void everyPemAlgorithmSignsImagesThatOurVerifierAndOpensslAccept() throws Exception {
        for (String key : new String[] {"ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072"}) {
            PemKeySigner signer = pem(key);
            SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                    Settings.vector(), signer);
            byte[] bytes = image.toByteArray();
            ImageVerifier.Result r = ImageVerifier.verify(ImageReader.parse(bytes, key), signer.publicKey(), null);
            assertTrue(r.ok(), key + ": " + r.reason());
            Openssl.acceptsImage(bytes, ImageReader.parse(bytes, key), signer.publicKey(), tmp);
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
                Firmware.read(Vectors.path("inputs/app-4k.bin")), Settings.vector(), liar));
        assertTrue(e.getMessage().contains("the signature from a faulty HSM does not verify"), e.getMessage());
    }

    @Test
    void ecdsaSignaturesAreAcceptedRawOrDer() {
        PemKeySigner signer = pem("ecdsa-p384");
        UnsignedImage unsigned = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-4k.bin")),
                Settings.vector(), signer.publicKey());
        byte[] der = signer.sign(unsigned.signingRequest());
        byte[] raw = SignatureCodec.rawFromDer(der, 48);
        assertEquals(96, raw.length);
        assertArrayEquals(unsigned.withSignature(der, "der").toByteArray(),
                unsigned.withSignature(raw, "raw").toByteArray());
    }

    /**
     * Two-phase signing as users do it: phase one hands out the digest, a signature file comes back,
     * and phase two signs through the detached signer. imgtool hashes P-384 phase one with SHA-256
     * unless told; given the key, we pick SHA-384.
     */
    @Test
    void twoPhaseWithTheKeyInPhaseOneGetsTheHashRightForP384() throws Exception {
        Path publicKey = Vectors.path("keys/ecdsa-p384.pub.pem");
        UnsignedImage phase1 = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-4k.bin")), Settings.vector(),
                PemKeys.publicKey(publicKey));
        assertEquals(48, phase1.vector(UnsignedImage.Vector.DIGEST).length);
        Path signature = Files.write(tmp.resolve("signature.der"), pem("ecdsa-p384").sign(phase1.signingRequest()));
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), Settings.vector(),
                DetachedSigner.open(publicKey, signature));
        assertTrue(ImageVerifier.verify(ImageReader.parse(image.toByteArray(), "x"), PemKeys.publicKey(publicKey),
                null).ok());
    }

    /** imgtool's two-phase boot record holds zeros for the key hash and fails; with the key it is right. */
    @Test
    void twoPhaseWithBootRecordVerifies() throws Exception {
        Path publicKey = Vectors.path("keys/ed25519.pub.pem");
        ImageSettings settings = Settings.vector("--boot-record", "SPE", "-v", "1.2.0");
        UnsignedImage phase1 = ImageBuilder.build(Firmware.read(Vectors.path("inputs/app-small.bin")), settings,
                PemKeys.publicKey(publicKey));
        Path signature = Files.write(tmp.resolve("signature.bin"), pem("ed25519").sign(phase1.signingRequest()));
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")), settings,
                DetachedSigner.open(publicKey, signature));
        assertArrayEquals(Vectors.bytes("cases/ed25519-boot-record/signed.bin"), image.toByteArray());
    }

    @Test
    void slotSizeErrorNamesTheOptionAndSaysByHowMuch() {
        Path out = tmp.resolve("out.bin");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> ImageSetSigner.sign(
                Firmware.read(Vectors.path("inputs/app-100k.bin")), Settings.vector("-S", "0x10000"), pem("ed25519")));
        assertEquals(ImageOption.SLOT_SIZE, e.option());
        assertTrue(e.getMessage().matches("-S/--slot-size: .*exceeds requested size 0x10000 by \\d+ bytes"),
                e.getMessage());
    }

    @Test
    void hexOutputWithoutAddressIsRefusedBeforeAnythingIsWritten() throws Exception {
        SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-small.bin")),
                Settings.vector(), null);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> image.checkWritable(tmp.resolve("out.hex")));
        assertEquals(ImageOption.HEX_ADDR, e.option());
    }
}
