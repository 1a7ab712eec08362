package org.zephyrsign.zephyr.ncs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;

/**
 * The imgtool commands sdk-nrf's cmake/sysbuild/image_signing.cmake (commit 0170ac63) runs, for
 * the variants the ITs do not build: encryption (AES-256, the HEX with --clear, the encrypted
 * HEX), TF-M's merged input, a direct-XIP variant image, pure Ed25519 on nRF54L, extra arguments.
 * Each expected line is that CMake's command for the .config written here, worked out by hand.
 */
class NcsBuildTest {
    @TempDir
    Path dir;
    Path build;
    Path app;
    Path workspace;
    List<String> warnings = new ArrayList<>();

    @BeforeEach
    void sysbuildLayout() throws IOException {
        workspace = dir.resolve("ws");
        Files.createDirectories(workspace.resolve("nrf"));
        Files.writeString(workspace.resolve("nrf/VERSION"), "3.0.2\n");
        build = dir.resolve("build");
        app = build.resolve("blinky");
        Files.createDirectories(app.resolve("zephyr"));
        Files.createDirectories(build.resolve("zephyr"));
        Files.writeString(build.resolve("pm.config"), String.join("\n", "PM_MCUBOOT_PAD_SIZE=0x200",
                "PM_MCUBOOT_PRIMARY_ADDRESS=0xc000", "PM_MCUBOOT_PRIMARY_SIZE=0x76000",
                "PM_MCUBOOT_SECONDARY_ADDRESS=0x82000", "PM_APP_ADDRESS=0xc200"));
        Files.writeString(build.resolve("zephyr/.config"), "SB_CONFIG_BOOTLOADER_MCUBOOT=y\n");
        Files.writeString(app.resolve("zephyr/zephyr.dts"), """
                /dts-v1/;
                / {
                \tchosen {
                \t\tzephyr,flash = &flash0;
                \t};
                \tflash0: flash@0 {
                \t\twrite-block-size = < 0x4 >;
                \t\treg = < 0x0 0x100000 >;
                \t};
                };
                """);
        for (String f : List.of("zephyr.bin", "zephyr.hex", "tfm_merged.hex")) {
            Files.write(app.resolve("zephyr").resolve(f), new byte[] {1});
        }
    }

    private NcsBuild build(String... config) throws IOException {
        List<String> lines = new ArrayList<>(List.of("CONFIG_PARTITION_MANAGER_ENABLED=y",
                "CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION=\"1.0.0\"", "CONFIG_BUILD_OUTPUT_BIN=y", "CONFIG_BUILD_OUTPUT_HEX=y"));
        lines.addAll(List.of(config));
        Files.write(app.resolve("zephyr/.config"), lines);
        return NcsBuild.detect(app, () -> workspace);
    }

    private List<String> commands(NcsBuild b) {
        return b.outputs(warnings::add).stream().map(NcsBuild.Output::commandLine).toList();
    }

    private static final String SIGN = "imgtool sign --version 1.0.0 --align 4 --slot-size 0x76000 --pad-header "
            + "--header-size 0x200";

    @Test
    void plainZephyrIsNoNcsBuild() throws IOException {
        Files.writeString(app.resolve("zephyr/.config"), "CONFIG_BOOTLOADER_MCUBOOT=y\n");
        assertNull(NcsBuild.detect(app, () -> workspace));
        assertNull(NcsBuild.detect(dir.resolve("nothing"), () -> workspace));
    }

    @Test
    void encryptedWithAes256AndTfm() throws IOException {
        NcsBuild b = build("CONFIG_BUILD_WITH_TFM=y", "CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE=\"keys/enc.pem\"",
                "CONFIG_MCUBOOT_ENCRYPTION_ALG_AES_256=y");
        String key = workspace.resolve("keys/enc.pem").toString();
        assertEquals(List.of(
                SIGN + " -k KEY --encrypt-keylen 256 tfm_merged.hex zephyr.signed.bin",
                SIGN + " -k KEY --encrypt-keylen 256 --encrypt " + key + " tfm_merged.hex zephyr.signed.encrypted.bin",
                SIGN + " -k KEY --encrypt-keylen 256 --encrypt " + key + " --clear tfm_merged.hex zephyr.signed.hex",
                SIGN + " -k KEY --encrypt-keylen 256 --encrypt " + key + " tfm_merged.hex zephyr.signed.encrypted.hex"),
                commands(b));
        assertTrue(b.description().contains("NCS 3.0.2 (" + workspace.resolve("nrf/VERSION") + ")"), b.description());
    }

    @Test
    void directXipVariantImageRunsFromTheSecondarySlot() throws IOException {
        NcsBuild b = build("CONFIG_MCUBOOT_BOOTLOADER_MODE_DIRECT_XIP=y", "CONFIG_NCS_IS_VARIANT_IMAGE=y");
        assertEquals(List.of(SIGN + " --rom-fixed 0x82000 -k KEY zephyr.bin zephyr.signed.bin",
                SIGN + " --rom-fixed 0x82000 -k KEY zephyr.hex zephyr.signed.hex"), commands(b));
    }

    @Test
    void pureEd25519OnNrf54lAndExtraArgumentsAfterIt() throws IOException {
        NcsBuild b = build("CONFIG_BUILD_OUTPUT_HEX=n", "CONFIG_SOC_SERIES_NRF54LX=y",
                "CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_ED25519=y", "CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_PURE=y",
                "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS=\"--custom-tlv 0xa0 0x01\"");
        assertEquals(List.of(SIGN + " -k KEY --pure --custom-tlv 0xa0 0x01 zephyr.bin zephyr.signed.bin"),
                commands(b));
    }

    @Test
    void ed25519ElsewhereKeepsSha256() throws IOException {
        NcsBuild b = build("CONFIG_BUILD_OUTPUT_HEX=n", "CONFIG_SOC_SERIES_NRF53X=y",
                "CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_ED25519=y");
        assertEquals(List.of(SIGN + " -k KEY zephyr.bin zephyr.signed.bin"), commands(b));
    }

    @Test
    void missingWriteBlockSizeWarnsAndAlignsTo4AsNcsDoes() throws IOException {
        Files.writeString(app.resolve("zephyr/zephyr.dts"), "/dts-v1/;\n/ {\n};\n");
        NcsBuild b = build("CONFIG_BUILD_OUTPUT_HEX=n");
        assertEquals(List.of(SIGN + " -k KEY zephyr.bin zephyr.signed.bin"), commands(b));
        assertEquals(List.of("slot0_partition write block size devicetree parameter is missing, assuming write block "
                + "size is 4"), warnings);
    }

    @Test
    void withoutPmConfigTheErrorNamesWhereItWasLookedFor() throws IOException {
        Files.delete(build.resolve("pm.config"));
        ZephyrSignException e = assertThrows(ZephyrSignException.class, () -> build());
        assertTrue(e.getMessage().contains("pm.config is in neither " + build), e.getMessage());
    }

    @Test
    void aMissingPartitionNamesTheSymbolAndTheFile() throws IOException {
        Files.writeString(build.resolve("pm.config"), "PM_MCUBOOT_PAD_SIZE=0x200\n");
        NcsBuild b = build();
        ZephyrSignException e = assertThrows(ZephyrSignException.class, () -> b.outputs(warnings::add));
        assertEquals("PM_MCUBOOT_PRIMARY_SIZE is not set in " + build.resolve("pm.config")
                + " (needed for signing with the partition manager)", e.getMessage());
    }

    @Test
    void noZipWithoutSbConfigDfuZipAndAWarningForLayoutsNotMadeYet() throws IOException {
        NcsBuild b = build();
        assertNull(b.zipPlan(warnings::add));
        Files.writeString(build.resolve("zephyr/.config"), String.join("\n", "SB_CONFIG_BOOTLOADER_MCUBOOT=y",
                "SB_CONFIG_DFU_ZIP=y", "SB_CONFIG_DFU_ZIP_APP=y", "SB_CONFIG_MCUBOOT_BUILD_DIRECT_XIP_VARIANT=y"));
        assertNull(build().zipPlan(warnings::add));
        assertTrue(warnings.get(0).startsWith("SB_CONFIG_MCUBOOT_BUILD_DIRECT_XIP_VARIANT=y in "), warnings.toString());
    }

    @Test
    void encryptedUpdateInTheZipUnderNcsName() throws IOException {
        Files.writeString(build.resolve("zephyr/.config"), String.join("\n", "SB_CONFIG_BOOTLOADER_MCUBOOT=y",
                "SB_CONFIG_DFU_ZIP=y", "SB_CONFIG_DFU_ZIP_APP=y", "SB_CONFIG_BOOT_ENCRYPTION=y",
                "SB_CONFIG_MCUBOOT_APPLICATION_IMAGE_NUMBER=0"));
        NcsBuild.ZipPlan plan = build("CONFIG_BOARD=\"nrf52840dk\"", "CONFIG_SOC=\"nrf52840\"").zipPlan(warnings::add);
        assertEquals(1, plan.entries().size());
        assertEquals("blinky.signed.encrypted.bin", plan.entries().get(0).name());
        assertEquals(NcsBuild.Kind.ENCRYPTED, plan.entries().get(0).kind());
        assertEquals("{load_address=49664, image_index=0, slot_index_primary=1, slot_index_secondary=2, "
                + "version_MCUBOOT=1.0.0}", plan.entries().get(0).manifest().toString());
        assertEquals("{type=application, board=nrf52840dk, soc=nrf52840}", plan.shared().toString());
    }

    @Test
    void olderNcsIsNamed() throws IOException {
        assertNull(build().versionWarning());
        Files.writeString(workspace.resolve("nrf/VERSION"), "2.6.1\n");
        assertTrue(build().versionWarning().startsWith("NCS 2.6.1 is older than 2.7"));
    }
}
