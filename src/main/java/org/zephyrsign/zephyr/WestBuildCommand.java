package org.zephyrsign.zephyr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zephyrsign.crypto.McubootPublicKey;

/**
 * One {@code west build}: board, source, build directory, pristine policy, sysbuild, and what goes
 * after {@code --} to CMake (Kconfig fragments, devicetree overlays, extra arguments).
 */
public record WestBuildCommand(String board, Path source, Path buildDir, Pristine pristine, boolean sysbuild,
        List<String> cmakeArguments, List<Path> kconfigFragments, List<Path> overlays) {

    /** west's {@code -p} values. */
    public enum Pristine {
        AUTO, ALWAYS, NEVER;

        public static Pristine of(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new org.zephyrsign.ZephyrSignException("pristine must be auto, always or never, not '" + value + "'");
            }
        }
    }

    public WestBuildCommand {
        cmakeArguments = List.copyOf(cmakeArguments);
        kconfigFragments = List.copyOf(kconfigFragments);
        overlays = List.copyOf(overlays);
    }

    /**
     * The CMake cache variable that records the configuration a build directory was made with: the
     * SHA-256 of the {@code west build} arguments. CMake keeps it in CMakeCache.txt like any -D.
     */
    public static final String CONFIGURATION_VARIABLE = "ZEPHYRSIGN_CONFIGURATION";

    /**
     * The arguments after {@code west}, with the CMake arguments (and the record of them) when
     * {@code configure}; without, west runs CMake only when the build directory has none yet, and
     * otherwise ninja alone decides what is out of date.
     */
    public List<String> arguments(boolean configure) {
        List<String> a = new ArrayList<>(arguments());
        if (!configure) {
            int dashes = a.indexOf("--");
            return dashes < 0 ? a : a.subList(0, dashes);
        }
        if (!a.contains("--")) {
            a.add("--");
        }
        a.add("-D" + CONFIGURATION_VARIABLE + ":STRING=" + configurationDigest());
        return a;
    }

    /** SHA-256 (hex) of {@link #arguments()}: what decides whether CMake must run again. */
    public String configurationDigest() {
        return java.util.HexFormat.of().formatHex(org.zephyrsign.crypto.HashAlgorithm.SHA256.digest(
                String.join("\0", arguments()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Whether the build directory was configured with exactly these arguments and built: its
     * CMakeCache.txt records {@link #configurationDigest()} (what CMake last ran with), and so does
     * {@link #builtRecord()} (written only after west succeeded: CMake keeps its cache even when
     * the configuration failed). Then CMake need not run again. Never with pristine=always, which
     * wipes the directory.
     */
    public boolean configuredAlready() {
        if (pristine == Pristine.ALWAYS) {
            return false;
        }
        String digest = configurationDigest();
        String wanted = CONFIGURATION_VARIABLE + ":STRING=" + digest;
        try (var lines = java.nio.file.Files.lines(buildDir.resolve("CMakeCache.txt"),
                java.nio.charset.StandardCharsets.UTF_8)) {
            return lines.anyMatch(wanted::equals)
                    && digest.equals(java.nio.file.Files.readString(builtRecord(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException | java.io.UncheckedIOException noCache) {
            return false;
        }
    }

    /** Where the digest of the last configuration west built successfully is kept, in the build directory. */
    public Path builtRecord() {
        return buildDir.resolve(".zephyrsign-configuration");
    }

    /** The arguments after {@code west}, CMake's after {@code --}. */
    public List<String> arguments() {
        List<String> a = new ArrayList<>(List.of("build", "-b", board, "-d", buildDir.toString(), "-p",
                pristine.name().toLowerCase(Locale.ROOT)));
        if (sysbuild) {
            a.add("--sysbuild");
        }
        a.add(source.toString());
        List<String> cmake = new ArrayList<>(cmakeArguments);
        if (!kconfigFragments.isEmpty()) {
            cmake.add("-DEXTRA_CONF_FILE=" + join(kconfigFragments));
        }
        if (!overlays.isEmpty()) {
            cmake.add("-DEXTRA_DTC_OVERLAY_FILE=" + join(overlays));
        }
        if (!cmake.isEmpty()) {
            a.add("--");
            a.addAll(cmake);
        }
        return a;
    }

    private static String join(List<Path> files) {
        List<String> s = new ArrayList<>();
        files.forEach(f -> s.add(f.toString()));
        return String.join(";", s);
    }

    /**
     * CMake arguments that build MCUboot for this public key: the signature type matching the key,
     * and the key file(s) (public-key PEMs; MCUboot's build runs {@code imgtool getpub} on each).
     *
     * @param keyFiles the signer's public key first, then further keys MCUboot accepts too
     * @param prefix "" for a plain MCUboot build
     */
    public static List<String> bootloaderKeyArguments(McubootPublicKey key, Path keyFile, String prefix) {
        return bootloaderKeyArguments(key, List.of(keyFile), prefix);
    }

    /** {@link #bootloaderKeyArguments(McubootPublicKey, Path, String)} for several key files. */
    public static List<String> bootloaderKeyArguments(McubootPublicKey key, List<Path> keyFiles, String prefix) {
        List<String> a = new ArrayList<>();
        a.add("-D" + prefix + "CONFIG_BOOT_SIGNATURE_TYPE_" + key.algorithm().bootSignatureType() + "=y");
        if (key.algorithm().isRsa()) {
            a.add("-D" + prefix + "CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN="
                    + (key.algorithm() == org.zephyrsign.crypto.SignatureAlgorithm.RSA_2048 ? 2048 : 3072));
        }
        a.add("-D" + prefix + "CONFIG_BOOT_SIGNATURE_KEY_FILE=\"" + keyFileList(keyFiles) + "\"");
        return a;
    }

    /**
     * CMake arguments for a sysbuild build that makes MCUboot for these public keys and leaves
     * every application image unsigned. Sysbuild gives SB_CONFIG_BOOT_SIGNATURE_KEY_FILE to the
     * application as CONFIG_MCUBOOT_SIGNATURE_KEY_FILE, overriding any -D for it (Zephyr 3.4's
     * image_config.cmake, later image_configurations/MAIN_image_default.cmake), and Zephyr signs
     * with whatever key that is; so it stays empty (the application is left unsigned), the
     * signature type still comes from SB_CONFIG_BOOT_SIGNATURE_TYPE_*, and MCUboot gets its key
     * file from {@link SysbuildKeyModule}'s hook, which sets MCUboot's
     * CONFIG_BOOT_SIGNATURE_KEY_FILE after sysbuild did.
     *
     * @param keyFiles the signer's public key first, then further keys MCUboot accepts too
     */
    public static List<String> sysbuildBootloaderArguments(McubootPublicKey key, List<Path> keyFiles, Path module) {
        List<String> a = new ArrayList<>();
        a.add("-DSB_CONFIG_BOOTLOADER_MCUBOOT=y");
        a.add("-DSB_CONFIG_BOOT_SIGNATURE_TYPE_" + key.algorithm().bootSignatureType() + "=y");
        if (key.algorithm().isRsa()) {
            // not a sysbuild setting: MCUboot's own, which sysbuild does not force
            a.add("-Dmcuboot_CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN="
                    + (key.algorithm() == org.zephyrsign.crypto.SignatureAlgorithm.RSA_2048 ? 2048 : 3072));
        }
        a.add("-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\"\"");
        a.add("-DEXTRA_ZEPHYR_MODULES=" + module);
        a.add("-D" + SysbuildKeyModule.KEY_VARIABLE + ":STRING=" + keyFileList(keyFiles));
        return a;
    }

    /**
     * Key files as MCUboot's CONFIG_BOOT_SIGNATURE_KEY_FILE takes several (comma-separated, since
     * MCUboot commit 5497c95f).
     */
    public static String keyFileList(List<Path> keyFiles) {
        List<String> s = new ArrayList<>();
        for (Path f : keyFiles) {
            String name = f.toString();
            if (name.contains(",") || name.contains(";") || name.contains("\"")) {
                throw new org.zephyrsign.ZephyrSignException("the key file " + f + " cannot be handed to MCUboot's "
                        + "build: its path holds a comma, semicolon or quote");
            }
            s.add(name);
        }
        return String.join(",", s);
    }

    /** CMake arguments for an application Zephyr must leave unsigned: the plugin signs it. */
    public static List<String> unsignedApplicationArguments(String prefix) {
        return List.of("-D" + prefix + "CONFIG_BOOTLOADER_MCUBOOT=y", "-D" + prefix + "CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=\"\"");
    }
}
