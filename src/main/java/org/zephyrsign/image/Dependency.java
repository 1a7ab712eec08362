package org.zephyrsign.image;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DEPENDENCY TLV: this image needs image {@code imageId} at {@code version} or newer. */
public record Dependency(int imageId, ImageVersion version) {
    private static final Pattern ONE = Pattern.compile("\\(\\s*(\\d+)\\s*,\\s*([^()\\s,]+)\\s*\\)");

    /** imgtool's {@code -d} form: {@code "(1,2.0.0+0)"} or {@code "(1, 1.2.3), (2, 3.0.0)"}. */
    public static List<Dependency> parseList(String text) {
        List<Dependency> out = new ArrayList<>();
        Matcher m = ONE.matcher(text);
        int end = 0;
        while (m.find()) {
            if (!text.substring(end, m.start()).replace(",", "").isBlank()) {
                break;
            }
            // Up to 9 digits fit an int; more is out of range anyway.
            int id = m.group(1).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(m.group(1));
            if (id > 0xff) {
                throw new InvalidValueException("image id " + m.group(1) + " exceeds 255");
            }
            if (out.stream().anyMatch(d -> d.imageId() == id)) {
                throw new InvalidValueException("image " + id + " listed twice");
            }
            out.add(new Dependency(id, ImageVersion.parse(m.group(2))));
            end = m.end();
        }
        if (out.isEmpty() || !text.substring(end).isBlank()) {
            throw new InvalidValueException("'" + text
                    + "' is not of the form \"(image_id,maj.min.rev+build)\", several separated by commas");
        }
        return List.copyOf(out);
    }

    /** TLV value: image id (u8), 3 zero bytes, major (u8), minor (u8), revision (u16), build (u32). */
    byte[] encode(Endian endian) {
        byte[] v = new byte[12];
        v[0] = (byte) imageId;
        v[4] = (byte) version.major();
        v[5] = (byte) version.minor();
        endian.putU16(v, 6, version.revision());
        endian.putU32(v, 8, version.build());
        return v;
    }
}
