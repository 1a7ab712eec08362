package org.zephyrsign.image;

import java.nio.file.Path;

/** Image settings for tests, written as imgtool options: {@code Settings.of("-H", "0x200", "--pad-header")}. */
public final class Settings {
    private static final OptionSource IMGTOOL = OptionSource.imgtool(Path.of(""));

    private Settings() {
    }

    public static ImageSettings of(String... imgtoolArgs) {
        ImgtoolCommandLine cl = ImgtoolCommandLine.parse(imgtoolArgs, 0, ImgtoolCommandLine.imageOptionSpecs());
        ImageSettings.Builder b = ImageSettings.builder(IMGTOOL);
        cl.applyImageOptions(b, IMGTOOL);
        return b.build();
    }

    /** The vectors' usual layout ({@code -H 0x200 --pad-header --align 4 -S 0x60000 -v 1.0.0}) plus {@code more}. */
    public static ImageSettings vector(String... more) {
        String[] base = {"-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v", "1.0.0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return of(all);
    }
}
