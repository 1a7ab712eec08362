package org.zephyrsign.imageset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImgtoolCommandLine;
import org.zephyrsign.image.OptionSource;
import org.zephyrsign.zephyr.ZephyrBuildOutput;

/**
 * Decides which images a build makes, and with which settings. Given a firmware file, that one
 * image. Given a Zephyr build, what Zephyr's own {@code cmake/mcuboot.cmake} would make from it:
 * the application image with the parameters the build implies, its Intel HEX form, a confirmed
 * image and an encrypted image when the build's Kconfig asks for them, and the images of further
 * sysbuild domains.
 *
 * <p>Settings come in three layers, later ones winning: the front end's defaults, what the Zephyr
 * build implies, and what the user set (POM, {@code -D}, command line).
 */
public final class ImageSetPlanner {
    /**
     * What to plan.
     *
     * @param firmware the firmware file to sign, or null to take the Zephyr build's
     * @param applicationBuild the Zephyr build of the application (for sysbuild, its domain directory)
     * @param output where the application image goes; the other members are named after it
     * @param domains further sysbuild domains, siblings of the application's build directory
     * @param naming how the front end names image options, for what the build implies
     * @param defaults the front end's defaults, for options neither the build nor the user set
     * @param userSettings what the user set; it overrides the build
     * @param westTopdir the west workspace, against which Zephyr resolves relative key files; asked
     *     only when needed
     */
    public record Request(Path firmware, Path applicationBuild, Path output, List<String> domains,
            OptionSource naming, Consumer<ImageSettings.Builder> defaults,
            Consumer<ImageSettings.Builder> userSettings, Supplier<Path> westTopdir) {
        public Request {
            domains = List.copyOf(domains);
        }
    }

    private final Request request;
    private final Consumer<String> info;
    private final Consumer<String> warn;

    private ImageSetPlanner(Request request, Consumer<String> info, Consumer<String> warn) {
        this.request = request;
        this.info = info;
        this.warn = warn;
    }

    /**
     * @param info receives where each setting came from
     * @param warn receives Zephyr's own warnings about the build (a missing write-block-size)
     */
    public static ImageSet plan(Request request, Consumer<String> info, Consumer<String> warn) {
        return new ImageSetPlanner(request, info, warn).plan();
    }

    private ImageSet plan() {
        Path output = request.output();
        if (request.firmware() != null) {
            return new ImageSet(List.of(new ImageSetMember(ImageRole.APPLICATION, request.firmware(),
                    settings(null), output, Classifiers.SIGNED)));
        }
        ZephyrBuildOutput build = ZephyrBuildOutput.at(request.applicationBuild());
        ImageSettings settings = settings(build);
        Path input = build.image();
        String base = output.getFileName().toString().replaceFirst("\\.(bin|hex)$", "");
        Path dir = output.toAbsolutePath().getParent();
        List<ImageSetMember> members = new ArrayList<>();
        members.add(new ImageSetMember(ImageRole.APPLICATION, input, settings, output, Classifiers.SIGNED));
        Path hex = input.resolveSibling("zephyr.hex");
        if (!Firmware.isHex(input) && Files.isRegularFile(hex)) {
            ImageSettings hexSettings = settings;
            if (build.compressesBinaries() && settings.get(ImageOption.COMPRESSION) != null) {
                // as the nRF Connect SDK's image_signing.cmake: the HEX is flashed, not sent as an update
                hexSettings = settings.with(ImageOption.COMPRESSION, null, request.naming().takenFrom(
                        "the nRF Connect SDK's build, which compresses only the .bin outputs", build.directory()));
            }
            members.add(new ImageSetMember(ImageRole.APPLICATION_HEX, hex, hexSettings, dir.resolve(base + ".hex"),
                    Classifiers.SIGNED));
        }
        if (build.wantsConfirmedImage()) {
            info.accept("CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE: also a padded, confirmed image");
            ImageSettings confirmed = settings.with(ImageOption.CONFIRM, true,
                    request.naming().takenFrom("CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE in " + build.config().file(),
                            build.directory()));
            members.add(new ImageSetMember(ImageRole.CONFIRMED, input, confirmed, dir.resolve(base + ".confirmed.bin"),
                    Classifiers.CONFIRMED));
        }
        Path key = settings.isSet(ImageOption.ENCRYPT) ? null : build.encryptionKey(request.westTopdir());
        if (key != null) {
            info.accept("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE: also an image encrypted for " + key);
            ImageSettings encrypted = settings.with(ImageOption.ENCRYPT, key, request.naming().takenFrom(
                    "CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE in " + build.config().file(), build.directory()));
            members.add(new ImageSetMember(ImageRole.ENCRYPTED, input, encrypted, dir.resolve(base + ".encrypted.bin"),
                    Classifiers.ENCRYPTED));
        }
        for (String domain : request.domains()) {
            ZephyrBuildOutput other = ZephyrBuildOutput.at(request.applicationBuild().resolveSibling(domain));
            info.accept("Sysbuild domain " + domain + ":");
            members.add(new ImageSetMember(ImageRole.DOMAIN, other.image(), settings(other),
                    dir.resolve(base + "-" + domain + ".bin"), domain));
        }
        return new ImageSet(members);
    }

    /** The three layers: defaults, then the build (when there is one), then the user's settings. */
    private ImageSettings settings(ZephyrBuildOutput build) {
        ImageSettings.Builder b = ImageSettings.builder(request.naming());
        request.defaults().accept(b);
        if (build != null) {
            info.accept("Image parameters from the Zephyr build (as cmake/mcuboot.cmake would pass them):");
            for (ZephyrBuildOutput.ImgtoolArguments args : build.imgtoolArguments(warn)) {
                info.accept("  " + String.join(" ", args.arguments()) + " from " + args.origin());
                ImgtoolCommandLine cl = ImgtoolCommandLine.parse(args.arguments().toArray(String[]::new), 0,
                        ImgtoolCommandLine.imageOptionSpecs(), args.origin());
                cl.applyImageOptions(b, request.naming().takenFrom(args.origin(), build.directory()));
            }
            ImageSettings.Builder mine = ImageSettings.builder(request.naming());
            request.userSettings().accept(mine);
            List<String> overridden = new ArrayList<>();
            for (ImageOption<?> o : ImageOption.all()) {
                if (mine.isSet(o)) {
                    overridden.add(request.naming().name(o));
                }
            }
            if (!overridden.isEmpty()) {
                info.accept("Set by you, overriding the build: " + String.join(", ", overridden));
            }
        }
        request.userSettings().accept(b);
        return b.build();
    }
}
