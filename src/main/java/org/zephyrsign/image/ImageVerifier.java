package org.zephyrsign.image;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureVerifier;

/**
 * Checks an image as MCUboot's bootloader would: its hash, then (given a key) the key TLV and
 * the signature. Given the device's private encryption key it decrypts first, so encrypted images
 * can be checked too.
 */
public final class ImageVerifier {
    private ImageVerifier() {
    }

    /** Outcome of a verification; {@link #reason()} says precisely what failed. */
    public record Result(boolean ok, String reason, ImageVersion version, byte[] digest) {
        static Result failed(String reason) {
            return new Result(false, reason, null, null);
        }

        public String digestHex() {
            return digest == null ? "" : HexFormat.of().formatHex(digest);
        }
    }

    /**
     * @param key the public key the signature must verify against, or null to check the hash only
     * @param decryptionKey the device's private encryption key for encrypted images, or null
     */
    public static Result verify(ParsedImage image, McubootPublicKey key, EncryptionKey decryptionKey) {
        ImageHeader h = image.header();
        Tlv hashTlv = null;
        HashAlgorithm hash = null;
        for (Tlv t : image.tlvs()) {
            HashAlgorithm candidate = TlvType.hashAlgorithm(t.type());
            if (candidate != null) {
                hashTlv = t;
                hash = candidate;
                break;
            }
        }
        if (hashTlv == null) {
            return Result.failed("image has no hash TLV (SHA256/SHA384/SHA512)");
        }
        byte[] bytes = image.bytes();
        MessageDigest md = hash.newDigest();
        md.update(bytes, 0, image.tlvOffset());
        byte[] digest = md.digest();
        byte[] plaintext = null;
        // An encrypted image's hash covers the plaintext; a --clear image has the flag but plain bytes.
        if (!MessageDigest.isEqual(digest, hashTlv.value()) && ImageFlags.isEncrypted(h.flags())) {
            if (decryptionKey == null) {
                return Result.failed("image is encrypted: its hash covers the plaintext; give the device's "
                        + "private encryption key to verify it");
            }
            try {
                plaintext = decrypt(image, decryptionKey);
            } catch (KeyException e) {
                return Result.failed(e.getMessage());
            }
            digest = hash.digest(plaintext);
        }
        if (!MessageDigest.isEqual(digest, hashTlv.value())) {
            return Result.failed("image has an invalid hash: " + hash + " TLV holds "
                    + HexFormat.of().formatHex(hashTlv.value()) + ", the image hashes to "
                    + HexFormat.of().formatHex(digest));
        }
        if (key != null) {
            String problem = checkSignature(image, key, hash, digest, plaintext);
            if (problem != null) {
                return new Result(false, problem, h.version(), digest);
            }
        }
        if (ImageFlags.isCompressed(h.flags())) {
            String decompressed = CompressedImageCheck.check(image, plaintext != null ? plaintext
                    : Arrays.copyOf(bytes, image.tlvOffset()), hash, key);
            if (decompressed != null) {
                return new Result(false, decompressed, h.version(), digest);
            }
        }
        return new Result(true, null, h.version(), digest);
    }

    private static String checkSignature(ParsedImage image, McubootPublicKey key, HashAlgorithm hash, byte[] digest,
            byte[] plaintext) {
        Tlv keyHash = image.find(TlvType.KEYHASH);
        Tlv fullKey = image.find(TlvType.PUBKEY);
        if (keyHash != null && !Arrays.equals(keyHash.value(), key.keyHash(hash))) {
            return "the image's KEYHASH TLV names another key than " + key;
        }
        if (fullKey != null && !Arrays.equals(fullKey.value(), key.mcubootEncoding())) {
            return "the image's PUBKEY TLV holds another key than " + key;
        }
        if (keyHash == null && fullKey == null) {
            return "image has no KEYHASH or PUBKEY TLV";
        }
        boolean pure = image.find(TlvType.SIG_PURE) != null;
        byte[] message = !pure ? digest
                : plaintext != null ? plaintext : Arrays.copyOf(image.bytes(), image.tlvOffset());
        boolean sawSignature = false;
        for (Tlv t : image.tlvs()) {
            if (t.type() == TlvType.signature(key.algorithm())) {
                sawSignature = true;
                if (SignatureVerifier.verify(key, message, t.value())) {
                    return null;
                }
            }
        }
        return sawSignature ? "signature does not verify against " + key
                : "no " + key.algorithm() + " signature TLV (0x" + Integer.toHexString(TlvType.signature(key.algorithm()))
                        + ") in the image";
    }

    /** Header, decrypted payload and protected TLVs: what the hash of an encrypted image covers. */
    private static byte[] decrypt(ParsedImage image, EncryptionKey decryptionKey) {
        ImageHeader h = image.header();
        byte[] hashed = Arrays.copyOf(image.bytes(), image.tlvOffset());
        int aesLength = (h.flags() & ImageFlags.ENCRYPTED_AES256) != 0 ? 32 : 16;
        Tlv exchange = null;
        for (Tlv t : image.tlvs()) {
            if (t.type() == TlvType.keyExchange(decryptionKey.kind(), false) || t.type() == TlvType.keyExchange(decryptionKey.kind(), true)) {
                exchange = t;
            }
        }
        if (exchange == null) {
            throw new KeyException("image has no key-exchange TLV for a " + decryptionKey.kind() + " key");
        }
        boolean sha512 = exchange.type() == TlvType.ENCX25519_SHA512;
        byte[] aesKey = decryptionKey.unwrap(exchange.value(), aesLength, sha512);
        int from = h.headerSize();
        int to = (int) (from + h.imageSize());
        byte[] plain = EncryptionKey.aesCtr(aesKey, Arrays.copyOfRange(hashed, from, to));
        System.arraycopy(plain, 0, hashed, from, plain.length);
        return hashed;
    }
}
