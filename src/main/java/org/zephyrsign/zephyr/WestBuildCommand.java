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

    /** The arguments after {@code west}. */
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
     * and the key file (a public-key PEM; MCUboot's build runs {@code imgtool getpub} on it).
     *
     * @param prefix "" for a plain MCUboot build, "SB_" for sysbuild
     */
    public static List<String> bootloaderKeyArguments(McubootPublicKey key, Path publicKeyPem, String prefix) {
        List<String> a = new ArrayList<>();
        a.add("-D" + prefix + "CONFIG_BOOT_SIGNATURE_TYPE_" + key.algorithm().bootSignatureType() + "=y");
        if (key.algorithm().isRsa()) {
            a.add("-D" + prefix + "CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN="
                    + (key.algorithm() == org.zephyrsign.crypto.SignatureAlgorithm.RSA_2048 ? 2048 : 3072));
        }
        a.add("-D" + prefix + "CONFIG_BOOT_SIGNATURE_KEY_FILE=\"" + publicKeyPem + "\"");
        return a;
    }

    /** CMake arguments for an application Zephyr must leave unsigned: the plugin signs it. */
    public static List<String> unsignedApplicationArguments(String prefix) {
        return List.of("-D" + prefix + "CONFIG_BOOTLOADER_MCUBOOT=y", "-D" + prefix + "CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=\"\"");
    }
}
