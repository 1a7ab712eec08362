package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.zephyrsign.AtomicFile;

/**
 * A small Zephyr module, written into the Maven build directory and handed to sysbuild with
 * {@code -DEXTRA_ZEPHYR_MODULES}, whose sysbuild hook gives MCUboot its public key file(s).
 *
 * <p>Why: sysbuild sets both the application's CONFIG_MCUBOOT_SIGNATURE_KEY_FILE and MCUboot's
 * CONFIG_BOOT_SIGNATURE_KEY_FILE from the one SB_CONFIG_BOOT_SIGNATURE_KEY_FILE, as forced
 * configuration that wins over every -D (Zephyr 3.4 and current). Given the public key, the
 * application's build signs with it and fails; given none, MCUboot has no key. Sysbuild calls a
 * module's {@code <name>_PRE_CMAKE} hook after it added MCUboot's settings and before it
 * configures the images, and {@code set_config_string} appends to them, so the hook's key file is
 * the one MCUboot's Kconfig ends up with ("set more than once" is only a warning for forced
 * configuration), while SB_CONFIG_BOOT_SIGNATURE_KEY_FILE stays empty and the application unsigned.
 * The user's tree is not touched.
 */
public final class SysbuildKeyModule {
    /** The module's name, and so its hook's prefix. */
    public static final String NAME = "zephyrsign_mcuboot_key";
    /** The sysbuild cache variable the hook reads the key file list from. */
    public static final String KEY_VARIABLE = "ZEPHYRSIGN_MCUBOOT_KEY_FILE";

    private static final String MODULE_YML = "# Written by zephyr-maven-plugin (org.zephyrsign): gives sysbuild's MCUboot image\n"
            + "# the signer's public key file(s) while the application images stay unsigned.\n"
            + "name: " + NAME + "\n"
            + "build:\n"
            + "  sysbuild-cmake: sysbuild\n";

    private static final String SYSBUILD_CMAKE = "# Written by zephyr-maven-plugin (org.zephyrsign).\n"
            + "# SB_CONFIG_BOOT_SIGNATURE_KEY_FILE is empty, so that sysbuild leaves the application images\n"
            + "# unsigned (the plugin signs them); MCUboot gets its public key file(s) here instead, set after\n"
            + "# sysbuild's own (empty) value for it.\n"
            + "function(" + NAME + "_PRE_CMAKE)\n"
            + "  cmake_parse_arguments(PRE_CMAKE \"\" \"\" \"IMAGES\" ${ARGN})\n"
            + "  if(mcuboot IN_LIST PRE_CMAKE_IMAGES AND NOT \"${" + KEY_VARIABLE + "}\" STREQUAL \"\")\n"
            + "    set_config_string(mcuboot CONFIG_BOOT_SIGNATURE_KEY_FILE \"${" + KEY_VARIABLE + "}\")\n"
            + "  endif()\n"
            + "endfunction()\n";

    private SysbuildKeyModule() {
    }

    /** Writes the module into {@code dir} (a file only when its content changed); returns {@code dir}. */
    public static Path write(Path dir) {
        writeIfChanged(dir.resolve("zephyr/module.yml"), MODULE_YML.getBytes(StandardCharsets.UTF_8));
        writeIfChanged(dir.resolve("sysbuild/CMakeLists.txt"), SYSBUILD_CMAKE.getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    /**
     * Writes {@code content} unless the file holds it already, so that a build tool comparing
     * timestamps (ninja, CMake's configure dependencies) sees no change; returns whether it wrote.
     */
    public static boolean writeIfChanged(Path file, byte[] content) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == content.length
                    && Arrays.equals(Files.readAllBytes(file), content)) {
                return false;
            }
        } catch (IOException unreadable) {
            // written anew below, which reports a real problem
        }
        AtomicFile.write(file, content);
        return true;
    }
}
