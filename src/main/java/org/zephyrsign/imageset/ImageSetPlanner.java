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
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.zephyr.ZephyrBuildOutput;
import org.zephyrsign.zephyr.ZephyrVersion;
import org.zephyrsign.zephyr.ncs.DfuApplicationZip;
import org.zephyrsign.zephyr.ncs.NcsBuild;

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
        NcsBuild ncs = NcsBuild.detect(request.applicationBuild(), request.westTopdir());
        if (ncs != null) {
            return planNcs(ncs);
        }
        ZephyrBuildOutput build = ZephyrBuildOutput.at(request.applicationBuild());
        ImageSettings settings = settings(build);
        Path input = build.image();
        String base = output.getFileName().toString().replaceFirst("\\.(bin|hex)$", "");
        Path dir = output.toAbsolutePath().getParent();
        List<ImageSetMember> members = new ArrayList<>();
        members.add(new ImageSetMember(ImageRole.APPLICATION, input, settings, output, Classifiers.SIGNED));
        Path hex = input.resolveSibling("zephyr.hex");
        ImageSettings hexSettings = null;
        if (!Firmware.isHex(input) && Files.isRegularFile(hex)) {
            hexSettings = settings;
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
            if (hexSettings != null) {
                // as Zephyr's zephyr.signed.confirmed.hex: the HEX form (never compressed) of the confirmed image
                ImageSettings confirmedHex = hexSettings.with(ImageOption.CONFIRM, true,
                        request.naming().takenFrom("CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE in " + build.config().file(),
                                build.directory()));
                members.add(new ImageSetMember(ImageRole.CONFIRMED, hex, confirmedHex,
                        dir.resolve(base + ".confirmed.hex"), Classifiers.CONFIRMED));
            }
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

    /**
     * An nRF Connect SDK build: the files NCS's own build would sign (NcsBuild), each made with the
     * arguments NCS would give imgtool (logged as NCS's command line, then each value with its
     * source), and dfu_application.zip as NCS's zip.cmake makes it, from these images.
     */
    private ImageSet planNcs(NcsBuild ncs) {
        info.accept(ncs.description());
        if (ncs.versionWarning() != null) {
            warn.accept(ncs.versionWarning());
        }
        if (!request.domains().isEmpty()) {
            throw new ZephyrSignException("further sysbuild domains " + request.domains() + " are not taken for an "
                    + "nRF Connect SDK build: the network core is signed as NCS signs it (SB_CONFIG_NETCORE_APP_UPDATE "
                    + "in " + ncs.directory().getParent() + "/zephyr/.config); remove them");
        }
        Path output = request.output();
        String base = output.getFileName().toString().replaceFirst("\\.(bin|hex)$", "");
        Path dir = output.toAbsolutePath().getParent();
        List<ImageSetMember> members = new ArrayList<>();
        java.util.Map<NcsBuild.Kind, Path> written = new java.util.EnumMap<>(NcsBuild.Kind.class);
        for (NcsBuild.Output o : ncs.outputs(warn)) {
            info.accept("NCS would run (" + o.domain() + "): " + o.commandLine());
            ImageSettings s = settings(o.arguments(), ncs.directory(), members.isEmpty()
                    ? "Image parameters from the nRF Connect SDK build (as its image_signing.cmake passes them):" : null);
            ImageSetMember m = switch (o.kind()) {
                case APPLICATION -> new ImageSetMember(ImageRole.APPLICATION, o.input(), s, output, Classifiers.SIGNED);
                case APPLICATION_HEX -> members.isEmpty()
                        ? new ImageSetMember(ImageRole.APPLICATION, o.input(), s, dir.resolve(base + ".hex"),
                                Classifiers.SIGNED)
                        : new ImageSetMember(ImageRole.APPLICATION_HEX, o.input(), s, dir.resolve(base + ".hex"),
                                Classifiers.SIGNED);
                case ENCRYPTED -> new ImageSetMember(ImageRole.ENCRYPTED, o.input(), s,
                        dir.resolve(base + ".encrypted.bin"), Classifiers.ENCRYPTED);
                case ENCRYPTED_HEX -> new ImageSetMember(ImageRole.ENCRYPTED, o.input(), s,
                        dir.resolve(base + ".encrypted.hex"), Classifiers.ENCRYPTED);
                case NETWORK_CORE -> new ImageSetMember(ImageRole.DOMAIN, o.input(), s,
                        dir.resolve(base + "-" + o.domain() + ".bin"), o.domain());
                case NETWORK_CORE_HEX -> new ImageSetMember(ImageRole.DOMAIN, o.input(), s,
                        dir.resolve(base + "-" + o.domain() + ".hex"), o.domain());
            };
            members.add(m);
            written.put(o.kind(), m.output());
        }
        NcsBuild.ZipPlan zip = ncs.zipPlan(warn);
        if (zip == null) {
            return new ImageSet(members);
        }
        List<DfuApplicationZip.Member> files = new ArrayList<>();
        for (NcsBuild.ZipEntry e : zip.entries()) {
            Path file = written.get(e.kind());
            if (file == null) {
                throw new ZephyrSignException("dfu_application.zip needs " + e.name() + ", which this nRF Connect SDK "
                        + "build does not make (CONFIG_BUILD_OUTPUT_BIN?)");
            }
            files.add(new DfuApplicationZip.Member(e.name(), file, e.manifest()));
        }
        DfuApplicationZip dfu = new DfuApplicationZip(DfuApplicationZip.besides(output), zip.appName(), files,
                zip.shared());
        info.accept("SB_CONFIG_DFU_ZIP: also dfu_application.zip as NCS's zip.cmake makes it ("
                + String.join(", ", files.stream().map(DfuApplicationZip.Member::name).toList()) + ")");
        return new ImageSet(members, dfu);
    }

    /** The three layers: defaults, then the build (when there is one), then the user's settings. */
    private ImageSettings settings(ZephyrBuildOutput build) {
        return build == null ? settings(null, null, null) : settings(build.imgtoolArguments(warn), build.directory(),
                "Image parameters from the Zephyr build (" + ZephyrVersion.signingSource(build.zephyrVersion()) + "):");
    }

    /**
     * @param buildArguments what the build implies, or null for no build
     * @param heading logged before the arguments and their origins; null logs only the overrides
     */
    private ImageSettings settings(List<ZephyrBuildOutput.ImgtoolArguments> buildArguments, Path buildDirectory,
            String heading) {
        ImageSettings.Builder b = ImageSettings.builder(request.naming());
        request.defaults().accept(b);
        if (buildArguments != null) {
            if (heading != null) {
                info.accept(heading);
            }
            for (ZephyrBuildOutput.ImgtoolArguments args : buildArguments) {
                if (heading != null) {
                    info.accept("  " + String.join(" ", args.arguments()) + " from " + args.origin());
                }
                ImgtoolCommandLine cl = ImgtoolCommandLine.parse(args.arguments().toArray(String[]::new), 0,
                        ImgtoolCommandLine.imageOptionSpecs(), args.origin());
                cl.applyImageOptions(b, request.naming().takenFrom(args.origin(), buildDirectory));
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
