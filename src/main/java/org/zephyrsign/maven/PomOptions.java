package org.zephyrsign.maven;

import java.nio.file.Path;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.OptionSource;

/** How a POM names image options: the parameter element and its user property. */
final class PomOptions {
    static final String PROPERTY_PREFIX = "zephyr.";

    private PomOptions() {
    }

    /** The POM element an option is set with: its name, but {@code customTlvs} for both custom TLV forms. */
    static String element(ImageOption<?> option) {
        return option == ImageOption.CUSTOM_TLV || option == ImageOption.CUSTOM_TLV_FILE ? "customTlvs"
                : option.name();
    }

    /** Names {@code <slotSize> (-Dzephyr.slotSize)}; paths relative to the project directory. */
    static OptionSource source(Path basedir) {
        return new OptionSource() {
            @Override
            public String name(ImageOption<?> option) {
                String element = element(option);
                return option.name().equals(element) ? "<" + element + "> (-D" + PROPERTY_PREFIX + element + ")"
                        : "<" + element + ">";
            }

            @Override
            public Path resolve(String path) {
                return basedir.resolve(path);
            }
        };
    }
}
