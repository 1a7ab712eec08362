package org.zephyrsign.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.zephyrsign.JsonWriter;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureException;
import org.zephyrsign.image.UnsignedImage;

/**
 * The machine-readable half of two-phase signing: beside the digest (or payload) to sign, a small
 * JSON file says which algorithm and hash the signature must use, the digest, and which public key
 * the image expects, so the signing party can check what it is asked to sign.
 */
public final class SigningRequestFile {
    public static final String FORMAT = "zephyrsign-signing-request/1";

    /**
     * What a signing request file says that phase two checks against: the digest the signature was
     * asked for, its hash, and the public key it was meant for (null when phase one had no signer).
     */
    public record Request(String imageDigest, String hash, String publicKeySha256) {
    }

    private SigningRequestFile() {
    }

    /** Reads a file {@link #json} wrote; anything else fails naming the file. */
    public static Request read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ZephyrSignException("cannot read the signing request " + file);
        }
        Map<String, String> fields;
        try {
            fields = new FlatJson(text).object();
        } catch (IllegalArgumentException e) {
            throw new ZephyrSignException("the signing request " + file + " is not valid JSON: " + e.getMessage());
        }
        if (!FORMAT.equals(fields.get("format")) || fields.get("imageDigest") == null) {
            throw new ZephyrSignException("the signing request " + file + " is not a " + FORMAT + " file");
        }
        return new Request(fields.get("imageDigest"), fields.get("hash"), fields.get("publicKeySha256"));
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

    /**
     * Why a signature made for the request in {@code requestFile} cannot fit the image that
     * {@code firmware} and {@code settings} make now with {@code key}, or null when it can: the
     * request was made for another public key, or its digest is none of the image's (the firmware or
     * an image setting changed since the request was written). Names both digests.
     *
     * @param known signatures already made, which lead to the later images of a compressed image
     *     (its own digest exists only once the uncompressed image is signed)
     */
    public static String mismatch(Path requestFile, Firmware firmware, ImageSettings settings, McubootPublicKey key,
            Function<SigningRequest, Optional<byte[]>> known) {
        Request request = read(requestFile);
        HexFormat hex = HexFormat.of();
        if (request.publicKeySha256() != null) {
            String keySha256 = hex.formatHex(HashAlgorithm.SHA256.digest(key.mcubootEncoding()));
            if (!request.publicKeySha256().equalsIgnoreCase(keySha256)) {
                return requestFile + " asks for a signature by another key (public key sha256 "
                        + request.publicKeySha256() + ") than the signer's " + key + " (sha256 " + keySha256 + ")";
            }
        }
        UnsignedImage first = ImageBuilder.build(firmware, settings, request.publicKeySha256() == null ? null : key);
        for (UnsignedImage stage = first; stage != null;) {
            if (hex.formatHex(stage.digest()).equalsIgnoreCase(request.imageDigest())) {
                return null;
            }
            Optional<byte[]> signature = stage.publicKey() == null ? Optional.empty()
                    : known.apply(stage.signingRequest());
            if (signature.isEmpty()) {
                break;
            }
            try {
                stage = stage.followUp(stage.withSignature(signature.get(), "a signature already made"));
            } catch (SignatureException notForThisImage) {
                break;
            }
        }
        return "the firmware or the image settings changed since " + requestFile + " was written: the image "
                + "digest (" + first.hashAlgorithm() + ") is now " + hex.formatHex(first.digest())
                + ", the signature was asked for " + request.imageDigest();
    }

    /** Just enough JSON for this file: one object whose values are strings, null, numbers or booleans. */
    private static final class FlatJson {
        private final String s;
        private int i;

        FlatJson(String s) {
            this.s = s;
        }

        Map<String, String> object() {
            Map<String, String> out = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
            } else {
                do {
                    String name = string();
                    expect(':');
                    out.put(name, value());
                } while (next(',', '}') == ',');
            }
            if (peek() != 0) {
                throw new IllegalArgumentException("unexpected text after the object");
            }
            return out;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "-+.eE0123456789abcdefghijklmnopqrstuvwxyz".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String word = s.substring(start, i);
            if (word.equals("null")) {
                return null;
            }
            if (word.equals("true") || word.equals("false") || word.matches("-?[0-9][0-9.eE+-]*")) {
                return word;
            }
            throw new IllegalArgumentException("unexpected value at offset " + start);
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = i < s.length() ? s.charAt(i++) : 0;
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("short \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape at offset " + (i - 1));
                }
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
            }
            i++;
        }

        private char next(char a, char b) {
            char c = peek();
            if (c != a && c != b) {
                throw new IllegalArgumentException("expected '" + a + "' or '" + b + "' at offset " + i);
            }
            i++;
            return c;
        }

        /** The next character that is not white space (0 at the end), not consumed. */
        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i < s.length() ? s.charAt(i) : 0;
        }
    }

    private static String signatureForm(McubootPublicKey key, boolean pure) {
        return switch (key.algorithm()) {
            case ED25519 -> pure ? "Ed25519 over the payload file (64 bytes)" : "Ed25519 over the 32/64-byte digest as message (64 bytes)";
            case ECDSA_P256, ECDSA_P384 -> "ECDSA over the digest (prehashed), DER or raw r||s";
            case RSA_2048, RSA_3072 -> "RSA-PSS over the digest: SHA-256, MGF1-SHA-256, salt 32";
        };
    }
}
