package org.zephyrsign.zephyr.ncs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.zephyr.Devicetree;
import org.zephyrsign.zephyr.KconfigFile;
import org.zephyrsign.zephyr.ShellWords;
import org.zephyrsign.zephyr.ZephyrBuildOutput.ImgtoolArguments;

/**
 * An nRF Connect SDK (NCS) build with the partition manager, and what NCS's own build would sign
 * from it: the imgtool arguments of sdk-nrf's {@code cmake/sysbuild/image_signing.cmake} for the
 * application (slot and header from {@code pm.config}, not the devicetree), those of
 * {@code cmake/sysbuild/b0_mcuboot_signing.cmake} for an nRF5340 network-core update, and the
 * {@code dfu_application.zip} of {@code cmake/sysbuild/zip.cmake}.
 *
 * <p>The rules are those of sdk-nrf's {@code image_signing.cmake} at commit 0170ac63 (the NCS
 * v3.0 era: partition-manager signing with the flash's write-block-size as alignment,
 * {@code --sha 512}/{@code --pure} for Ed25519 on nRF54L, the encrypted HEX with {@code --clear}).
 * Each value is given with the file and symbol it came from.
 */
public final class NcsBuild {
    /** Which sdk-nrf sources the derivation follows, for the log. */
    public static final String RULES = "sdk-nrf cmake/sysbuild/image_signing.cmake, b0_mcuboot_signing.cmake and "
            + "zip.cmake as of commit 0170ac63 (NCS v3.0 era)";

    /** What one file NCS's build signs is. */
    public enum Kind {
        /** {@code zephyr.signed.bin}. */
        APPLICATION,
        /** {@code zephyr.signed.hex}. */
        APPLICATION_HEX,
        /** {@code zephyr.signed.encrypted.bin}. */
        ENCRYPTED,
        /** {@code zephyr.signed.encrypted.hex}. */
        ENCRYPTED_HEX,
        /** {@code signed_by_mcuboot_and_b0_<netcore>.bin}: the network core's update. */
        NETWORK_CORE,
        /** {@code signed_by_mcuboot_and_b0_<netcore>.hex}. */
        NETWORK_CORE_HEX
    }

    /**
     * One file NCS's build would sign.
     *
     * @param kind what it is
     * @param input the unsigned input NCS signs
     * @param ncsName the file NCS writes
     * @param arguments the imgtool arguments, less key, input and output, each with its origin
     * @param commandLine the {@code imgtool sign} command NCS would run, with {@code KEY} for its key file
     * @param domain the sysbuild image it belongs to
     */
    public record Output(Kind kind, Path input, String ncsName, List<ImgtoolArguments> arguments,
            String commandLine, String domain) {
        public Output {
            arguments = List.copyOf(arguments);
        }
    }

    /** One file in dfu_application.zip: its name there, which output it is, and its manifest entries. */
    public record ZipEntry(String name, Kind kind, Map<String, Object> manifest) {
    }

    /**
     * What NCS's zip.cmake puts in dfu_application.zip, or none.
     *
     * @param appName generate_zip.py's {@code --name}: the default image's name
     * @param shared the entries every file gets (type, board, soc)
     */
    public record ZipPlan(String appName, List<ZipEntry> entries, Map<String, Object> shared) {
    }

    private final Path appBuild;
    private final String appDomain;
    private final KconfigFile config;
    private final Devicetree devicetree;
    private final KconfigFile pm;
    private final KconfigFile sysbuild;
    private final String version;
    private final Path versionFile;
    private final Supplier<Path> westTopdir;

    private NcsBuild(Path appBuild, KconfigFile config, KconfigFile pm, KconfigFile sysbuild,
            NcsVersion version, Supplier<Path> westTopdir) {
        this.appBuild = appBuild;
        this.appDomain = appBuild.getFileName().toString();
        this.config = config;
        this.devicetree = Devicetree.read(appBuild.resolve("zephyr").resolve("zephyr.dts"));
        this.pm = pm;
        this.sysbuild = sysbuild;
        this.version = version == null ? null : version.version();
        this.versionFile = version == null ? null : version.file();
        this.westTopdir = westTopdir;
    }

    /**
     * The NCS build of the application in {@code appBuild}, or null when it is no NCS build
     * (no {@code CONFIG_PARTITION_MANAGER_ENABLED=y} in its .config).
     *
     * @param appBuild the application's build directory (for sysbuild its domain directory)
     * @param westTopdir the west workspace, where the nrf module's VERSION file is; asked only for an NCS build
     */
    public static NcsBuild detect(Path appBuild, Supplier<Path> westTopdir) {
        Path dotConfig = appBuild.resolve("zephyr").resolve(".config");
        if (!Files.isRegularFile(dotConfig)) {
            return null;
        }
        KconfigFile config = KconfigFile.read(dotConfig);
        if (!config.isEnabled("CONFIG_PARTITION_MANAGER_ENABLED")) {
            return null;
        }
        Path parent = appBuild.toAbsolutePath().getParent();
        Path sysbuildConfig = parent.resolve("zephyr").resolve(".config");
        boolean isSysbuild = Files.isRegularFile(parent.resolve("pm.config")) && Files.isRegularFile(sysbuildConfig);
        Path pmConfig = isSysbuild ? parent.resolve("pm.config") : appBuild.resolve("pm.config");
        if (!Files.isRegularFile(pmConfig)) {
            throw new ZephyrSignException("CONFIG_PARTITION_MANAGER_ENABLED=y in " + dotConfig + " but the partition "
                    + "manager's pm.config is in neither " + parent + " (sysbuild) nor " + appBuild
                    + ": is the nRF Connect SDK build complete?");
        }
        return new NcsBuild(appBuild, config, KconfigFile.read(pmConfig),
                isSysbuild ? KconfigFile.read(sysbuildConfig) : null, NcsVersion.of(westTopdir.get()), westTopdir);
    }

    /** One line for the log: that this is an NCS build, its version, and whose rules apply. */
    public String description() {
        return "nRF Connect SDK build (CONFIG_PARTITION_MANAGER_ENABLED in " + config.file() + ", partitions from "
                + pm.file() + (sysbuild == null ? "" : ", sysbuild configuration " + sysbuild.file()) + "); NCS "
                + (version == null ? "version unknown (no nrf/VERSION in the west workspace)"
                        : version + " (" + versionFile + ")")
                + "; signing as " + RULES + " do";
    }

    /**
     * A warning when the workspace's NCS is older than the sysbuild era these rules come from
     * (2.7, when sysbuild became NCS's default), or null.
     */
    public String versionWarning() {
        if (version == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (m.lookingAt() && (Integer.parseInt(m.group(1)) < 2
                || (Integer.parseInt(m.group(1)) == 2 && Integer.parseInt(m.group(2)) < 7))) {
            return "NCS " + version + " is older than 2.7: its builds may use child images and older signing rules; "
                    + "the plugin applies " + RULES;
        }
        return null;
    }

    public Path directory() {
        return appBuild;
    }

    public String applicationDomain() {
        return appDomain;
    }

    /** The files NCS's build would sign, the application's first, in the order its CMake adds them. */
    public List<Output> outputs(Consumer<String> warn) {
        String cfg = config.file().toString();
        List<ImgtoolArguments> sign = new ArrayList<>();
        String signVersion = config.get("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION");
        if (signVersion == null || signVersion.isEmpty()) {
            throw new ZephyrSignException("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION is not set in " + cfg
                    + ": is this an application built with CONFIG_BOOTLOADER_MCUBOOT=y?");
        }
        sign.add(new ImgtoolArguments(List.of("--version", signVersion), "CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION in " + cfg));
        Devicetree.Node flash = devicetree.chosen("zephyr,flash");
        List<Long> wbs = flash == null ? List.of() : flash.cells("write-block-size");
        if (wbs.isEmpty()) {
            warn.accept("slot0_partition write block size devicetree parameter is missing, assuming write block size is 4");
            sign.add(new ImgtoolArguments(List.of("--align", "4"),
                    "NCS's default: no write-block-size on the chosen zephyr,flash in " + devicetree.file()));
        } else {
            sign.add(new ImgtoolArguments(List.of("--align", String.valueOf(wbs.get(0))),
                    "the write-block-size of " + flash.path() + " in " + devicetree.file()));
        }
        String why = "signing with the partition manager";
        sign.add(new ImgtoolArguments(List.of("--slot-size", hex(pm.requireNumber("PM_MCUBOOT_PRIMARY_SIZE", why))),
                "PM_MCUBOOT_PRIMARY_SIZE in " + pm.file()));
        sign.add(new ImgtoolArguments(List.of("--pad-header"),
                "image_signing.cmake with CONFIG_PARTITION_MANAGER_ENABLED in " + cfg));
        sign.add(new ImgtoolArguments(List.of("--header-size", hex(pm.requireNumber("PM_MCUBOOT_PAD_SIZE", why))),
                "PM_MCUBOOT_PAD_SIZE in " + pm.file()));
        String mode = directXipMode();
        if (mode != null) {
            String slot = config.isEnabled("CONFIG_NCS_IS_VARIANT_IMAGE") ? "PM_MCUBOOT_SECONDARY_ADDRESS"
                    : "PM_MCUBOOT_PRIMARY_ADDRESS";
            sign.add(new ImgtoolArguments(List.of("--rom-fixed", hex(pm.requireNumber(slot, "direct-XIP"))),
                    slot + " in " + pm.file() + " (" + mode + " in " + cfg + ")"));
        }
        int keyAt = sign.size();
        if (config.isEnabled("CONFIG_MCUBOOT_HARDWARE_DOWNGRADE_PREVENTION")) {
            String counter = config.get("CONFIG_MCUBOOT_HW_DOWNGRADE_PREVENTION_COUNTER_VALUE");
            if (counter == null || counter.isEmpty()) {
                throw new ZephyrSignException("CONFIG_MCUBOOT_HARDWARE_DOWNGRADE_PREVENTION=y but "
                        + "CONFIG_MCUBOOT_HW_DOWNGRADE_PREVENTION_COUNTER_VALUE is not set in " + cfg);
            }
            sign.add(new ImgtoolArguments(List.of("--security-counter", counter),
                    "CONFIG_MCUBOOT_HW_DOWNGRADE_PREVENTION_COUNTER_VALUE in " + cfg
                            + " (CONFIG_MCUBOOT_HARDWARE_DOWNGRADE_PREVENTION)"));
        }
        if (config.isEnabled("CONFIG_SOC_SERIES_NRF54LX")
                && config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_ED25519")) {
            boolean pure = config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_PURE");
            sign.add(new ImgtoolArguments(pure ? List.of("--pure") : List.of("--sha", "512"),
                    (pure ? "CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_PURE" : "CONFIG_SOC_SERIES_NRF54LX and "
                            + "CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_ED25519") + " in " + cfg));
        }
        String extra = config.get("CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS");
        if (extra != null && !extra.isBlank()) {
            sign.add(new ImgtoolArguments(ShellWords.split(extra), "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS in " + cfg));
        }
        Path encryptionKey = encryptionKey();
        if (encryptionKey != null && config.isEnabled("CONFIG_MCUBOOT_ENCRYPTION_ALG_AES_256")) {
            sign.add(new ImgtoolArguments(List.of("--encrypt-keylen", "256"),
                    "CONFIG_MCUBOOT_ENCRYPTION_ALG_AES_256 in " + cfg));
        }
        List<ImgtoolArguments> binExtra = config.isEnabled("CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED")
                ? List.of(new ImgtoolArguments(List.of("--compression", "lzma2armthumb"),
                        "CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED in " + cfg))
                : List.of();
        List<ImgtoolArguments> confirm = config.isEnabled("CONFIG_MCUBOOT_BOOTLOADER_MODE_DIRECT_XIP_WITH_REVERT")
                ? List.of(new ImgtoolArguments(List.of("--confirm"),
                        "CONFIG_MCUBOOT_BOOTLOADER_MODE_DIRECT_XIP_WITH_REVERT in " + cfg + " (HEX only)"))
                : List.of();
        List<ImgtoolArguments> encrypt = encryptionKey == null ? List.of()
                : List.of(new ImgtoolArguments(List.of("--encrypt", encryptionKey.toString()),
                        "CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE in " + cfg));
        List<ImgtoolArguments> clear = List.of(new ImgtoolArguments(List.of("--clear"),
                "image_signing.cmake: the flashed HEX with CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE in " + cfg));

        boolean tfm = config.isEnabled("CONFIG_BUILD_WITH_TFM");
        Path zephyr = appBuild.resolve("zephyr");
        Path binInput = tfm ? zephyr.resolve("tfm_merged.hex") : zephyr.resolve("zephyr.bin");
        Path hexInput = tfm ? zephyr.resolve("tfm_merged.hex") : zephyr.resolve("zephyr.hex");
        boolean bin = config.isEnabled("CONFIG_BUILD_OUTPUT_BIN");
        boolean hexOut = config.isEnabled("CONFIG_BUILD_OUTPUT_HEX");
        if (!bin && !hexOut) {
            throw new ZephyrSignException("Can't sign images for MCUboot: neither CONFIG_BUILD_OUTPUT_BIN nor "
                    + "CONFIG_BUILD_OUTPUT_HEX is enabled in " + cfg + ", so there's nothing to sign");
        }
        List<Output> out = new ArrayList<>();
        if (bin) {
            out.add(output(Kind.APPLICATION, binInput, "zephyr.signed.bin", keyAt, sign, binExtra));
            if (encryptionKey != null) {
                out.add(output(Kind.ENCRYPTED, binInput, "zephyr.signed.encrypted.bin", keyAt, sign,
                        concat(encrypt, binExtra)));
            }
        }
        if (hexOut) {
            if (encryptionKey == null) {
                out.add(output(Kind.APPLICATION_HEX, hexInput, "zephyr.signed.hex", keyAt, sign, confirm));
            } else {
                out.add(output(Kind.APPLICATION_HEX, hexInput, "zephyr.signed.hex", keyAt, sign,
                        concat(concat(encrypt, clear), confirm)));
                out.add(output(Kind.ENCRYPTED_HEX, hexInput, "zephyr.signed.encrypted.hex", keyAt, sign, encrypt));
            }
        }
        out.addAll(networkCore());
        for (Output o : out) {
            if (!Files.isRegularFile(o.input())) {
                throw new ZephyrSignException("the nRF Connect SDK build has no " + o.input() + " to make "
                        + o.ncsName() + " from" + (tfm ? " (CONFIG_BUILD_WITH_TFM: NCS signs tfm_merged.hex)" : ""));
            }
        }
        return out;
    }

    /**
     * The network core's update, as b0_mcuboot_signing.cmake makes it for an nRF5340 with
     * SB_CONFIG_SECURE_BOOT_NETCORE and SB_CONFIG_NETCORE_APP_UPDATE: NSIB's (b0n's) signed image,
     * {@code signed_by_b0_<netcore>.bin}, wrapped in an MCUboot image. NSIB's own signature is NCS's
     * (its own key and format); only the MCUboot signature is ours.
     */
    private List<Output> networkCore() {
        if (sysbuild == null || !sysbuild.isEnabled("SB_CONFIG_BOOTLOADER_MCUBOOT")
                || !sysbuild.isEnabled("SB_CONFIG_SECURE_BOOT_NETCORE")
                || !sysbuild.isEnabled("SB_CONFIG_NETCORE_APP_UPDATE")) {
            return List.of();
        }
        String sb = sysbuild.file().toString();
        String net = sysbuild.require("SB_CONFIG_NETCORE_IMAGE_NAME", "the network core's update");
        Path top = appBuild.toAbsolutePath().getParent();
        KconfigFile cpunet = KconfigFile.read(top.resolve("pm_CPUNET.config"));
        String sizeSymbol = "PM_" + net.toUpperCase(Locale.ROOT) + "_SIZE";
        List<ImgtoolArguments> sign = List.of(
                new ImgtoolArguments(List.of("--version", sysbuild.get("SB_CONFIG_SECURE_BOOT_MCUBOOT_VERSION") == null
                        ? "0.0.0+0" : sysbuild.get("SB_CONFIG_SECURE_BOOT_MCUBOOT_VERSION")),
                        "SB_CONFIG_SECURE_BOOT_MCUBOOT_VERSION in " + sb),
                new ImgtoolArguments(List.of("--align", "4"), "b0_mcuboot_signing.cmake (fixed)"),
                new ImgtoolArguments(List.of("--slot-size", hex(cpunet.requireNumber(sizeSymbol, "the network core's update"))),
                        sizeSymbol + " in " + cpunet.file()),
                new ImgtoolArguments(List.of("--pad-header"), "b0_mcuboot_signing.cmake (fixed)"),
                new ImgtoolArguments(List.of("--header-size", sysbuild.require("SB_CONFIG_PM_MCUBOOT_PAD",
                        "the network core's update")), "SB_CONFIG_PM_MCUBOOT_PAD in " + sb));
        List<Output> out = new ArrayList<>();
        Path binInput = top.resolve("signed_by_b0_" + net + ".bin");
        // b0_mcuboot_signing.cmake computes "-k KEY" but does not pass it: NCS's wrapper has no
        // signature, only its hash. Ours gets the MCUboot key's signature on top (keyAt -1: the
        // logged NCS command shows no key, as NCS runs it).
        out.add(output(Kind.NETWORK_CORE, binInput, "signed_by_mcuboot_and_b0_" + net + ".bin", -1, sign, List.of(),
                net));
        Path hexInput = top.resolve("signed_by_b0_" + net + ".hex");
        if (Files.isRegularFile(hexInput)) {
            out.add(output(Kind.NETWORK_CORE_HEX, hexInput, "signed_by_mcuboot_and_b0_" + net + ".hex", -1, sign,
                    List.of(), net));
        }
        return out;
    }

    /** What zip.cmake puts in dfu_application.zip; null when SB_CONFIG_DFU_ZIP is off or there is no sysbuild. */
    public ZipPlan zipPlan(Consumer<String> warn) {
        if (sysbuild == null || !sysbuild.isEnabled("SB_CONFIG_DFU_ZIP") || !sysbuild.isEnabled("SB_CONFIG_BOOTLOADER_MCUBOOT")) {
            return null;
        }
        String sb = sysbuild.file().toString();
        for (String unsupported : List.of("SB_CONFIG_QSPI_XIP_SPLIT_IMAGE", "SB_CONFIG_MCUBOOT_BUILD_DIRECT_XIP_VARIANT",
                "SB_CONFIG_MCUBOOT_SIGN_MERGED_BINARY", "SB_CONFIG_DFU_ZIP_WIFI_FW_PATCH")) {
            if (sysbuild.isEnabled(unsupported)) {
                warn.accept(unsupported + "=y in " + sb + ": dfu_application.zip for this layout is not made yet "
                        + "(the images are signed; package them yourself, or set SB_CONFIG_DFU_ZIP=n)");
                return null;
            }
        }
        if (config.isEnabled("CONFIG_BUILD_OUTPUT_META")) {
            warn.accept("CONFIG_BUILD_OUTPUT_META: NCS adds the zephyr and nrf revisions of zephyr.meta to the "
                    + "manifest as 'firmware'; not written yet");
        }
        List<ZipEntry> entries = new ArrayList<>();
        if (sysbuild.isEnabled("SB_CONFIG_DFU_ZIP_APP")) {
            boolean encrypted = sysbuild.isEnabled("SB_CONFIG_BOOT_ENCRYPTION");
            String name = appDomain + (encrypted ? ".signed.encrypted.bin" : ".signed.bin");
            int image = number("SB_CONFIG_MCUBOOT_APPLICATION_IMAGE_NUMBER");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("load_address", pm.requireNumber("PM_APP_ADDRESS", "dfu_application.zip"));
            m.put("image_index", String.valueOf(image));
            m.put("slot_index_primary", String.valueOf(image * 2 + 1));
            m.put("slot_index_secondary", String.valueOf(image * 2 + 2));
            m.put("version_MCUBOOT", config.get("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION"));
            entries.add(new ZipEntry(name, encrypted ? Kind.ENCRYPTED : Kind.APPLICATION, m));
        }
        if (sysbuild.isEnabled("SB_CONFIG_DFU_ZIP_NET")) {
            String net = sysbuild.require("SB_CONFIG_NETCORE_IMAGE_NAME", "dfu_application.zip");
            if (!sysbuild.isEnabled("SB_CONFIG_SECURE_BOOT_NETCORE")) {
                throw new ZephyrSignException("SB_CONFIG_DFU_ZIP_NET=y without SB_CONFIG_SECURE_BOOT_NETCORE in " + sb
                        + ": a network-core update signed by MCUboot alone is not supported yet");
            }
            Path top = appBuild.toAbsolutePath().getParent();
            KconfigFile cpunet = KconfigFile.read(top.resolve("pm_CPUNET.config"));
            KconfigFile netConfig = KconfigFile.read(top.resolve(net).resolve("zephyr").resolve(".config"));
            int image = number("SB_CONFIG_MCUBOOT_NETWORK_CORE_IMAGE_NUMBER");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image_index", String.valueOf(image));
            m.put("slot_index_primary", String.valueOf(image * 2 + 1));
            m.put("slot_index_secondary", String.valueOf(image * 2 + 2));
            m.put("load_address", cpunet.requireNumber("PM_APP_ADDRESS", "dfu_application.zip"));
            m.put("version", value(netConfig.get("CONFIG_FW_INFO_FIRMWARE_VERSION")));
            m.put("board", cacheValue(top.resolve(net).resolve("CMakeCache.txt"), "BOARD"));
            m.put("soc", value(sysbuild.get("SB_CONFIG_SOC")));
            entries.add(new ZipEntry(net + ".bin", Kind.NETWORK_CORE, m));
        }
        if (entries.isEmpty()) {
            return null;
        }
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("type", "application");
        shared.put("board", value(config.get("CONFIG_BOARD")));
        shared.put("soc", value(config.get("CONFIG_SOC")));
        return new ZipPlan(appDomain, entries, shared);
    }

    /** generate_zip.py turns values that start with 0x into numbers and keeps the rest as strings. */
    private static Object value(String v) {
        String s = v == null ? "" : v;
        return s.startsWith("0x") ? (Object) Long.parseLong(s.substring(2), 16) : s;
    }

    private int number(String symbol) {
        String v = sysbuild.require(symbol, "dfu_application.zip");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ZephyrSignException(symbol + " in " + sysbuild.file() + " is not a number: " + v);
        }
    }

    private static String cacheValue(Path cmakeCache, String name) {
        try {
            for (String line : Files.readAllLines(cmakeCache, StandardCharsets.UTF_8)) {
                if (line.startsWith(name + ":")) {
                    return line.substring(line.indexOf('=') + 1);
                }
            }
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read " + cmakeCache + " (needed for the network core's board in "
                    + "dfu_application.zip): " + e.getMessage());
        }
        throw new ZephyrSignException("no " + name + " in " + cmakeCache);
    }

    private String directXipMode() {
        for (String mode : List.of("CONFIG_MCUBOOT_BOOTLOADER_MODE_DIRECT_XIP_WITH_REVERT",
                "CONFIG_MCUBOOT_BOOTLOADER_MODE_DIRECT_XIP")) {
            if (config.isEnabled(mode)) {
                return mode;
            }
        }
        return null;
    }

    /** CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE, a relative path relative to the west workspace as NCS takes it. */
    private Path encryptionKey() {
        String file = config.get("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE");
        if (file == null || file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        return p.isAbsolute() ? p : westTopdir.get().resolve(p);
    }

    private Output output(Kind kind, Path input, String name, int keyAt, List<ImgtoolArguments> sign,
            List<ImgtoolArguments> extra) {
        return output(kind, input, name, keyAt, sign, extra, appDomain);
    }

    private static Output output(Kind kind, Path input, String name, int keyAt, List<ImgtoolArguments> sign,
            List<ImgtoolArguments> extra, String domain) {
        List<ImgtoolArguments> args = concat(sign, extra);
        StringBuilder line = new StringBuilder("imgtool sign");
        for (int i = 0; i < args.size(); i++) {
            if (i == keyAt) {
                line.append(" -k KEY");
            }
            line.append(' ').append(String.join(" ", args.get(i).arguments()));
        }
        if (keyAt >= 0 && keyAt >= args.size()) {
            line.append(" -k KEY");
        }
        line.append(' ').append(input.getFileName()).append(' ').append(name);
        return new Output(kind, input, name, args, line.toString(), domain);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
