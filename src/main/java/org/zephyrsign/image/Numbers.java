package org.zephyrsign.image;

import java.util.Locale;

/**
 * Parses numbers the way imgtool's command line does (Python's {@code int(text, 0)}): decimal,
 * 0x hex, 0o octal, 0b binary, underscores between digits, surrounding blanks ignored.
 */
final class Numbers {
    private Numbers() {
    }

    static long parseUnsigned(String text, long min, long max) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        long value;
        try {
            if (t.contains("__") || t.startsWith("_") || t.endsWith("_")) {
                throw new NumberFormatException();
            }
            String digits = t.replace("_", "");
            if (digits.startsWith("0x")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (digits.startsWith("0o")) {
                value = Long.parseLong(digits.substring(2), 8);
            } else if (digits.startsWith("0b")) {
                value = Long.parseLong(digits.substring(2), 2);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                throw new NumberFormatException(); // Python refuses "010": octal needs 0o
            } else {
                value = Long.parseLong(digits);
            }
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + text + "' is not a number (decimal, or 0x hex)");
        }
        if (value < min || value > max) {
            throw new InvalidValueException("'" + text + "' is out of range (" + range(min, max) + ")");
        }
        return value;
    }

    private static String range(long min, long max) {
        return max > 0xffff ? "0x" + Long.toHexString(min) + " to 0x" + Long.toHexString(max) : min + " to " + max;
    }
}
