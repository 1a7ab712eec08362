package org.zephyrsign.imageset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.Settings;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.vectors.Vectors;

/** What is written is read back and verified as MCUboot will, by the CLI and zephyr:sign alike. */
class ImageSetSignerTest {
    @TempDir
    Path tmp;

    private final ImageSettings settings = Settings.vector();

    @Test
    void aWrittenImageThatVerifiesStays() throws Exception {
        try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ed25519.pem"), SignerLog.NONE)) {
            SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), settings, signer);
            Path out = tmp.resolve("out.bin");
            Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
            files.put(out, o -> image.write(o, out));
            ImageSetSigner.writeVerified(files, Map.of(out, settings), signer.publicKey());
            assertTrue(Files.size(out) > 4096);
        }
    }

    @Test
    void anImageThatDoesNotVerifyOnTheDiskReplacesNothing() throws Exception {
        try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ed25519.pem"), SignerLog.NONE)) {
            SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), settings, signer);
            byte[] damaged = image.toByteArray();
            damaged[0x300] ^= 1; // a payload bit flipped on its way to the disk
            Path out = Files.writeString(tmp.resolve("out.bin"), "the previous image");
            Path sig = tmp.resolve("out.sig");
            Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
            files.put(out, o -> o.write(damaged));
            files.put(sig, o -> o.write(image.signature()));
            ZephyrSignException e = assertThrows(ZephyrSignException.class,
                    () -> ImageSetSigner.writeVerified(files, Map.of(out, settings), signer.publicKey()));
            assertTrue(e.getMessage().startsWith("the image written for " + out + " does not verify: image has an "
                    + "invalid hash: SHA256 TLV holds "), e.getMessage());
            assertTrue(e.getMessage().endsWith("; no output was changed"), e.getMessage());
            assertEquals("the previous image", Files.readString(out));
            assertFalse(Files.exists(sig));
            try (var left = Files.list(tmp)) {
                assertEquals(List.of(out), left.toList(), "no temporary file left behind");
            }
        }
    }

    @Test
    void anImageIsVerifiedInTheFormItsNameAsksFor() throws Exception {
        try (PemKeySigner signer = PemKeySigner.open(Vectors.path("keys/ed25519.pem"), SignerLog.NONE)) {
            ImageSettings hex = Settings.vector("-x", "0x10000");
            SignedImage image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), hex, signer);
            Path out = tmp.resolve("out.hex");
            Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
            files.put(out, o -> image.write(o, out));
            ImageSetSigner.writeVerified(files, Map.of(out, hex), signer.publicKey());
            assertTrue(Files.readString(out).startsWith(":"));
        }
    }
}
