package org.zephyrsign.signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;
import org.zephyrsign.IoReasons;

/**
 * Reads a signature made outside the build: base64 (as imgtool's {@code --fix-sig} takes it), or
 * the raw bytes an HSM or openssl wrote (DER or r||s for ECDSA). Whether it is right is decided
 * later, by verification against the expected public key.
 */
public final class DetachedSignature {
    private static final Pattern BASE64_TEXT = Pattern.compile("[A-Za-z0-9+/=\\s]{16,}");

    private DetachedSignature() {
    }

    /** No signature comes near this (an RSA-3072 one in base64 is 512 bytes); a larger file is something else. */
    static final int MAX_SIZE = 64 * 1024;

    public static byte[] read(Path file) {
        byte[] content = IoReasons.readSmall(file, MAX_SIZE, reason -> new SignerConfigException("signature file "
                + file + ": " + reason));
        if (content.length == 0) {
            throw new SignerConfigException("signature file " + file + ": is empty");
        }
        return decode(content);
    }

    /** Base64 when the whole file is base64 text (a binary signature practically never is), else raw. */
    public static byte[] decode(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1).strip();
        if (BASE64_TEXT.matcher(text).matches()) {
            try {
                return Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                return content.clone();
            }
        }
        return content.clone();
    }
}
