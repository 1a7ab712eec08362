package org.zephyrsign.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
        MessageDigest md = hash.newDigest();
        image.update(md, 0, image.tlvOffset());
        byte[] digest = md.digest();
        byte[] aesKey = null;
        // An encrypted image's hash covers the plaintext; a --clear image has the flag but plain bytes.
        if (!MessageDigest.isEqual(digest, hashTlv.value()) && ImageFlags.isEncrypted(h.flags())) {
            if (decryptionKey == null) {
                return Result.failed("image is encrypted: its hash covers the plaintext; give the device's "
                        + "private encryption key to verify it");
            }
            try {
                aesKey = aesKey(image, decryptionKey);
            } catch (KeyException e) {
                return Result.failed(e.getMessage());
            }
            md.reset();
            decrypt(image, aesKey, md, null);
            digest = md.digest();
        }
        if (!MessageDigest.isEqual(digest, hashTlv.value())) {
            return Result.failed("image has an invalid hash: " + hash + " TLV holds "
                    + HexFormat.of().formatHex(hashTlv.value()) + ", the image hashes to "
                    + HexFormat.of().formatHex(digest));
        }
        if (key != null) {
            String problem = checkSignature(image, key, hash, digest, aesKey);
            if (problem != null) {
                return new Result(false, problem, h.version(), digest);
            }
        }
        if (ImageFlags.isCompressed(h.flags())) {
            String decompressed = CompressedImageCheck.check(image, signedBytes(image, aesKey,
                    "checking the decompressed image of " + image.name()), hash, key);
            if (decompressed != null) {
                return new Result(false, decompressed, h.version(), digest);
            }
        }
        return new Result(true, null, h.version(), digest);
    }

    /** @param aesKey the payload's key when the image is encrypted, else null */
    private static String checkSignature(ParsedImage image, McubootPublicKey key, HashAlgorithm hash, byte[] digest,
            byte[] aesKey) {
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
        // Pure Ed25519 signs the hashed bytes themselves, which Ed25519 reads twice: it holds the
        // image in memory.
        byte[] message = image.find(TlvType.SIG_PURE) == null ? digest : signedBytes(image, aesKey,
                "checking the pure Ed25519 signature of " + image.name() + " (it signs the whole image)");
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

    /**
     * Header, (decrypted) payload and protected TLVs, the bytes the hash covers, in memory: what pure
     * Ed25519 signs and what a compressed image is decompressed from.
     *
     * @param why what needs them, for an out-of-memory message
     */
    private static byte[] signedBytes(ParsedImage image, byte[] aesKey, String why) {
        byte[] bytes = ImageMemory.array(image.tlvOffset(), why);
        ByteBuffer out = ByteBuffer.wrap(bytes);
        if (aesKey == null) {
            try (InputStream in = image.open(0, image.tlvOffset())) {
                copy(in, out, null);
            } catch (IOException e) {
                throw new MalformedImageException("cannot read image " + image.name() + ": " + e.getMessage());
            }
        } else {
            decrypt(image, aesKey, null, out);
        }
        return bytes;
    }

    /**
     * Streams header, decrypted payload and protected TLVs (what the hash of an encrypted image
     * covers) into {@code digest} and/or {@code out}.
     */
    private static void decrypt(ParsedImage image, byte[] aesKey, MessageDigest digest, ByteBuffer out) {
        int from = image.header().headerSize();
        long to = from + image.header().imageSize();
        Cipher ctr = aesCtr(aesKey);
        try (InputStream header = image.open(0, from);
                InputStream payload = image.open(from, to);
                InputStream protectedTlvs = image.open(to, image.tlvOffset())) {
            copy(header, out, digest);
            byte[] buffer = new byte[ImageSource.BUFFER / 4];
            for (int n; (n = payload.read(buffer)) > 0; ) {
                byte[] plain = ctr.update(buffer, 0, n);
                if (plain == null) {
                    continue;
                }
                if (digest != null) {
                    digest.update(plain);
                }
                if (out != null) {
                    out.put(plain);
                }
            }
            copy(protectedTlvs, out, digest);
        } catch (IOException e) {
            throw new MalformedImageException("cannot read image " + image.name() + ": " + e.getMessage());
        }
    }

    /** AES-CTR with an all-zero counter block, as {@link EncryptionKey#aesCtr} (MCUboot), in pieces. */
    private static Cipher aesCtr(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(new byte[16]));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    private static void copy(InputStream in, ByteBuffer out, MessageDigest digest)
            throws IOException {
        byte[] buffer = new byte[ImageSource.BUFFER / 4];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            if (out != null) {
                out.put(buffer, 0, n);
            }
        }
    }

    /** The payload's AES key, unwrapped from the key-exchange TLV with the device's private key. */
    private static byte[] aesKey(ParsedImage image, EncryptionKey decryptionKey) {
        ImageHeader h = image.header();
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
        return decryptionKey.unwrap(exchange.value(), aesLength, sha512);
    }
}
