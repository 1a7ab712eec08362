package org.zephyrsign.image;

/** Parses numbers the way imgtool's command line does: decimal, 0x hex, 0o octal, 0b binary. */
public final class Numbers {
    private Numbers() {
    }

    public static long parseUnsigned(ImageOption option, String text, long max) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        long value;
        try {
            if (t.startsWith("0x")) {
                value = Long.parseLong(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                value = Long.parseLong(t.substring(2), 8);
            } else if (t.startsWith("0b")) {
                value = Long.parseLong(t.substring(2), 2);
            } else {
                value = Long.parseLong(t);
            }
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(option, "'" + text + "' is not a number (decimal or 0x hex)");
        }
        if (value < 0 || value > max) {
            throw new InvalidOptionException(option, "'" + text + "' is out of range (0 to 0x" + Long.toHexString(max) + ")");
        }
        return value;
    }

    public static int parseInt(ImageOption option, String text, int max) {
        return (int) parseUnsigned(option, text, max);
    }
}
