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
            int id = Integer.parseInt(m.group(1));
            if (id > 0xff) {
                throw new InvalidOptionException(ImageOption.DEPENDENCIES, "image id " + id + " exceeds 255");
            }
            ImageVersion version;
            try {
                version = ImageVersion.parse(m.group(2));
            } catch (InvalidOptionException e) {
                throw new InvalidOptionException(ImageOption.DEPENDENCIES, e.problem());
            }
            out.add(new Dependency(id, version));
            end = m.end();
        }
        if (out.isEmpty() || !text.substring(end).isBlank()) {
            throw new InvalidOptionException(ImageOption.DEPENDENCIES, "'" + text
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
