package org.zephyrsign.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PublishedKeys;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.PublishedImageKey;

/**
 * The command line's word on MCUboot's published development keys: one {@code Warning:} line on
 * stderr. imgtool accepts these keys, so the CLI does too, with imgtool's exit codes and stdout; the
 * Maven goals refuse them unless told otherwise.
 */
final class PublishedKeyWarnings {
    private PublishedKeyWarnings() {
    }

    /** When the signing key given with {@code option} is a published key; nothing for a null key. */
    static void signingKey(PrintStream err, String option, McubootPublicKey key) {
        if (key != null) {
            PublishedKeys.find(key).ifPresent(k -> warn(err, "the key (" + option + ") is " + k.description() + ": "
                    + PublishedKeys.SIGNING_RISK));
        }
    }

    /** When the settings encrypt for a published key. */
    static void encryptionKey(PrintStream err, ImageSettings settings) {
        Path file = settings.get(ImageOption.ENCRYPT);
        if (file != null) {
            PublishedKeys.find(EncryptionKey.fromPem(file)).ifPresent(k -> warn(err, "the encryption key ("
                    + settings.name(ImageOption.ENCRYPT) + ") is " + k.description() + ": "
                    + PublishedKeys.ENCRYPTION_RISK));
        }
    }

    /** When an image's key TLV names a published key (dumpinfo, verify). */
    static void image(PrintStream err, ParsedImage image) {
        PublishedImageKey.of(image).ifPresent(k -> warn(err, image.name() + " names " + k.key().description()
                + " as its signing key (" + k.tlv() + " TLV): " + PublishedKeys.SIGNING_RISK));
    }

    private static void warn(PrintStream err, String message) {
        err.println("Warning: " + message);
    }
}
