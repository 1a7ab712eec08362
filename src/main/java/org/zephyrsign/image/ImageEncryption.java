package org.zephyrsign.image;

import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.SignatureAlgorithm;

/**
 * How to encrypt the payload ({@code -E}, {@code --encrypt-keylen}, {@code --hmac-sha},
 * {@code --clear}, {@code --save-enctlv}). Only the device key's public half is needed.
 */
public record ImageEncryption(EncryptionKey key, int aesKeyBits, boolean hmacSha512, boolean clear,
        boolean saveEncTlv) {

    public ImageEncryption {
        if (aesKeyBits != 128 && aesKeyBits != 256) {
            throw new InvalidOptionException(ImageOption.ENCRYPT_KEYLEN, "must be 128 or 256, got " + aesKeyBits);
        }
        if (hmacSha512 && key.kind() != EncryptionKey.Kind.X25519) {
            throw new InvalidOptionException(ImageOption.HMAC_SHA, "currently only ECIES-X25519 supports HMAC-SHA512");
        }
    }

    public int aesKeyLength() {
        return aesKeyBits / 8;
    }

    /** The header flag MCUboot reads to pick AES-128 or AES-256. */
    public int flag() {
        return aesKeyBits == 128 ? ImageFlags.ENCRYPTED_AES128 : ImageFlags.ENCRYPTED_AES256;
    }

    /** imgtool's rule: ECDSA signing pairs with a P-256 device key, RSA with RSA; Ed25519 with any. */
    void checkCompatible(SignatureAlgorithm signing) {
        boolean ok = signing == null || signing == SignatureAlgorithm.ED25519
                || (signing.isEcdsa() && key.kind() == EncryptionKey.Kind.EC256)
                || (signing.isRsa() && key.kind() == EncryptionKey.Kind.RSA2048);
        if (!ok) {
            throw new InvalidOptionException(ImageOption.ENCRYPT,
                    "signing and encryption must use the same type of key (" + signing + " signing key, "
                            + key.kind() + " encryption key " + key.file() + ")");
        }
    }
}
