package org.zephyrsign.image;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureVerifier;

/**
 * The second half of verifying a compressed image: the bootloader decompresses it and checks the
 * result against the DECOMP_SHA and DECOMP_SIGNATURE TLVs, over the image as it was before
 * compression. That image is rebuilt the way the bootloader rebuilds it (nRF Connect SDK's
 * {@code boot/zephyr/decompression.c}): the same header without the compression flags, with
 * DECOMP_SIZE as its size and the protected TLVs other than the decompression ones, then the
 * decompressed payload, then those protected TLVs.
 */
final class CompressedImageCheck {
    private static final List<Integer> DECOMPRESSION_TLVS = List.of(TlvType.DECOMP_SIZE, TlvType.DECOMP_SHA,
            TlvType.DECOMP_SIGNATURE, TlvType.COMP_DEC_SIZE);

    private CompressedImageCheck() {
    }

    /**
     * @param hashed the plaintext header, payload and protected TLVs of the compressed image
     * @param key the key DECOMP_SIGNATURE must verify against, or null to check the hash only
     * @return what is wrong, or null when the decompressed image checks out (or the image is not compressed)
     */
    static String check(ParsedImage image, byte[] hashed, HashAlgorithm hash, McubootPublicKey key) {
        ImageHeader h = image.header();
        Optional<Lzma2Compression.Type> type;
        try {
            type = Lzma2Compression.Type.ofFlags(h.flags());
        } catch (MalformedImageException e) {
            return e.getMessage();
        }
        if (type.isEmpty()) {
            return null;
        }
        Tlv size = protectedTlv(image, TlvType.DECOMP_SIZE);
        Tlv sha = protectedTlv(image, TlvType.DECOMP_SHA);
        if (size == null || size.length() != 4 || sha == null) {
            return "compressed image lacks a 4-byte DECOMP_SIZE or a DECOMP_SHA protected TLV";
        }
        Endian endian = image.endian();
        long decompressedSize = endian.getU32(size.value(), 0);
        int bodyLength = (int) h.imageSize();
        Tlv compressedSize = protectedTlv(image, TlvType.COMP_DEC_SIZE);
        if (compressedSize != null && compressedSize.length() == 4) {
            bodyLength = (int) Math.min(bodyLength, endian.getU32(compressedSize.value(), 0));
        }
        if (decompressedSize > Integer.MAX_VALUE - 64) {
            return "DECOMP_SIZE says " + decompressedSize + " bytes, more than can be checked";
        }
        byte[] payload;
        try {
            payload = Lzma2Compression.decompress(Arrays.copyOfRange(hashed, h.headerSize(),
                    h.headerSize() + bodyLength), type.get(), (int) decompressedSize);
        } catch (MalformedImageException e) {
            return "compressed payload: " + e.getMessage();
        }
        if (payload.length != decompressedSize) {
            return "the payload decompresses to " + payload.length + " bytes, DECOMP_SIZE says " + decompressedSize;
        }
        byte[] uncompressed = uncompressedImage(image, hashed, payload);
        MessageDigest md = hash.newDigest();
        byte[] digest = md.digest(uncompressed);
        if (!MessageDigest.isEqual(digest, sha.value())) {
            return "the decompressed image hashes to " + HexFormat.of().formatHex(digest) + ", DECOMP_SHA holds "
                    + HexFormat.of().formatHex(sha.value());
        }
        Tlv signature = protectedTlv(image, TlvType.DECOMP_SIGNATURE);
        if (key != null) {
            if (signature == null) {
                return "compressed image has no DECOMP_SIGNATURE for the decompressed image";
            }
            byte[] message = image.find(TlvType.SIG_PURE) != null ? uncompressed : digest;
            if (!SignatureVerifier.verify(key, message, signature.value())) {
                return "DECOMP_SIGNATURE (the decompressed image's signature) does not verify against " + key;
            }
        }
        return null;
    }

    /** Header without compression flags and with the decompressed size, header area, payload, protected TLVs. */
    private static byte[] uncompressedImage(ParsedImage image, byte[] hashed, byte[] payload) {
        ImageHeader h = image.header();
        List<Tlv> kept = new ArrayList<>();
        for (Tlv t : image.protectedTlvs()) {
            if (!DECOMPRESSION_TLVS.contains(t.type())) {
                kept.add(t);
            }
        }
        byte[] protectedArea = TlvArea.encode(TlvArea.PROTECTED_MAGIC, kept, image.endian());
        long flags = h.flags() & ~(ImageFlags.COMPRESSED_LZMA2 | ImageFlags.COMPRESSED_ARM_THUMB);
        ImageHeader u = new ImageHeader(h.loadAddress(), h.headerSize(), protectedArea.length, payload.length, flags,
                h.version());
        byte[] out = new byte[h.headerSize() + payload.length + protectedArea.length];
        System.arraycopy(u.encode(image.endian()), 0, out, 0, ImageHeader.SIZE);
        System.arraycopy(hashed, ImageHeader.SIZE, out, ImageHeader.SIZE, h.headerSize() - ImageHeader.SIZE);
        System.arraycopy(payload, 0, out, h.headerSize(), payload.length);
        System.arraycopy(protectedArea, 0, out, h.headerSize() + payload.length, protectedArea.length);
        return out;
    }

    private static Tlv protectedTlv(ParsedImage image, int type) {
        for (Tlv t : image.protectedTlvs()) {
            if (t.type() == type) {
                return t;
            }
        }
        return null;
    }
}
