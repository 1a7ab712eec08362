package org.zephyrsign.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MCUboot's {@code struct image_version}: major.minor.revision+build. */
public record ImageVersion(int major, int minor, int revision, long build) {
    private static final Pattern FORMAT = Pattern.compile(
            "(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*)(?:\\+(0|[1-9]\\d*))?)?)?");

    public static final ImageVersion ZERO = new ImageVersion(0, 0, 0, 0);

    public ImageVersion {
        if (major < 0 || major > 0xff || minor < 0 || minor > 0xff || revision < 0 || revision > 0xffff
                || build < 0 || build > 0xffffffffL) {
            throw new IllegalArgumentException("version part out of range");
        }
    }

    /** Parses imgtool's form, later parts optional ("1", "1.2", "1.2.3", "1.2.3+4"). */
    public static ImageVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        String problem = "invalid version number '" + text
                + "', should be maj.min.rev+build with later parts optional";
        if (!m.matches()) {
            throw new InvalidValueException(problem);
        }
        try {
            return new ImageVersion(Integer.parseInt(m.group(1)), part(m.group(2)), part(m.group(3)),
                    m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(problem + " (major and minor at most 255, revision 65535, build 4294967295)");
        }
    }

    private static int part(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    /** "maj.min.rev", as the boot record carries it. */
    public String withoutBuild() {
        return major + "." + minor + "." + revision;
    }

    @Override
    public String toString() {
        return withoutBuild() + "+" + build;
    }
}
