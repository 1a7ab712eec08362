package org.zephyrsign.zephyr.ncs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.zephyr.WestBuildCommand;

/**
 * The CMake arguments for an nRF Connect SDK sysbuild build in which no NCS step signs with a key:
 * MCUboot alone gets the signer's public key, every image NCS would sign is left to the plugin.
 *
 * <p>NCS reads {@code SB_CONFIG_BOOT_SIGNATURE_KEY_FILE} in two places that sign: Zephyr's
 * sysbuild hands it to the application as {@code CONFIG_MCUBOOT_SIGNATURE_KEY_FILE}
 * (sdk-nrf {@code cmake/sysbuild/image_signing.cmake} signs with it), and
 * {@code cmake/sysbuild/b0_mcuboot_signing.cmake} reads it directly for the network core. A public
 * key there makes imgtool fail. So it stays empty, MCUboot gets the public key as its own
 * {@code CONFIG_BOOT_SIGNATURE_KEY_FILE}, and the application gets NCS's
 * {@code CONFIG_MCUBOOT_GENERATE_UNSIGNED_IMAGE}: image_signing.cmake then runs imgtool without a
 * key (well-formed, hash-only images, which the partition manager's merged.hex takes) instead of
 * skipping its images.
 */
public final class NcsSysbuild {
    private NcsSysbuild() {
    }

    /**
     * @param key the signer's public key (its type selects SB_CONFIG_BOOT_SIGNATURE_TYPE_*)
     * @param publicKeyPem that key as PEM, for MCUboot
     * @param applicationDomain the application's sysbuild image name
     */
    public static List<String> arguments(McubootPublicKey key, Path publicKeyPem, String applicationDomain) {
        List<String> a = new ArrayList<>();
        a.add("-DSB_CONFIG_BOOTLOADER_MCUBOOT=y");
        for (String arg : WestBuildCommand.bootloaderKeyArguments(key, publicKeyPem, "SB_")) {
            if (!arg.startsWith("-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=")) {
                a.add(arg);
            }
        }
        a.add("-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\"\"");
        a.add("-Dmcuboot_CONFIG_BOOT_SIGNATURE_KEY_FILE=\"" + publicKeyPem + "\"");
        a.add("-D" + applicationDomain + "_CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=\"\"");
        a.add("-D" + applicationDomain + "_CONFIG_MCUBOOT_GENERATE_UNSIGNED_IMAGE=y");
        return a;
    }
}
