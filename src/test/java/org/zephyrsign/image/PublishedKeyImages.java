package org.zephyrsign.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PublishedKeys;
import org.zephyrsign.crypto.PublishedKeys.PublishedKey;

/**
 * Images that name one of MCUboot's published keys, made without its private half (which the project
 * must not hold): an image signed with a key of our own, whose key TLV (KEYHASH or PUBKEY, in the
 * unprotected area the hash does not cover) is replaced by the published key's. The hash still
 * checks; only the signature does not verify against either key. Enough for the checks that must
 * refuse such an image before its signature is looked at.
 */
public final class PublishedKeyImages {
    private PublishedKeyImages() {
    }

    /** {@code image} (signed with any key) with its key TLV naming {@code key} instead. */
    public static byte[] naming(byte[] image, PublishedKey key) {
        McubootPublicKey published = McubootPublicKey.fromSubjectPublicKeyInfo(key.subjectPublicKeyInfo());
        ParsedImage parsed = ImageReader.parse(image, "image");
        Tlv keyHash = parsed.find(TlvType.KEYHASH);
        if (keyHash != null) {
            HashAlgorithm hash = HashAlgorithm.ofBits(keyHash.length() * 8);
            return replaced(image, parsed, TlvType.KEYHASH, published.keyHash(hash));
        }
        return replaced(image, parsed, TlvType.PUBKEY, published.mcubootEncoding());
    }

    /** The published key of this name. */
    public static PublishedKey published(String name) {
        return PublishedKeys.all().stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no published key " + name));
    }

    /** A copy of {@code image} with the value of its first unprotected TLV of {@code type} replaced. */
    static byte[] replaced(byte[] image, ParsedImage parsed, int type, byte[] value) {
        int at = parsed.tlvOffset() + TlvArea.INFO_SIZE;
        for (Tlv t : parsed.tlvs()) {
            if (t.type() == type) {
                if (t.length() != value.length) {
                    throw new IllegalArgumentException(TlvType.name(type) + " holds " + t.length()
                            + " bytes, the replacement " + value.length + ": sign with a key of the same type");
                }
                byte[] copy = image.clone();
                System.arraycopy(value, 0, copy, at + 4, value.length);
                return copy;
            }
            at += t.encodedSize();
        }
        throw new IllegalArgumentException("the image has no " + TlvType.name(type) + " TLV");
    }

    /**
     * Writes such an image: {@code <signed image> <published key name> <output>}, e.g. for the ITs'
     * data files (their READMEs give the command).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PublishedKeyImages <signed image> <published key name, e.g. root-ed25519> "
                    + "<output>");
            System.exit(2);
        }
        Files.write(Path.of(args[2]), naming(Files.readAllBytes(Path.of(args[0])), published(args[1])));
    }
}
