package org.zephyrsign.image;

import java.nio.file.Path;

/**
 * Where image option values come from, seen from the person who wrote them: how to name an option
 * in a message ({@code -H/--header-size} on a command line, a POM element in Maven, a Kconfig
 * setting in a Zephyr build) and what a relative path is relative to. The core never words an
 * option itself; it asks the source.
 */
public interface OptionSource {
    /** How this source's user names the option, e.g. {@code -S/--slot-size}. */
    String name(ImageOption<?> option);

    /** Resolves a path the user wrote. */
    Path resolve(String path);

    /** imgtool's own spelling ({@code -H/--header-size}), paths relative to {@code directory}. */
    static OptionSource imgtool(Path directory) {
        return new OptionSource() {
            @Override
            public String name(ImageOption<?> option) {
                return option.imgtoolName();
            }

            @Override
            public Path resolve(String path) {
                return directory.resolve(path);
            }
        };
    }

    /**
     * Values this source did not write itself but took from somewhere (a Zephyr build): named as
     * this source names them, followed by where they came from, so the user knows both what to set
     * to override them and where they were found.
     */
    default OptionSource takenFrom(String origin, Path directory) {
        OptionSource self = this;
        return new OptionSource() {
            @Override
            public String name(ImageOption<?> option) {
                return self.name(option) + " (taken from " + origin + ")";
            }

            @Override
            public Path resolve(String path) {
                return directory.resolve(path);
            }
        };
    }
}
