package org.zephyrsign.image;

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
     * @param signingKey the public key that will sign (decides hash and key TLVs), or null for an
     *     unsigned image
     */
    public static UnsignedImage build(Firmware firmware, ImageSettings settings, McubootPublicKey signingKey) {
        SignatureAlgorithm algorithm = signingKey == null ? null : signingKey.algorithm();
        HashAlgorithm hash = chooseHash(settings, algorithm);
        ImageEncryption encryption = ImageEncryption.of(settings, algorithm);
        byte[] keyHash = signingKey == null ? null : signingKey.keyHash(hash);
        List<Tlv> protectedTlvs = protectedTlvs(settings, hash, keyHash);
        int protectedSize = TlvArea.size(protectedTlvs);
        if (protectedSize > 0xffff) {
            throw settings.invalid(ImageOption.CUSTOM_TLV, "protected TLVs take " + protectedSize
                    + " bytes, more than the 65535 the header can describe");
        }
        ImageBody body = body(firmware, settings, encryption != null, protectedSize, flags(settings, encryption));
        byte[] protectedArea = TlvArea.encode(TlvArea.PROTECTED_MAGIC, protectedTlvs, settings.get(ImageOption.ENDIAN));
        MessageDigest md = hash.newDigest();
        body.update(md);
        md.update(protectedArea);
        Long base = firmware.baseAddress();
        if (base != null && settings.get(ImageOption.PAD_HEADER)) {
            base -= settings.get(ImageOption.HEADER_SIZE);
        }
        return new UnsignedImage(settings, signingKey, encryption, hash, body, protectedArea, md.digest(), base);
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

    private static List<Tlv> protectedTlvs(ImageSettings s, HashAlgorithm hash, byte[] keyHash) {
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

    private static ImageBody body(Firmware firmware, ImageSettings s, boolean encrypt, int protectedSize, long flags) {
        byte[] data = firmware.data();
        int hs = s.get(ImageOption.HEADER_SIZE);
        int payloadOffset;
        byte[] headerFill = new byte[hs - ImageHeader.SIZE];
        if (s.get(ImageOption.PAD_HEADER)) {
            Arrays.fill(headerFill, (byte) (int) s.get(ImageOption.ERASED_VAL));
            payloadOffset = 0;
        } else {
            requireZeroHeaderRoom(data, s);
            payloadOffset = hs;
        }
        int payloadLength = data.length - payloadOffset;
        long unpadded = (long) hs + payloadLength;
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
        return new ImageBody(header.encode(s.get(ImageOption.ENDIAN)), headerFill, data, payloadOffset, payloadLength,
                new byte[tailPad]);
    }

    static boolean nonZero(Long address) {
        return address != null && address != 0;
    }

    private static void requireZeroHeaderRoom(byte[] data, ImageSettings s) {
        int hs = s.get(ImageOption.HEADER_SIZE);
        boolean zero = data.length >= hs;
        for (int i = 0; zero && i < hs; i++) {
            zero = data[i] == 0;
        }
        if (!zero) {
            throw s.invalid(ImageOption.PAD_HEADER, "header padding was not requested and the image does not start "
                    + "with " + hs + " zero bytes; set " + s.name(ImageOption.PAD_HEADER) + ", or build with "
                    + "CONFIG_ROM_START_OFFSET reserving the header");
        }
    }
}
