package org.zephyrsign.image;

import java.nio.file.Path;
import java.util.HexFormat;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.HashAlgorithm;
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
        StringBuilder s = new StringBuilder("{\n");
        field(s, "format", quote(FORMAT));
        field(s, "vector", quote(vector.name().toLowerCase(java.util.Locale.ROOT)));
        field(s, "vectorFile", quote(vectorFile.getFileName().toString()));
        field(s, "vectorSha256", quote(hex.formatHex(HashAlgorithm.SHA256.digest(image.vector(vector)))));
        field(s, "algorithm", key == null ? "null" : quote(key.algorithm().name()));
        field(s, "signatureForm", key == null ? "null" : quote(signatureForm(key, image.settings().pure())));
        field(s, "hash", quote(image.hashAlgorithm().name()));
        field(s, "imageDigest", quote(hex.formatHex(image.digest())));
        field(s, "publicKeySha256", key == null ? "null"
                : quote(hex.formatHex(HashAlgorithm.SHA256.digest(key.mcubootEncoding()))));
        field(s, "version", quote(image.settings().version().toString()));
        s.setLength(s.length() - 2);
        return s.append("\n}\n").toString();
    }

    private static String signatureForm(McubootPublicKey key, boolean pure) {
        return switch (key.algorithm()) {
            case ED25519 -> pure ? "Ed25519 over the payload file (64 bytes)" : "Ed25519 over the 32/64-byte digest as message (64 bytes)";
            case ECDSA_P256, ECDSA_P384 -> "ECDSA over the digest (prehashed), DER or raw r||s";
            case RSA_2048, RSA_3072 -> "RSA-PSS over the digest: SHA-256, MGF1-SHA-256, salt 32";
        };
    }

    private static void field(StringBuilder s, String name, String value) {
        s.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
