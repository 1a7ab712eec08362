package org.zephyrsign.image;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.crypto.SignatureVerifier;
import org.zephyrsign.image.ImageOption.PublicKeyFormat;

/**
 * An image whose header, payload and protected TLVs are fixed and hashed, waiting for its
 * signature. Immutable: signing returns a new {@link SignedImage}.
 */
public final class UnsignedImage {
    /** What a two-phase flow hands to the signer: the digest, or (pure Ed25519) the hashed bytes. */
    public enum Vector { DIGEST, PAYLOAD }

    private final Firmware firmware;
    private final ImageBuilder.Payload payload;
    private final ImageBuilder.Stage stage;
    private final ImageSettings settings;
    private final McubootPublicKey key;
    private final ImageEncryption encryption;
    private final HashAlgorithm hash;
    private final ImageBody body;
    private final byte[] protectedArea;
    private final byte[] digest;
    private final Long baseAddress;

    UnsignedImage(Firmware firmware, ImageBuilder.Payload payload, ImageBuilder.Stage stage, ImageSettings settings,
            McubootPublicKey key, ImageEncryption encryption, HashAlgorithm hash, ImageBody body, byte[] protectedArea,
            byte[] digest, Long baseAddress) {
        this.firmware = firmware;
        this.payload = payload;
        this.stage = stage;
        this.settings = settings;
        this.key = key;
        this.encryption = encryption;
        this.hash = hash;
        this.body = body;
        this.protectedArea = protectedArea;
        this.digest = digest;
        this.baseAddress = baseAddress;
    }

    public ImageSettings settings() {
        return settings;
    }

    Firmware firmware() {
        return firmware;
    }

    ImageBuilder.Payload payload() {
        return payload;
    }

    /**
     * What to sign next once this image is signed ({@code signed} is this image with its
     * signature, or without one for an unsigned image), or null when {@code signed} is the image
     * to write. Only compression takes two rounds: the uncompressed image is signed first, then the
     * compressed image that carries its hash and signature. When compression would not make the
     * image smaller, the uncompressed image is the result (imgtool's rule), unless it was to be
     * encrypted: then the plain encrypted image is made and signed instead.
     */
    public UnsignedImage followUp(SignedImage signed) {
        if (stage != ImageBuilder.Stage.COMPRESSION_SOURCE) {
            return null;
        }
        UnsignedImage compressed = ImageBuilder.compressed(this, signed);
        if (compressed != null || settings.get(ImageOption.ENCRYPT) == null) {
            return compressed;
        }
        return ImageBuilder.build(firmware, settings.with(ImageOption.COMPRESSION, null, settings.source(
                ImageOption.COMPRESSION)), key);
    }

    /** Whether this is a compressed image. */
    public boolean isCompressed() {
        return payload.flags() != 0;
    }

    /** Whether signing this image is a first step (the uncompressed image of a compressed one). */
    public boolean isCompressionSource() {
        return stage == ImageBuilder.Stage.COMPRESSION_SOURCE;
    }

    public HashAlgorithm hashAlgorithm() {
        return hash;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** The key that must sign, or null for an unsigned image. */
    public McubootPublicKey publicKey() {
        return key;
    }

    /** Header, payload and protected TLVs: the bytes the hash covers and pure Ed25519 signs. */
    public byte[] hashedBytes() {
        byte[] b = body.toByteArray();
        byte[] out = java.util.Arrays.copyOf(b, b.length + protectedArea.length);
        System.arraycopy(protectedArea, 0, out, b.length, protectedArea.length);
        return out;
    }

    /** {@code --vector-to-sign}: the digest, or the hashed bytes. */
    public byte[] vector(Vector vector) {
        return vector == Vector.DIGEST ? digest() : hashedBytes();
    }

    /** What the signer must sign; needs a key. */
    public SigningRequest signingRequest() {
        requireKey();
        boolean pure = settings.get(ImageOption.PURE);
        return new SigningRequest(key.algorithm(), hash, digest, pure ? hashedBytes() : digest, pure);
    }

    /**
     * Adds the signature a signer returned for {@link #signingRequest()}, whether it came a moment
     * ago from an HSM or days later from an offline ceremony. Unlike imgtool, a signature that does
     * not verify against the expected key is refused here, before anything is written.
     *
     * @param source names where the signature came from, for the message when it does not verify
     */
    public SignedImage withSignature(byte[] signature, String source) {
        return assemble(signature, signingRequest().message(), source);
    }

    /** The image with its hash TLV only: no key was given. */
    public SignedImage withoutSignature() {
        if (key != null) {
            throw new IllegalStateException("image prepared for a key needs a signature");
        }
        return finish(unprotectedBeforeSignature());
    }

    private SignedImage assemble(byte[] signature, byte[] message, String source) {
        byte[] value;
        try {
            value = SignatureCodec.toTlvValue(key.algorithm(), signature);
        } catch (org.zephyrsign.crypto.SignatureException e) {
            throw new org.zephyrsign.crypto.SignatureException("the signature from " + source + ": " + e.getMessage()
                    + "; nothing was written", e);
        }
        if (settings.get(ImageOption.PAD_SIG) && key.algorithm().isEcdsa()) {
            value = SignatureCodec.padEcdsa(key.algorithm(), value);
        }
        SignatureVerifier.require(key, message, value, source);
        List<Tlv> tlvs = unprotectedBeforeSignature();
        tlvs.add(new Tlv(TlvType.signature(key.algorithm()), value));
        return finish(tlvs);
    }

    private List<Tlv> unprotectedBeforeSignature() {
        List<Tlv> tlvs = new ArrayList<>();
        tlvs.add(new Tlv(TlvType.hash(hash), digest));
        if (settings.get(ImageOption.PURE)) {
            tlvs.add(new Tlv(TlvType.SIG_PURE, new byte[] {1}));
        }
        if (key != null) {
            tlvs.add(settings.get(ImageOption.PUBLIC_KEY_FORMAT) == PublicKeyFormat.HASH
                    ? new Tlv(TlvType.KEYHASH, key.keyHash(hash))
                    : new Tlv(TlvType.PUBKEY, key.mcubootEncoding()));
        }
        return tlvs;
    }

    private SignedImage finish(List<Tlv> unprotected) {
        ImageBody finalBody = body;
        int encTlvLength = -1;
        if (encryption != null) {
            SecureRandom random = new SecureRandom();
            byte[] aesKey = new byte[encryption.aesKeyLength()];
            random.nextBytes(aesKey);
            byte[] wrapped = encryption.key().wrap(aesKey, encryption.hmacSha512(), random);
            encTlvLength = wrapped.length;
            unprotected.add(new Tlv(TlvType.keyExchange(encryption.key().kind(), encryption.hmacSha512()), wrapped));
            if (!encryption.clear()) {
                // A fresh AES key per image, so the all-zero counter block never repeats under one key.
                finalBody = body.withPayload(plain -> EncryptionKey.aesCtr(aesKey, plain));
            }
        }
        byte[] unprotectedArea = TlvArea.encode(TlvArea.UNPROTECTED_MAGIC, unprotected,
                settings.get(ImageOption.ENDIAN));
        int trailerSize = Trailer.size(settings, encTlvLength);
        long imageSize = finalBody.length() + protectedArea.length + unprotectedArea.length;
        long slotSize = settings.get(ImageOption.SLOT_SIZE);
        if (imageSize + trailerSize > slotSize) {
            throw settings.invalid(ImageOption.SLOT_SIZE, String.format(
                    "image size (0x%x) + trailer (0x%x) exceeds requested size 0x%x by %d bytes",
                    imageSize, trailerSize, slotSize, imageSize + trailerSize - slotSize));
        }
        return new SignedImage(settings, finalBody, protectedArea, unprotectedArea, unprotected, digest, baseAddress);
    }

    private void requireKey() {
        if (key == null) {
            throw new IllegalStateException("no signing key: the image is unsigned");
        }
    }
}
