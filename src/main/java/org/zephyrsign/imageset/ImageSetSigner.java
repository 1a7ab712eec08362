package org.zephyrsign.imageset;

import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageBuilder;
import org.zephyrsign.image.ImageFlags;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.image.UnsignedImage;
import org.zephyrsign.signer.ImageSigner;

/**
 * Makes signed images: builds each one for the signer's public key, asks the signer for the
 * signature, and assembles the image only once the signature verifies against that key, so a
 * signer that answers wrongly is caught before anything is written. A whole set is signed in one
 * signer session and written all or none: each image is read back from the disk and verified as
 * the bootloader would before any file replaces what its name held.
 */
public final class ImageSetSigner {
    private ImageSetSigner() {
    }

    /**
     * One image, in memory; nothing is written.
     *
     * @param signer the signer, or null for an unsigned image (hash TLV only)
     */
    public static SignedImage sign(Firmware firmware, ImageSettings settings, ImageSigner signer) {
        UnsignedImage next = ImageBuilder.build(firmware, settings, signer == null ? null : signer.publicKey());
        while (true) {
            SignedImage signed = signer == null ? next.withoutSignature()
                    : next.withSignature(signer.sign(next.signingRequest()), signer.description());
            UnsignedImage followUp = next.followUp(signed);
            if (followUp == null) {
                return signed;
            }
            next = followUp; // a compressed image: signed again, over the compressed bytes
        }
    }

    /** Signatures made earlier, found for a request; empty when none of them is for it. */
    @FunctionalInterface
    public interface KnownSignatures {
        Optional<byte[]> forRequest(SigningRequest request);
    }

    /**
     * Two-phase signing: the first image that still needs a signature, going through the images
     * the known signatures already cover (a compressed image needs the uncompressed image's
     * signature before its own digest exists). When every signature is known, the last image, so
     * running phase one again over a finished ceremony hands out the same request.
     */
    public static UnsignedImage nextToSign(Firmware firmware, ImageSettings settings, McubootPublicKey key,
            KnownSignatures known) {
        UnsignedImage next = ImageBuilder.build(firmware, settings, key);
        while (true) {
            Optional<byte[]> signature = key == null ? Optional.empty() : known.forRequest(next.signingRequest());
            if (signature.isEmpty()) {
                return next;
            }
            UnsignedImage followUp = next.followUp(next.withSignature(signature.get(),
                    "the signature given for phase two"));
            if (followUp == null) {
                return next;
            }
            next = followUp;
        }
    }

    /**
     * Signs every member, writes them all or none, and verifies each written file against the
     * signer's key. A file that does not verify removes the whole set.
     *
     * @param info receives one line per image written
     */
    public static void signAndWrite(ImageSet set, ImageSigner signer, Consumer<String> info) {
        signAndWrite(set, signer, info, null);
    }

    /**
     * {@link #signAndWrite(ImageSet, ImageSigner, Consumer)}, and with the images, all or none, the
     * {@link SigningRecord} that lets a later build see they are up to date.
     *
     * @param record where the record goes, or null for none
     */
    public static void signAndWrite(ImageSet set, ImageSigner signer, Consumer<String> info,
            SigningRecord.Target record) {
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        Map<Path, ImageSettings> images = new LinkedHashMap<>();
        Map<Path, byte[]> written = new HashMap<>();
        for (ImageSetMember m : set.members()) {
            SignedImage image = sign(Firmware.read(m.input()), m.settings(), signer);
            image.checkWritable(m.output());
            files.put(m.output(), out -> {
                // Hashed as it is written, for the record: the image is never held twice.
                DigestOutputStream hashed = new DigestOutputStream(out, HashAlgorithm.SHA256.newDigest());
                image.write(hashed, m.output());
                hashed.flush();
                written.put(m.output(), hashed.getMessageDigest().digest());
            });
            images.put(m.output(), m.settings());
        }
        McubootPublicKey key = signer.publicKey();
        if (record != null) {
            // Last: AtomicFile writes every temporary file in order before it renames any, so the
            // images' hashes are known by then.
            files.put(record.file(), out -> out.write(SigningRecord.content(record, set, key, written)));
        }
        writeVerified(files, images, key);
        for (ImageSetMember m : set.members()) {
            info.accept("Wrote " + m.output() + " (" + key.algorithm() + ", key " + key + "), verified");
        }
    }

    /**
     * Writes {@code files} all or none, reading each of {@code images} (some of those files) back
     * from the disk first and verifying it as MCUboot will: its hash and, given a key, its key TLV
     * and signature. Only when every image verifies do the files replace what their names held;
     * otherwise nothing is changed.
     *
     * @param images the image files among {@code files}, with the settings each was made with
     * @param key the key the images must be signed with, or null for unsigned images (hash only)
     */
    public static void writeVerified(Map<Path, AtomicFile.Content> files, Map<Path, ImageSettings> images,
            McubootPublicKey key) {
        AtomicFile.writeAll(files, written -> {
            for (Map.Entry<Path, ImageSettings> image : images.entrySet()) {
                Path file = image.getKey();
                String problem = verifyWritten(written.get(file), file.getFileName().toString(), image.getValue(),
                        key);
                if (problem != null) {
                    throw new ZephyrSignException("the image written for " + file + " does not verify: " + problem
                            + "; no output was changed");
                }
            }
        });
    }

    /** Reads a written image back as MCUboot will; null when it verifies. */
    static String verifyWritten(ImageSetMember m, McubootPublicKey key) {
        return verifyWritten(m.output(), m.output().getFileName().toString(), m.settings(), key);
    }

    /**
     * Reads a written image back as MCUboot will; null when it verifies.
     *
     * @param name the image's name (its HEX form is told by it), where {@code file} may be a temporary file
     */
    private static String verifyWritten(Path file, String name, ImageSettings settings, McubootPublicKey key) {
        ParsedImage parsed = ImageReader.read(file, name);
        if (settings.get(ImageOption.ENCRYPT) != null && !settings.get(ImageOption.CLEAR)
                && ImageFlags.isEncrypted(parsed.header().flags())) {
            // Its hash covers the plaintext, which only the device's private key recovers; the
            // signature was checked against the plaintext before encryption.
            return null;
        }
        ImageVerifier.Result result = ImageVerifier.verify(parsed, key, null);
        return result.ok() ? null : result.reason();
    }
}
