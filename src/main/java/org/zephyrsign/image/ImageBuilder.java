package org.zephyrsign.image;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;

/**
 * First step of making an image: wraps firmware in a header and protected TLVs and hashes it.
 * The result, an {@link UnsignedImage}, says exactly what must be signed; signing and assembling
 * are the next steps, so a signature can come from anywhere, even days later.
 */
public final class ImageBuilder {
    private ImageBuilder() {
    }

    /**
     * The first image to sign. Usually the image itself; with compression, the uncompressed image
     * whose hash and signature the compressed one carries (see {@link UnsignedImage#followUp}).
     *
     * @param signingKey the public key that will sign (decides hash and key TLVs), or null for an
     *     unsigned image
     */
    public static UnsignedImage build(Firmware firmware, ImageSettings settings, McubootPublicKey signingKey) {
        Lzma2Compression.Type compression = settings.get(ImageOption.COMPRESSION);
        // imgtool signs the uncompressed image first, never encrypted (but flagged so), then
        // compresses it: that image's hash and signature go into the compressed one's TLVs.
        boolean encrypt = compression == null;
        Stage stage = compression == null ? Stage.FINAL : Stage.COMPRESSION_SOURCE;
        ByteBuffer data = firmware.buffer(); // a mapped input file is hashed and written from its mapping
        boolean padHeader = settings.get(ImageOption.PAD_HEADER);
        int offset = padHeader ? 0 : settings.get(ImageOption.HEADER_SIZE);
        if (!padHeader) {
            requireZeroHeaderRoom(data, settings);
        }
        return assemble(firmware, settings, signingKey, stage, new Payload(data, offset, data.limit() - offset, 0),
                encrypt, List.of());
    }

    /**
     * The compressed image made from a signed (or unsigned) compression source, or null when
     * compression would not make the image smaller (imgtool's rule: then the source image is
     * written as it is, so the caller keeps it).
     */
    static UnsignedImage compressed(UnsignedImage source, SignedImage signedSource) {
        ImageSettings settings = source.settings();
        Lzma2Compression.Type type = settings.get(ImageOption.COMPRESSION);
        Firmware firmware = source.firmware();
        Payload app = source.payload();
        byte[] uncompressed = ImageMemory.array(app.length(), "compressing the payload");
        app.data().get(app.offset(), uncompressed);
        byte[] body = Lzma2Compression.compress(uncompressed, type);
        Endian endian = settings.get(ImageOption.ENDIAN);
        byte[] signature = signedSource.signature();
        int tlvValues = 4 + source.digest().length + (signature == null ? 0 : signature.length);
        if (!Lzma2Compression.imgtoolKeepsCompressed(body, tlvValues, app.length())) {
            return null;
        }
        List<Tlv> decompression = new ArrayList<>();
        decompression.add(new Tlv(TlvType.DECOMP_SIZE, endian.u32(app.length())));
        decompression.add(new Tlv(TlvType.DECOMP_SHA, source.digest()));
        if (signature != null) {
            decompression.add(new Tlv(TlvType.DECOMP_SIGNATURE, signature));
        }
        if (settings.get(ImageOption.ENCRYPT) != null) {
            // The bootloader decrypts in blocks; this says where the LZMA2 stream ends.
            decompression.add(new Tlv(TlvType.COMP_DEC_SIZE, endian.u32(body.length)));
        }
        return assemble(firmware, settings, source.publicKey(), Stage.FINAL,
                new Payload(ByteBuffer.wrap(body), 0, body.length, type.flags()), true, decompression);
    }

    /** The bytes after the header that make up an image, and the header flags they bring. */
    record Payload(ByteBuffer data, int offset, int length, int flags) {
    }

    /** Where an image stands in making the image that is written. */
    enum Stage {
        /** Written as it is once signed. */
        FINAL,
        /** The uncompressed image a compressed one is made from, once it is signed. */
        COMPRESSION_SOURCE
    }

    private static UnsignedImage assemble(Firmware firmware, ImageSettings settings, McubootPublicKey signingKey,
            Stage stage, Payload payload, boolean encrypt, List<Tlv> decompressionTlvs) {
        SignatureAlgorithm algorithm = signingKey == null ? null : signingKey.algorithm();
        HashAlgorithm hash = chooseHash(settings, algorithm);
        ImageEncryption encryption = ImageEncryption.of(settings, algorithm);
        byte[] keyHash = signingKey == null ? null : signingKey.keyHash(hash);
        List<Tlv> protectedTlvs = protectedTlvs(settings, hash, keyHash, decompressionTlvs);
        int protectedSize = TlvArea.size(protectedTlvs);
        if (protectedSize > 0xffff) {
            throw settings.invalid(ImageOption.CUSTOM_TLV, "protected TLVs take " + protectedSize
                    + " bytes, more than the 65535 the header can describe");
        }
        ImageBody body = body(settings, payload, encrypt && encryption != null, protectedSize,
                flags(settings, encryption) | payload.flags());
        byte[] protectedArea = TlvArea.encode(TlvArea.PROTECTED_MAGIC, protectedTlvs, settings.get(ImageOption.ENDIAN));
        MessageDigest md = hash.newDigest();
        body.update(md);
        md.update(protectedArea);
        Long base = firmware.baseAddress();
        if (base != null && settings.get(ImageOption.PAD_HEADER)) {
            base -= settings.get(ImageOption.HEADER_SIZE);
        }
        return new UnsignedImage(firmware, payload, stage, settings, signingKey, encrypt ? encryption : null, hash,
                body, protectedArea, md.digest(), base);
    }

    /** imgtool's rules: pure forces SHA-512; otherwise the key's choice unless --sha names an allowed one. */
    static HashAlgorithm chooseHash(ImageSettings settings, SignatureAlgorithm algorithm) {
        if (settings.get(ImageOption.PURE)) {
            // Without a key (phase one of two-phase signing) the Ed25519 key is yet to come.
            if (algorithm != null && algorithm != SignatureAlgorithm.ED25519) {
                throw settings.invalid(ImageOption.PURE, "pure signatures need an Ed25519 key, not " + algorithm);
            }
            return HashAlgorithm.SHA512;
        }
        HashAlgorithm wanted = settings.get(ImageOption.SHA);
        if (wanted == null) {
            return algorithm == null ? HashAlgorithm.SHA256 : algorithm.defaultHash();
        }
        if (algorithm != null && !algorithm.allowedHashes().contains(wanted)) {
            StringBuilder allowed = new StringBuilder();
            for (HashAlgorithm h : algorithm.allowedHashes()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(h.bits());
            }
            throw settings.invalid(ImageOption.SHA, "key " + algorithm.imgtoolName() + " can not be used with sha "
                    + wanted.bits() + "; allowed sha are one of " + allowed);
        }
        return wanted;
    }

    /** imgtool's order; the decompression TLVs of a compressed image follow the dependencies. */
    private static List<Tlv> protectedTlvs(ImageSettings s, HashAlgorithm hash, byte[] keyHash,
            List<Tlv> decompressionTlvs) {
        Endian e = s.get(ImageOption.ENDIAN);
        List<Tlv> tlvs = new ArrayList<>();
        if (s.securityCounter() != null) {
            tlvs.add(new Tlv(TlvType.SEC_CNT, e.u32(s.securityCounter())));
        }
        if (s.get(ImageOption.BOOT_RECORD) != null) {
            // Without a key the signer id is zeros, as imgtool writes it (SHA-256 sized).
            byte[] signerId = keyHash != null ? keyHash : new byte[HashAlgorithm.SHA256.length()];
            tlvs.add(new Tlv(TlvType.BOOT_RECORD, BootRecord.encode(s.get(ImageOption.BOOT_RECORD),
                    s.get(ImageOption.VERSION), hash, signerId)));
        }
        for (Dependency d : s.get(ImageOption.DEPENDENCIES)) {
            tlvs.add(new Tlv(TlvType.DEPENDENCY, d.encode(e)));
        }
        tlvs.addAll(decompressionTlvs);
        if (s.get(ImageOption.VENDOR_ID) != null) {
            tlvs.add(new Tlv(TlvType.UUID_VID, Uuids.bytes(s.get(ImageOption.VENDOR_ID))));
        }
        if (s.classId() != null) {
            tlvs.add(new Tlv(TlvType.UUID_CID, Uuids.bytes(s.classId())));
        }
        for (CustomTlv t : s.customTlvs()) {
            tlvs.add(t.toTlv());
        }
        return tlvs;
    }

    private static long flags(ImageSettings s, ImageEncryption encryption) {
        long flags = 0;
        if (encryption != null) {
            flags |= encryption.flag();
        }
        // imgtool tests these for truth: an address of 0 sets no flag.
        if (nonZero(s.get(ImageOption.LOAD_ADDR))) {
            flags |= ImageFlags.RAM_LOAD;
        }
        if (nonZero(s.get(ImageOption.ROM_FIXED))) {
            flags |= ImageFlags.ROM_FIXED;
        }
        if (s.get(ImageOption.NON_BOOTABLE)) {
            flags |= ImageFlags.NON_BOOTABLE;
        }
        return flags;
    }

    private static ImageBody body(ImageSettings s, Payload payload, boolean encrypt, int protectedSize, long flags) {
        int hs = s.get(ImageOption.HEADER_SIZE);
        byte[] headerFill = new byte[hs - ImageHeader.SIZE];
        if (s.get(ImageOption.PAD_HEADER)) {
            Arrays.fill(headerFill, (byte) (int) s.get(ImageOption.ERASED_VAL));
        }
        long unpadded = (long) hs + payload.length();
        // imgtool pads header+payload to the AES block before encrypting; img_size counts the pad.
        int tailPad = encrypt && unpadded % 16 != 0 ? (int) (16 - unpadded % 16) : 0;
        long imageSize = unpadded + tailPad - hs;
        if (imageSize > 0xffffffffL) {
            throw new MalformedImageException("the payload of " + imageSize + " bytes exceeds the 4 GiB an MCUboot "
                    + "header can describe");
        }
        Long romFixed = s.get(ImageOption.ROM_FIXED);
        Long loadAddress = s.get(ImageOption.LOAD_ADDR);
        long address = nonZero(romFixed) ? romFixed : nonZero(loadAddress) ? loadAddress : 0;
        ImageHeader header = new ImageHeader(address, hs, protectedSize, imageSize, flags, s.get(ImageOption.VERSION));
        return new ImageBody(header.encode(s.get(ImageOption.ENDIAN)), headerFill, payload.data(), payload.offset(),
                payload.length(), new byte[tailPad]);
    }

    static boolean nonZero(Long address) {
        return address != null && address != 0;
    }

    private static void requireZeroHeaderRoom(ByteBuffer data, ImageSettings s) {
        int hs = s.get(ImageOption.HEADER_SIZE);
        boolean zero = data.limit() >= hs;
        for (int i = 0; zero && i < hs; i++) {
            zero = data.get(i) == 0;
        }
        if (!zero) {
            throw s.invalid(ImageOption.PAD_HEADER, "header padding was not requested and the image does not start "
                    + "with " + hs + " zero bytes; set " + s.name(ImageOption.PAD_HEADER) + ", or build with "
                    + "CONFIG_ROM_START_OFFSET reserving the header");
        }
    }
}
