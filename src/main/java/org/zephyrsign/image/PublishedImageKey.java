package org.zephyrsign.image;

import java.util.Optional;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.PublishedKeys;
import org.zephyrsign.crypto.PublishedKeys.PublishedKey;

/**
 * Whether an image names one of MCUboot's published keys in its key TLV: a KEYHASH (the key's
 * MCUboot encoding hashed with the image's hash) or a PUBKEY (the encoding itself).
 *
 * @param key the published key
 * @param tlv the TLV that names it, {@code KEYHASH} or {@code PUBKEY}
 */
public record PublishedImageKey(PublishedKey key, String tlv) {

    /** The published key the image was signed for, if its key TLV names one. */
    public static Optional<PublishedImageKey> of(ParsedImage image) {
        Tlv keyHash = image.find(TlvType.KEYHASH);
        if (keyHash != null) {
            HashAlgorithm hash = imageHash(image);
            if (hash == null) {
                hash = HashAlgorithm.ofBits(keyHash.length() * 8); // no hash TLV: the length says which
            }
            if (hash != null) {
                Optional<PublishedKey> key = PublishedKeys.findByKeyHash(keyHash.value(), hash);
                if (key.isPresent()) {
                    return Optional.of(new PublishedImageKey(key.get(), TlvType.name(TlvType.KEYHASH)));
                }
            }
        }
        Tlv fullKey = image.find(TlvType.PUBKEY);
        if (fullKey != null) {
            return PublishedKeys.findByMcubootEncoding(fullKey.value())
                    .map(k -> new PublishedImageKey(k, TlvType.name(TlvType.PUBKEY)));
        }
        return Optional.empty();
    }

    /** "its KEYHASH TLV names MCUboot's published root-ec-p256 development key (root-ec-p256.pem)". */
    public String description() {
        return "its " + tlv + " TLV names " + key.description();
    }

    private static HashAlgorithm imageHash(ParsedImage image) {
        for (Tlv t : image.tlvs()) {
            HashAlgorithm h = TlvType.hashAlgorithm(t.type());
            if (h != null) {
                return h;
            }
        }
        return null;
    }
}
