package org.zephyrsign.imageset;

import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageBuilder;
import org.zephyrsign.image.ImageEncryption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.UnsignedImage;
import org.zephyrsign.signer.ImageSigner;

/**
 * Makes signed images: builds each one for the signer's public key, asks the signer for the
 * signature, and assembles the image only once the signature verifies against that key, so a
 * signer that answers wrongly is caught before anything is written.
 */
public final class ImageSetSigner {
    private ImageSetSigner() {
    }

    /**
     * One image, in memory; nothing is written.
     *
     * @param signer the signer, or null for an unsigned image (hash TLV only)
     * @param encryption how to encrypt, or null
     */
    public static SignedImage sign(Firmware firmware, ImageSettings settings, ImageEncryption encryption,
            ImageSigner signer) {
        if (signer == null) {
            return ImageBuilder.build(firmware, settings, null, encryption).withoutSignature();
        }
        UnsignedImage unsigned = ImageBuilder.build(firmware, settings, signer.publicKey(), encryption);
        return unsigned.withSignature(signer.sign(unsigned.signingRequest()), signer.description());
    }
}
