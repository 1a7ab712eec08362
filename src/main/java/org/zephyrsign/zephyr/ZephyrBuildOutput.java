package org.zephyrsign.zephyr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.zephyrsign.ZephyrSignException;

/**
 * What a Zephyr build directory says about the image it made: the binary, and the imgtool
 * arguments Zephyr's own {@code cmake/mcuboot.cmake} would sign it with when given a key file
 * (version, header size, slot size, alignment, overwrite-only or RAM load, extra arguments), each
 * with where it came from.
 */
public final class ZephyrBuildOutput {
    /** imgtool arguments, and for each option the file and setting it was taken from. */
    public record ImgtoolArguments(List<String> arguments, Map<String, String> sources) {
        public ImgtoolArguments {
            arguments = List.copyOf(arguments);
            sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
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

    /** Whether the build asks for a confirmed image too (CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE). */
    public boolean wantsConfirmedImage() {
        return config.isEnabled("CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE");
    }

    /** CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE, resolved against the west workspace as Zephyr does; null when unset. */
    public Path encryptionKey(Path westTopdir) {
        String file = config.get("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE");
        if (file == null || file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        return p.isAbsolute() || westTopdir == null ? p : westTopdir.resolve(p);
    }

    /**
     * The arguments {@code cmake/mcuboot.cmake} passes to {@code imgtool sign}, less the key.
     *
     * @param warn receives the write-block-size fallback warning, as Zephyr's build prints it
     */
    public ImgtoolArguments imgtoolArguments(Consumer<String> warn) {
        List<String> args = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        String configFile = config.file().toString();
        String version = config.get("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION");
        add(args, sources, "--version", version == null || version.isEmpty() ? "0.0.0+0" : version,
                version == null ? "default (CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION unset)"
                        : "CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION in " + configFile);
        add(args, sources, "--header-size", require("CONFIG_ROM_START_OFFSET"), "CONFIG_ROM_START_OFFSET in " + configFile);

        boolean slot0 = config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_SINGLE_APP")
                || (config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_FIRMWARE_UPDATER")
                        && !config.isEnabled("CONFIG_MCUBOOT_APPLICATION_FIRMWARE_UPDATER"));
        String slotLabel = slot0 ? "slot0_partition" : "slot1_partition";
        add(args, sources, "--slot-size", hex(partition(slotLabel).reg()[1]), "size of " + slotLabel + " in "
                + devicetree.file());

        if (config.isEnabled("CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY")) {
            args.add("--overwrite-only");
            sources.put("--overwrite-only", "CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY in " + configFile);
            add(args, sources, "--align", "1", "1 for overwrite-only (CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY)");
        } else if (config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD")) {
            Devicetree.Node sram = devicetree.chosen("zephyr,sram");
            if (sram == null) {
                throw new ZephyrSignException("RAM load needs the chosen zephyr,sram node in " + devicetree.file());
            }
            add(args, sources, "--align", "1", "1 for RAM load (CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD)");
            add(args, sources, "--load-addr", hex(sram.reg()[0]), "address of the chosen zephyr,sram (" + sram.path()
                    + ") in " + devicetree.file());
            add(args, sources, "--hex-addr", hex(hexAddress()), "address of slot0_partition in " + devicetree.file());
        } else {
            Devicetree.Node flash = devicetree.chosen("zephyr,flash");
            List<Long> wbs = flash == null ? List.of() : flash.cells("write-block-size");
            if (wbs.isEmpty()) {
                warn.accept("slot0_partition write block size devicetree parameter is missing, assuming write block "
                        + "size is 4");
                add(args, sources, "--align", "4", "default 4: no write-block-size on the chosen zephyr,flash in "
                        + devicetree.file());
            } else {
                add(args, sources, "--align", String.valueOf(wbs.get(0)), "write-block-size of " + flash.path() + " in "
                        + devicetree.file());
            }
        }
        String sectors = config.get("CONFIG_BOOT_MAX_IMG_SECTORS");
        if (sectors != null && !sectors.isEmpty()) {
            add(args, sources, "--max-sectors", sectors, "CONFIG_BOOT_MAX_IMG_SECTORS in " + configFile);
        }
        String extra = config.get("CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS");
        if (extra != null && !extra.isBlank()) {
            List<String> split = ShellWords.split(extra);
            args.addAll(split);
            sources.put(String.join(" ", split), "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS in " + configFile);
        }
        return new ImgtoolArguments(args, sources);
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

    private static void add(List<String> args, Map<String, String> sources, String option, String value, String source) {
        args.add(option);
        args.add(value);
        sources.put(option, value + " from " + source);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
