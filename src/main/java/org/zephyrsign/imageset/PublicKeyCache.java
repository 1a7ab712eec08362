package org.zephyrsign.imageset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;

/**
 * The public key a signer answered with, kept per key identity (what selects the key, never a
 * secret), so goals that only need the public key (exporting it, building the bootloader against
 * it, verifying) do not log in to an HSM or call a key vault again when nothing changed. The same
 * trust as the up-to-date check: a key replaced under the same label is not noticed until the
 * signer is asked again (force, or any signing).
 */
public final class PublicKeyCache {
    private final Path directory;

    /** @param directory where the keys are kept (target/zephyr/sign-state) */
    public PublicKeyCache(Path directory) {
        this.directory = directory;
    }

    /** The key recorded for this identity; empty when there is none or it cannot be read. */
    public Optional<McubootPublicKey> get(String keyIdentity) {
        Path file = file(keyIdentity);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PemKeys.publicKey(file));
        } catch (KeyException unreadable) {
            return Optional.empty(); // ask the signer again; put() replaces it
        }
    }

    public void put(String keyIdentity, McubootPublicKey key) {
        Path file = file(keyIdentity);
        try {
            if (Files.isRegularFile(file) && key.pem().equals(Files.readString(file, StandardCharsets.US_ASCII))) {
                return;
            }
        } catch (IOException rewrite) {
            // unreadable: written again below
        }
        AtomicFile.write(file, key.pem().getBytes(StandardCharsets.US_ASCII));
    }

    /** Where this identity's key is kept. */
    public Path file(String keyIdentity) {
        String id = HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(keyIdentity.getBytes(StandardCharsets.UTF_8)));
        return directory.resolve("public-key-" + id.substring(0, 16) + ".pem");
    }
}
