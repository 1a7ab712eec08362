package org.zephyrsign.zephyr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;

/** What the signing record reads from a Zephyr build, and the SPDX documents west spdx leaves. */
class ZephyrBuildInfoAndSpdxTest {
    @TempDir
    Path tmp;

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void boardZephyrAndMcubootRevisionsComeFromTheBuild() throws Exception {
        Path app = tmp.resolve("build/app");
        write(app.resolve("zephyr/.config"), "CONFIG_BOARD=\"nrf52840dk\"\nCONFIG_BOARD_TARGET=\"nrf52840dk/nrf52840\"\n");
        write(app.resolve("zephyr/include/generated/zephyr/version.h"),
                "#define KERNEL_VERSION_STRING \"3.7.0\"\n#define BUILD_VERSION v3.7.0-42-gdeadbeef\n");
        Path mcubootTree = tmp.resolve("ws/bootloader/mcuboot");
        String commit = "0123456789abcdef0123456789abcdef01234567";
        write(mcubootTree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        write(mcubootTree.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + commit + " refs/heads/main\n");
        Path mcuboot = tmp.resolve("build/mcuboot");
        write(mcuboot.resolve("CMakeCache.txt"), "APPLICATION_SOURCE_DIR:PATH=" + mcubootTree.resolve("boot/zephyr") + "\n");
        Files.createDirectories(mcubootTree.resolve("boot/zephyr"));

        assertEquals(new ZephyrBuildInfo("v3.7.0-42-gdeadbeef", commit, "nrf52840dk/nrf52840"),
                ZephyrBuildInfo.read(app, mcuboot));
        assertEquals(new ZephyrBuildInfo("v3.7.0-42-gdeadbeef", null, "nrf52840dk/nrf52840"),
                ZephyrBuildInfo.read(app, null));
    }

    @Test
    void olderBuildsAndDetachedCheckoutsAsWestLeavesThem() throws Exception {
        Path app = tmp.resolve("app");
        write(app.resolve("zephyr/.config"), "CONFIG_BOARD=\"qemu_cortex_m0\"\n");
        Path zephyrBase = tmp.resolve("ws/zephyr");
        write(zephyrBase.resolve("VERSION"), "VERSION_MAJOR = 3\nVERSION_MINOR = 4\nPATCHLEVEL = 0\nVERSION_TWEAK = 0\nEXTRAVERSION =\n");
        write(app.resolve("CMakeCache.txt"), "ZEPHYR_BASE:PATH=" + zephyrBase + "\n");
        Path mcubootTree = tmp.resolve("ws/bootloader/mcuboot");
        String commit = "fedcba9876543210fedcba9876543210fedcba98";
        write(mcubootTree.resolve(".git/HEAD"), commit + "\n"); // west checks out manifest-rev detached
        Path mcuboot = tmp.resolve("mcuboot");
        write(mcuboot.resolve("CMakeCache.txt"), "APPLICATION_SOURCE_DIR:PATH=" + mcubootTree.resolve("boot/zephyr") + "\n");
        assertEquals(new ZephyrBuildInfo("3.4.0", commit, "qemu_cortex_m0"), ZephyrBuildInfo.read(app, mcuboot));
    }

    @Test
    void whatABuildDoesNotSayIsNull() {
        assertEquals(new ZephyrBuildInfo(null, null, null), ZephyrBuildInfo.read(tmp.resolve("none"), tmp.resolve("no")));
    }

    @Test
    void westSpdxIsRunAsZephyrDocumentsIt() {
        Path b = tmp.resolve("b");
        assertEquals(List.of("spdx", "--init", "-d", b.toString()), WestSpdx.initArguments(b));
        assertEquals(List.of("spdx", "-d", b.toString()), WestSpdx.generateArguments(b));
    }

    @Test
    void theThreeDocumentsMustBeThereAndBeSpdx() throws Exception {
        Path b = tmp.resolve("b");
        write(b.resolve("spdx/app.spdx"), "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n");
        write(b.resolve("spdx/zephyr.spdx"), "<html>not found</html>\n");
        ZephyrSignException e = assertThrows(ZephyrSignException.class, () -> WestSpdx.documents(b));
        assertTrue(e.getMessage().startsWith("west spdx did not write Zephyr's SPDX documents to " + b.resolve("spdx")
                + ": zephyr.spdx is not an SPDX tag-value document (no SPDXVersion line first), build.spdx is missing"),
                e.getMessage());
        write(b.resolve("spdx/zephyr.spdx"), "SPDXVersion: SPDX-2.3\n");
        write(b.resolve("spdx/build.spdx"), "SPDXVersion: SPDX-2.2\n");
        assertEquals(List.of(WestSpdx.Document.APP, WestSpdx.Document.ZEPHYR, WestSpdx.Document.BUILD),
                List.copyOf(WestSpdx.documents(b).keySet()));
        assertNull(ZephyrBuildInfo.board(b));
    }
}
