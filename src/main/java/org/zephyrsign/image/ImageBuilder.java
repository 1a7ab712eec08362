package org.zephyrsign.image;

import org.zephyrsign.crypto.HashAlgorithm;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
     * @param encryption how to encrypt, or null
     */
    public static UnsignedImage build(Firmware firmware, ImageSettings settings, McubootPublicKey signingKey,
            ImageEncryption encryption) {
        SignatureAlgorithm algorithm = signingKey == null ? null : signingKey.algorithm();
        HashAlgorithm hash = chooseHash(settings, algorithm);
        if (encryption != null) {
            encryption.checkCompatible(algorithm);
        }
        byte[] keyHash = signingKey == null ? null : signingKey.keyHash(hash);
        List<Tlv> protectedTlvs = protectedTlvs(settings, hash, keyHash);
        int protectedSize = TlvArea.size(protectedTlvs);
        if (protectedSize > 0xffff) {
            throw new InvalidOptionException(ImageOption.CUSTOM_TLV, "protected TLVs take " + protectedSize
                    + " bytes, more than the 65535 the header can describe");
        }
        ImageBody body = body(firmware, settings, encryption != null, protectedSize, flags(settings, encryption));
        byte[] protectedArea = TlvArea.encode(TlvArea.PROTECTED_MAGIC, protectedTlvs, settings.endian());
        MessageDigest md = hash.newDigest();
        body.update(md);
        md.update(protectedArea);
        Long base = firmware.baseAddress();
        if (base != null && settings.padHeader()) {
            base -= settings.headerSize();
        }
        return new UnsignedImage(settings, signingKey, encryption, hash, body, protectedArea, md.digest(), base);
    }


    /** imgtool's rules: pure forces SHA-512; otherwise the key's choice unless --sha names an allowed one. */
    static HashAlgorithm chooseHash(ImageSettings settings, SignatureAlgorithm algorithm) {
        if (settings.pure()) {
            // Without a key (phase one of two-phase signing) the Ed25519 key is yet to come.
            if (algorithm != null && algorithm != SignatureAlgorithm.ED25519) {
                throw new InvalidOptionException(ImageOption.PURE, "pure signatures need an Ed25519 key, not "
                        + algorithm);
            }
            return HashAlgorithm.SHA512;
        }
        if (settings.sha() == null) {
            return algorithm == null ? HashAlgorithm.SHA256 : algorithm.defaultHash();
        }
        HashAlgorithm wanted = HashAlgorithm.ofBits(settings.sha());
        if (algorithm != null && !algorithm.allowedHashes().contains(wanted)) {
            StringBuilder allowed = new StringBuilder();
            for (HashAlgorithm h : algorithm.allowedHashes()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(h.bits());
            }
            throw new InvalidOptionException(ImageOption.SHA, "key " + algorithm.imgtoolName()
                    + " can not be used with --sha " + wanted.bits() + "; allowed sha are one of " + allowed);
        }
        return wanted;
    }

    private static List<Tlv> protectedTlvs(ImageSettings s, HashAlgorithm hash, byte[] keyHash) {
        Endian e = s.endian();
        List<Tlv> tlvs = new ArrayList<>();
        if (s.securityCounter() != null) {
            tlvs.add(new Tlv(TlvType.SEC_CNT, e.u32(s.securityCounter())));
        }
        if (s.bootRecord() != null) {
            // Without a key the signer id is zeros, as imgtool writes it (SHA-256 sized).
            byte[] signerId = keyHash != null ? keyHash : new byte[HashAlgorithm.SHA256.length()];
            tlvs.add(new Tlv(TlvType.BOOT_RECORD, BootRecord.encode(s.bootRecord(), s.version(), hash, signerId)));
        }
        for (Dependency d : s.dependencies()) {
            tlvs.add(new Tlv(TlvType.DEPENDENCY, d.encode(e)));
        }
        if (s.vendorId() != null) {
            tlvs.add(new Tlv(TlvType.UUID_VID, Uuids.bytes(s.vendorId())));
        }
        if (s.classId() != null) {
            tlvs.add(new Tlv(TlvType.UUID_CID, Uuids.bytes(s.classId())));
        }
        tlvs.addAll(s.customTlvs());
        return tlvs;
    }

    private static long flags(ImageSettings s, ImageEncryption encryption) {
        long flags = 0;
        if (encryption != null) {
            flags |= encryption.flag();
        }
        if (s.loadAddress() != 0) {
            flags |= ImageFlags.RAM_LOAD;
        }
        if (s.romFixed() != null) {
            flags |= ImageFlags.ROM_FIXED;
        }
        if (s.nonBootable()) {
            flags |= ImageFlags.NON_BOOTABLE;
        }
        return flags;
    }

    private static ImageBody body(Firmware firmware, ImageSettings s, boolean encrypt, int protectedSize, long flags) {
        byte[] data = firmware.data();
        int hs = s.headerSize();
        int payloadOffset;
        byte[] headerFill = new byte[hs - ImageHeader.SIZE];
        if (s.padHeader()) {
            Arrays.fill(headerFill, (byte) s.erasedValue());
            payloadOffset = 0;
        } else {
            requireZeroHeaderRoom(data, hs);
            payloadOffset = hs;
        }
        int payloadLength = data.length - payloadOffset;
        long unpadded = (long) hs + payloadLength;
        // imgtool pads header+payload to the AES block before encrypting; img_size counts the pad.
        int tailPad = encrypt && unpadded % 16 != 0 ? (int) (16 - unpadded % 16) : 0;
        long imageSize = unpadded + tailPad - hs;
        if (imageSize > 0xffffffffL) {
            throw new InvalidOptionException(ImageOption.INPUT, "payload of " + imageSize + " bytes exceeds 4 GiB");
        }
        Long romFixed = s.romFixed();
        ImageHeader header = new ImageHeader(romFixed != null ? romFixed : s.loadAddress(), hs, protectedSize,
                imageSize, flags, s.version());
        return new ImageBody(header.encode(s.endian()), headerFill, data, payloadOffset, payloadLength,
                new byte[tailPad]);
    }

    private static void requireZeroHeaderRoom(byte[] data, int hs) {
        boolean zero = data.length >= hs;
        for (int i = 0; zero && i < hs; i++) {
            zero = data[i] == 0;
        }
        if (!zero) {
            throw new InvalidOptionException(ImageOption.PAD_HEADER, "header padding was not requested and the "
                    + "image does not start with " + hs + " zero bytes; add --pad-header, or build with "
                    + "CONFIG_ROM_START_OFFSET reserving the header");
        }
    }
}
