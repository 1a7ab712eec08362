package org.zephyrsign.image;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import org.zephyrsign.JsonWriter;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.UnsignedImage;

/**
 * The machine-readable half of two-phase signing: beside the digest (or payload) to sign, a small
 * JSON file says which algorithm and hash the signature must use, the digest, and which public key
 * the image expects, so the signing party can check what it is asked to sign.
 */
public final class SigningRequestFile {
    public static final String FORMAT = "zephyrsign-signing-request/1";

    private SigningRequestFile() {
    }

    public static String json(UnsignedImage image, UnsignedImage.Vector vector, Path vectorFile) {
        HexFormat hex = HexFormat.of();
        McubootPublicKey key = image.publicKey();
        boolean pure = image.settings().get(ImageOption.PURE);
        return new JsonWriter().beginObject()
                .name("format").value(FORMAT)
                .name("vector").value(vector.name().toLowerCase(Locale.ROOT))
                .name("vectorFile").value(vectorFile.getFileName().toString())
                .name("vectorSha256").value(hex.formatHex(HashAlgorithm.SHA256.digest(image.vector(vector))))
                .name("algorithm").value(key == null ? null : key.algorithm().name())
                .name("signatureForm").value(key == null ? null : signatureForm(key, pure))
                .name("hash").value(image.hashAlgorithm().name())
                .name("imageDigest").value(hex.formatHex(image.digest()))
                .name("publicKeySha256").value(key == null ? null
                        : hex.formatHex(HashAlgorithm.SHA256.digest(key.mcubootEncoding())))
                .name("version").value(image.settings().get(ImageOption.VERSION).toString())
                .name("stage").value(stage(image))
                .endObject() + "\n";
    }

    /** Which signature of the image this is, and what comes after it. */
    private static String stage(UnsignedImage image) {
        if (image.isCompressionSource()) {
            return "1 of 2: the uncompressed image, whose signature the compressed image carries (DECOMP_SIGNATURE); "
                    + "run phase one again with this signature to get what the compressed image needs signed "
                    + "(unless compression does not make the image smaller: then this signature is the only one)";
        }
        if (image.isCompressed()) {
            return "2 of 2: the compressed image; phase two takes both signatures";
        }
        return "1 of 1: the image";
    }

    private static String signatureForm(McubootPublicKey key, boolean pure) {
        return switch (key.algorithm()) {
            case ED25519 -> pure ? "Ed25519 over the payload file (64 bytes)" : "Ed25519 over the 32/64-byte digest as message (64 bytes)";
            case ECDSA_P256, ECDSA_P384 -> "ECDSA over the digest (prehashed), DER or raw r||s";
            case RSA_2048, RSA_3072 -> "RSA-PSS over the digest: SHA-256, MGF1-SHA-256, salt 32";
        };
    }
}
