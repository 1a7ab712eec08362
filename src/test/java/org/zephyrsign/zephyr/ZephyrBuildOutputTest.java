package org.zephyrsign.zephyr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;

/** Image parameters derived from a Zephyr build, as cmake/mcuboot.cmake derives them. */
class ZephyrBuildOutputTest {
    static final Path FIXTURE = Path.of("src/test/west-double/fixtures/app");

    @TempDir
    Path tmp;

    private Path build(String extraConfig, String dtsEdit) throws IOException {
        Path zephyr = Files.createDirectories(tmp.resolve("build/zephyr"));
        Files.writeString(zephyr.resolve(".config"), Files.readString(FIXTURE.resolve(".config")) + extraConfig);
        String dts = Files.readString(FIXTURE.resolve("zephyr.dts"));
        Files.writeString(zephyr.resolve("zephyr.dts"), dtsEdit == null ? dts : dts.replace(dtsEdit, ""));
        Files.copy(FIXTURE.resolve("zephyr.bin"), zephyr.resolve("zephyr.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return tmp.resolve("build");
    }

    private List<String> args(Path build, List<String> warnings) {
        List<String> all = new ArrayList<>();
        ZephyrBuildOutput.at(build).imgtoolArguments(warnings::add).forEach(a -> all.addAll(a.arguments()));
        return all;
    }

    @Test
    void swapBuildSignsWithSlot1SizeAndTheFlashWriteBlockSize() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertEquals(List.of("--version", "0.9.1", "--header-size", "0x200", "--slot-size", "0x60000", "--align", "4"),
                args(build("", null), warnings));
        assertEquals(List.of(), warnings);
    }

    @Test
    void overwriteOnlyAlignsToOne() throws IOException {
        assertEquals(List.of("--version", "0.9.1", "--header-size", "0x200", "--slot-size", "0x60000",
                "--overwrite-only", "--align", "1"),
                args(build("CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY=y\n", null), new ArrayList<>()));
    }

    @Test
    void ramLoadTakesTheChosenSramAndSlot0Address() throws IOException {
        assertEquals(List.of("--version", "0.9.1", "--header-size", "0x200", "--slot-size", "0x60000", "--align", "1",
                "--load-addr", "0x20000000", "--hex-addr", "0xc000"),
                args(build("CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD=y\n", null), new ArrayList<>()));
    }

    @Test
    void ramLoadPlacesTheSignedHexAtSlot0AndOtherModesKeepZephyrsAddress() throws IOException {
        assertEquals(0xc000L, ZephyrBuildOutput.at(build("CONFIG_MCUBOOT_BOOTLOADER_MODE_RAM_LOAD=y\n", null)).hexAddress());
        assertEquals(null, ZephyrBuildOutput.at(build("", null)).hexAddress());
    }

    @Test
    void singleApplicationModeUsesSlot0AndMaxSectorsAndExtraArgsFollow() throws IOException {
        Path b = build("CONFIG_MCUBOOT_BOOTLOADER_MODE_SINGLE_APP=y\nCONFIG_BOOT_MAX_IMG_SECTORS=256\n"
                + "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS=\"--security-counter auto --custom-tlv 0xa0 'hello world'\"\n", null);
        assertEquals(List.of("--version", "0.9.1", "--header-size", "0x200", "--slot-size", "0x60000", "--align", "4",
                "--max-sectors", "256", "--security-counter", "auto", "--custom-tlv", "0xa0", "hello world"),
                args(b, new ArrayList<>()));
    }

    @Test
    void missingWriteBlockSizeWarnsAndAssumesFour() throws IOException {
        List<String> warnings = new ArrayList<>();
        List<String> a = args(build("", "write-block-size = < 0x4 >;"), warnings);
        assertEquals("4", a.get(a.indexOf("--align") + 1));
        assertEquals(List.of("slot0_partition write block size devicetree parameter is missing, assuming write block "
                + "size is 4"), warnings);
    }

    @Test
    void sourcesSayWhereEachValueCameFrom() throws IOException {
        var groups = ZephyrBuildOutput.at(build("", null)).imgtoolArguments(w -> { });
        var slot = groups.stream().filter(g -> g.arguments().get(0).equals("--slot-size")).findFirst().orElseThrow();
        assertEquals(List.of("--slot-size", "0x60000"), slot.arguments());
        assertTrue(slot.origin().startsWith("the size of slot1_partition in "), slot.origin());
        var header = groups.stream().filter(g -> g.arguments().get(0).equals("--header-size")).findFirst().orElseThrow();
        assertTrue(header.origin().startsWith("CONFIG_ROM_START_OFFSET in "), header.origin());
    }

    @Test
    void aBuildWithoutMcubootSaysSo() throws IOException {
        Path b = build("", null);
        Files.writeString(b.resolve("zephyr/.config"), "CONFIG_BOARD=\"x\"\n");
        ZephyrSignException e = assertThrows(ZephyrSignException.class,
                () -> ZephyrBuildOutput.at(b).imgtoolArguments(w -> { }));
        assertTrue(e.getMessage().startsWith("CONFIG_ROM_START_OFFSET is not set in "), e.getMessage());
    }

    @Test
    void shellWordsSplitLikeCmake() {
        assertEquals(List.of("--pad", "--custom-tlv", "0xa1", "a b", "x\"y"),
                ShellWords.split(" --pad  --custom-tlv 0xa1 'a b' \"x\\\"y\""));
    }
}
