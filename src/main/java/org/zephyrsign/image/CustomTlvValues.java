package org.zephyrsign.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** imgtool's custom TLV values: "0x..." is hex bytes (even length), anything else a UTF-8 string. */
public final class CustomTlvValues {
    private CustomTlvValues() {
    }

    public static byte[] parse(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            String hex = text.substring(2);
            if (hex.length() % 2 != 0) {
                throw new InvalidOptionException(ImageOption.CUSTOM_TLV, "custom TLV length is odd ('" + text + "')");
            }
            try {
                return HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(ImageOption.CUSTOM_TLV, "'" + text + "' is not hex");
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] fromFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidOptionException(ImageOption.CUSTOM_TLV, "cannot read custom TLV file " + file);
        }
    }
}
