package org.zephyrsign.zephyr.ncs;

import java.nio.file.Path;
import java.util.List;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.zephyr.SysbuildKeyModule;
import org.zephyrsign.zephyr.WestBuildCommand;

/**
 * The CMake arguments for an nRF Connect SDK sysbuild build in which no NCS step signs with a key:
 * MCUboot alone gets the signer's public key, every image NCS would sign is left to the plugin.
 * They are the plain-Zephyr sysbuild arguments ({@link WestBuildCommand#sysbuildBootloaderArguments}),
 * unchanged: NCS builds with Zephyr's sysbuild (sdk-zephyr), which writes each image's
 * {@code .config.sysbuild} from the {@code SB_CONFIG_*} settings and loads it last, over every
 * {@code -D<image>_CONFIG_*} (measured on Zephyr 3.4, same code in current upstream).
 *
 * <p>NCS reads {@code SB_CONFIG_BOOT_SIGNATURE_KEY_FILE} in two places that sign: sysbuild hands it
 * to the application as {@code CONFIG_MCUBOOT_SIGNATURE_KEY_FILE}, with which sdk-nrf's
 * {@code cmake/sysbuild/image_signing.cmake} signs, and {@code cmake/sysbuild/b0_mcuboot_signing.cmake}
 * reads it directly for the network core. A public key there makes imgtool fail. So it stays empty;
 * image_signing.cmake then warns and signs nothing (sysbuild forces
 * {@code CONFIG_MCUBOOT_GENERATE_UNSIGNED_IMAGE=n} unless the signature type is NONE, which would
 * make MCUboot hash-only, so it is not asked for). MCUboot gets the public key as its
 * {@code CONFIG_BOOT_SIGNATURE_KEY_FILE} from {@link SysbuildKeyModule}'s sysbuild hook, which
 * runs after sysbuild set the empty value. The signature type is {@code SB_CONFIG_BOOT_SIGNATURE_TYPE_*},
 * which NCS's own steps read too.
 */
public final class NcsSysbuild {
    private NcsSysbuild() {
    }

    /**
     * @param key the signer's public key (its type selects SB_CONFIG_BOOT_SIGNATURE_TYPE_*)
     * @param keyFiles that key as PEM, then further public keys MCUboot accepts too
     * @param modules the directory {@link SysbuildKeyModule#write} wrote, after the user's own
     *        EXTRA_ZEPHYR_MODULES (";"-separated)
     */
    public static List<String> arguments(McubootPublicKey key, List<Path> keyFiles, Path modules) {
        return WestBuildCommand.sysbuildBootloaderArguments(key, keyFiles, modules);
    }
}
