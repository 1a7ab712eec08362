package org.zephyrsign.zephyr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.zephyrsign.ZephyrSignException;

/**
 * What a Zephyr build directory says about the image it made: the binary, and the imgtool
 * arguments Zephyr's own {@code cmake/mcuboot.cmake} would sign it with when given a key file
 * (version, header size, slot size, alignment, overwrite-only or RAM load, extra arguments), each
 * with where it came from.
 */
public final class ZephyrBuildOutput {
    /** Some imgtool arguments and where in the build they were found ("CONFIG_ROM_START_OFFSET in .../.config"). */
    public record ImgtoolArguments(List<String> arguments, String origin) {
        public ImgtoolArguments {
            arguments = List.copyOf(arguments);
        }
    }

    private final Path buildDir;
    private final KconfigFile config;
    private final Devicetree devicetree;

    private ZephyrBuildOutput(Path buildDir, KconfigFile config, Devicetree devicetree) {
        this.buildDir = buildDir;
        this.config = config;
        this.devicetree = devicetree;
    }

    /** @param buildDir a Zephyr build directory (for sysbuild, the domain's directory inside it) */
    public static ZephyrBuildOutput at(Path buildDir) {
        Path zephyr = buildDir.resolve("zephyr");
        return new ZephyrBuildOutput(buildDir, KconfigFile.read(zephyr.resolve(".config")),
                Devicetree.read(zephyr.resolve("zephyr.dts")));
    }

    public static boolean exists(Path buildDir) {
        return Files.isRegularFile(buildDir.resolve("zephyr").resolve(".config"));
    }

    public KconfigFile config() {
        return config;
    }

    /** The version of the Zephyr tree that made this build (its generated version.h), or null when unknown. */
    public ZephyrVersion zephyrVersion() {
        return ZephyrVersion.ofBuild(buildDir);
    }

    /** {@code zephyr.bin}, or {@code zephyr.hex} when the build makes only HEX. */
    public Path image() {
        Path zephyr = buildDir.resolve("zephyr");
        Path bin = zephyr.resolve("zephyr.bin");
        if (Files.isRegularFile(bin)) {
            return bin;
        }
        Path hex = zephyr.resolve("zephyr.hex");
        if (Files.isRegularFile(hex)) {
            return hex;
        }
        throw new ZephyrSignException("the Zephyr build in " + buildDir + " produced neither zephyr/zephyr.bin nor "
                + "zephyr/zephyr.hex; enable CONFIG_BUILD_OUTPUT_BIN");
    }

    /**
     * Whether the nRF Connect SDK's build compresses its signed binaries (sysbuild's
     * SB_CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT sets this in the image): its image_signing.cmake
     * passes {@code --compression lzma2armthumb} for the .bin outputs and leaves the HEX
     * uncompressed.
     */
    public boolean compressesBinaries() {
        return config.isEnabled("CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED");
    }

    /** Whether the build asks for a confirmed image too (CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE). */
    public boolean wantsConfirmedImage() {
        return config.isEnabled("CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE");
    }

    /**
     * CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE, resolved as cmake/mcuboot.cmake does: a relative path is
     * relative to the west workspace. Null when unset.
     *
     * @param westTopdir asked only for a relative path
     */
    public Path encryptionKey(Supplier<Path> westTopdir) {
        String file = config.get("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE");
        if (file == null || file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        return p.isAbsolute() ? p : westTopdir.get().resolve(p);
    }

    /**
     * The arguments {@code cmake/mcuboot.cmake} passes to {@code imgtool sign}, less the key, in its
     * order, each group with the setting it comes from.
     *
     * @param warn receives the write-block-size fallback warning, as Zephyr's build prints it
     */
    public List<ImgtoolArguments> imgtoolArguments(Consumer<String> warn) {
        List<ImgtoolArguments> args = new ArrayList<>();
        String configFile = config.file().toString();
        String version = config.get("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION");
        args.add(new ImgtoolArguments(List.of("--version", version == null || version.isEmpty() ? "0.0.0+0" : version),
                version == null ? "Zephyr's default, CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION being unset in " + configFile
                        : "CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION in " + configFile));
        args.add(new ImgtoolArguments(List.of("--header-size", require("CONFIG_ROM_START_OFFSET")),
                "CONFIG_ROM_START_OFFSET in " + configFile));

        boolean slot0 = config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_SINGLE_APP")
                || (config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_FIRMWARE_UPDATER")
                        && !config.isEnabled("CONFIG_MCUBOOT_APPLICATION_FIRMWARE_UPDATER"));
        String slotLabel = slot0 ? "slot0_partition" : "slot1_partition";
        args.add(new ImgtoolArguments(List.of("--slot-size", hex(partition(slotLabel).reg()[1])),
                "the size of " + slotLabel + " in " + devicetree.file()));

        if (config.isEnabled("CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY")) {
            args.add(new ImgtoolArguments(List.of("--overwrite-only", "--align", "1"),
                    "CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY in " + configFile));
        } else if (config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD")) {
            Devicetree.Node sram = devicetree.chosen("zephyr,sram");
            if (sram == null) {
                throw new ZephyrSignException("RAM load needs the chosen zephyr,sram node in " + devicetree.file());
            }
            args.add(new ImgtoolArguments(List.of("--align", "1"),
                    "CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD in " + configFile));
            args.add(new ImgtoolArguments(List.of("--load-addr", hex(sram.reg()[0])),
                    "the address of the chosen zephyr,sram (" + sram.path() + ") in " + devicetree.file()));
            args.add(new ImgtoolArguments(List.of("--hex-addr", hex(hexAddress())),
                    "the address of slot0_partition in " + devicetree.file()));
        } else {
            Devicetree.Node flash = devicetree.chosen("zephyr,flash");
            List<Long> wbs = flash == null ? List.of() : flash.cells("write-block-size");
            if (wbs.isEmpty()) {
                warn.accept("slot0_partition write block size devicetree parameter is missing, assuming write block "
                        + "size is 4");
                args.add(new ImgtoolArguments(List.of("--align", "4"),
                        "Zephyr's default: no write-block-size on the chosen zephyr,flash in " + devicetree.file()));
            } else {
                args.add(new ImgtoolArguments(List.of("--align", String.valueOf(wbs.get(0))),
                        "the write-block-size of " + flash.path() + " in " + devicetree.file()));
            }
        }
        String sectors = config.get("CONFIG_BOOT_MAX_IMG_SECTORS");
        if (sectors != null && !sectors.isEmpty()) {
            args.add(new ImgtoolArguments(List.of("--max-sectors", sectors),
                    "CONFIG_BOOT_MAX_IMG_SECTORS in " + configFile));
        }
        if (compressesBinaries()) {
            args.add(new ImgtoolArguments(List.of("--compression", "lzma2armthumb"),
                    "CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED in " + configFile));
        }
        String extra = config.get("CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS");
        if (extra != null && !extra.isBlank()) {
            args.add(new ImgtoolArguments(ShellWords.split(extra), "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS in " + configFile));
        }
        return List.copyOf(args);
    }

    /** The directory of the build's .config, against which Zephyr's build runs imgtool's relative paths. */
    public Path directory() {
        return buildDir;
    }

    /**
     * Where the signed HEX goes: for RAM load the slot0 partition (the binary is linked for RAM);
     * otherwise null, and the HEX keeps the address Zephyr's zephyr.hex has.
     */
    public Long hexAddress() {
        return config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD") ? partition("slot0_partition").reg()[0] : null;
    }

    private String require(String name) {
        String v = config.get(name);
        if (v == null || v.isEmpty()) {
            throw new ZephyrSignException(name + " is not set in " + config.file()
                    + ": is this an application built with CONFIG_BOOTLOADER_MCUBOOT=y?");
        }
        return v;
    }

    private Devicetree.Node partition(String label) {
        Devicetree.Node n = devicetree.label(label);
        if (n == null) {
            throw new ZephyrSignException("no " + label + " in " + devicetree.file()
                    + ": the board's flash partitions must define MCUboot's slots");
        }
        return n;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
