package org.zephyrsign.image;

import java.nio.file.Path;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.SignatureAlgorithm;

/**
 * How to encrypt the payload, from the options {@code -E}, {@code --encrypt-keylen},
 * {@code --hmac-sha} and {@code --clear}. Only the device key's public half is needed.
 */
record ImageEncryption(EncryptionKey key, int aesKeyBits, boolean hmacSha512, boolean clear) {

    /** The encryption the settings ask for, or null; checked against the signing algorithm. */
    static ImageEncryption of(ImageSettings s, SignatureAlgorithm signing) {
        Path keyFile = s.get(ImageOption.ENCRYPT);
        if (keyFile == null) {
            return null;
        }
        EncryptionKey key = EncryptionKey.fromPem(keyFile);
        boolean hmacSha512 = s.get(ImageOption.HMAC_SHA) == 512;
        if (hmacSha512 && key.kind() != EncryptionKey.Kind.X25519) {
            throw s.invalid(ImageOption.HMAC_SHA, "currently only ECIES-X25519 supports HMAC-SHA512");
        }
        // imgtool's rule: ECDSA signing pairs with a P-256 device key, RSA with RSA; Ed25519 with any.
        boolean compatible = signing == null || signing == SignatureAlgorithm.ED25519
                || (signing.isEcdsa() && key.kind() == EncryptionKey.Kind.EC256)
                || (signing.isRsa() && key.kind() == EncryptionKey.Kind.RSA2048);
        if (!compatible) {
            throw s.invalid(ImageOption.ENCRYPT, "signing and encryption must use the same type of key (" + signing
                    + " signing key, " + key.kind() + " encryption key " + keyFile + ")");
        }
        return new ImageEncryption(key, s.get(ImageOption.ENCRYPT_KEYLEN), hmacSha512, s.get(ImageOption.CLEAR));
    }

    int aesKeyLength() {
        return aesKeyBits / 8;
    }

    /** The header flag MCUboot reads to pick AES-128 or AES-256. */
    int flag() {
        return aesKeyBits == 128 ? ImageFlags.ENCRYPTED_AES128 : ImageFlags.ENCRYPTED_AES256;
    }
}
