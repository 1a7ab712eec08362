package org.zephyrsign.imageset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImgtoolCommandLine;
import org.zephyrsign.image.InvalidOptionException;
import org.zephyrsign.image.OptionSource;

/** Which images a build makes, and where each setting comes from. */
class ImageSetPlannerTest {
    private static final Path FIXTURE = Path.of("src/test/west-double/fixtures/app");
    /** Names options the way a POM would, so the tests see which layer a value came from. */
    private static final OptionSource POM = new OptionSource() {
        @Override
        public String name(ImageOption<?> option) {
            return "<" + option.name() + ">";
        }

        @Override
        public Path resolve(String path) {
            return Path.of("/project").resolve(path);
        }
    };

    @TempDir
    Path tmp;
    private final List<String> log = new ArrayList<>();

    /** A Zephyr build directory from the west double's fixture, with extra Kconfig lines. */
    private Path build(String name, String extraConfig) throws IOException {
        Path zephyr = Files.createDirectories(tmp.resolve(name).resolve("zephyr"));
        for (String f : List.of("zephyr.bin", "zephyr.hex", "zephyr.dts")) {
            Files.copy(FIXTURE.resolve(f), zephyr.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(zephyr.resolve(".config"), Files.readString(FIXTURE.resolve(".config")) + extraConfig);
        return tmp.resolve(name);
    }

    private static Consumer<ImageSettings.Builder> imgtool(String... args) {
        return b -> ImgtoolCommandLine.parse(args, 0, ImgtoolCommandLine.imageOptionSpecs()).applyImageOptions(b, POM);
    }

    private ImageSet plan(Path firmware, Path build, List<String> domains, Consumer<ImageSettings.Builder> user,
            Supplier<Path> westTopdir) {
        return ImageSetPlanner.plan(new ImageSetPlanner.Request(firmware, build, tmp.resolve("out/fw-signed.bin"),
                domains, POM, imgtool("-H", "0x400", "--align", "8", "-v", "0.0.0"), user, westTopdir), log::add,
                log::add);
    }

    private static Supplier<Path> noWorkspace() {
        return () -> {
            throw new AssertionError("the west workspace was asked for, though nothing needs it");
        };
    }

    @Test
    void aFirmwareFileIsOneImageFromTheDefaultsAndTheUsersSettings() throws IOException {
        Path firmware = Files.write(tmp.resolve("app.bin"), new byte[16]);
        ImageSet set = plan(firmware, tmp.resolve("no-build"), List.of(), imgtool("-S", "0x8000"), noWorkspace());
        assertEquals(1, set.members().size());
        ImageSetMember app = set.application();
        assertEquals(ImageRole.APPLICATION, app.role());
        assertEquals(firmware, app.input());
        assertEquals(Classifiers.SIGNED, app.classifier());
        assertEquals(0x400, app.settings().get(ImageOption.HEADER_SIZE));
        assertEquals(0x8000L, app.settings().get(ImageOption.SLOT_SIZE));
    }

    @Test
    void aZephyrBuildGivesItsImageItsHexAndTheConfirmedVariantWithTheBuildsParameters() throws IOException {
        Path build = build("app", "");
        ImageSet set = plan(null, build, List.of(), imgtool(), noWorkspace());
        assertEquals(List.of(ImageRole.APPLICATION, ImageRole.APPLICATION_HEX, ImageRole.CONFIRMED, ImageRole.CONFIRMED),
                set.members().stream().map(ImageSetMember::role).toList());
        ImageSettings app = set.application().settings();
        // the build's values replace the front end's defaults
        assertEquals(0x200, app.get(ImageOption.HEADER_SIZE));
        assertEquals(0x60000L, app.get(ImageOption.SLOT_SIZE));
        assertEquals("0.9.1+0", app.get(ImageOption.VERSION).toString());
        assertEquals(build.resolve("zephyr/zephyr.bin"), set.application().input());
        assertEquals(build.resolve("zephyr/zephyr.hex"), set.members().get(1).input());
        assertEquals(tmp.resolve("out/fw-signed.hex"), set.members().get(1).output());
        ImageSetMember confirmed = set.members().get(2);
        assertEquals(tmp.resolve("out/fw-signed.confirmed.bin"), confirmed.output());
        assertEquals(Classifiers.CONFIRMED, confirmed.classifier());
        assertTrue(confirmed.settings().get(ImageOption.CONFIRM));
        assertTrue(confirmed.settings().get(ImageOption.PAD), "confirm implies pad");
        assertFalse(app.get(ImageOption.CONFIRM));
        // Zephyr's zephyr.signed.confirmed.hex: the confirmed image made from zephyr.hex
        ImageSetMember confirmedHex = set.members().get(3);
        assertEquals(build.resolve("zephyr/zephyr.hex"), confirmedHex.input());
        assertEquals(tmp.resolve("out/fw-signed.confirmed.hex"), confirmedHex.output());
        assertEquals("hex", confirmedHex.type());
        assertEquals(Classifiers.CONFIRMED, confirmedHex.classifier());
        assertTrue(confirmedHex.settings().get(ImageOption.CONFIRM));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("  --slot-size 0x60000 from the size of slot1_partition")),
                log.toString());
    }

    @Test
    void whatTheUserSetWinsOverTheBuildAndIsNamedAsTheUserWroteIt() throws IOException {
        ImageSet set = plan(null, build("app", ""), List.of(), imgtool("-S", "0x1000"), noWorkspace());
        assertEquals(0x1000L, set.application().settings().get(ImageOption.SLOT_SIZE));
        assertEquals("<slotSize>", set.application().settings().name(ImageOption.SLOT_SIZE));
        assertTrue(log.contains("Set by you, overriding the build: <slotSize>"), log.toString());
        // values the build gave are named with where they came from
        String header = set.application().settings().name(ImageOption.HEADER_SIZE);
        assertTrue(header.startsWith("<headerSize> (taken from CONFIG_ROM_START_OFFSET in "), header);
    }

    @Test
    void aProblemWithABuildValueNamesTheSettingItCameFrom() throws IOException {
        Path build = build("app", "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS=\"--max-align 12\"\n");
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> plan(null, build, List.of(), imgtool(), noWorkspace()));
        assertTrue(e.getMessage().startsWith("<maxAlign> (taken from CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS in "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(": must be one of 8, 16, 32; got '12'"), e.getMessage());
    }

    @Test
    void anUnknownOptionInTheExtraImgtoolArgumentsNamesTheKconfigSetting() throws IOException {
        Path build = build("app", "CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS=\"--no-such-thing\"\n");
        ZephyrSignException e = assertThrows(ZephyrSignException.class,
                () -> plan(null, build, List.of(), imgtool(), noWorkspace()));
        assertTrue(e.getMessage().matches("CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS in .*/\\.config: no such option: "
                + "--no-such-thing"), e.getMessage());
    }

    @Test
    void aRelativeEncryptionKeyIsTheWestWorkspacesAndMakesAnEncryptedMember() throws IOException {
        Path build = build("app", "CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE=\"keys/enc.pem\"\n");
        ImageSet set = plan(null, build, List.of(), imgtool(), () -> Path.of("/ws"));
        ImageSetMember encrypted = set.members().get(set.members().size() - 1);
        assertEquals(ImageRole.ENCRYPTED, encrypted.role());
        assertEquals(Path.of("/ws/keys/enc.pem"), encrypted.settings().get(ImageOption.ENCRYPT));
        assertEquals(Classifiers.ENCRYPTED, encrypted.classifier());
        assertEquals(null, set.application().settings().get(ImageOption.ENCRYPT));
    }

    @Test
    void theNrfConnectSdksCompressionCompressesTheBinariesButNotTheHex() throws IOException {
        Path build = build("app", "CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED=y\n");
        ImageSet set = plan(null, build, List.of(), imgtool(), noWorkspace());
        for (ImageSetMember m : set.members()) {
            Object expected = m.type().equals("hex") ? null
                    : org.zephyrsign.image.Lzma2Compression.Type.LZMA2_ARM_THUMB;
            assertEquals(expected, m.settings().get(ImageOption.COMPRESSION), m.role().toString());
        }
        assertTrue(set.application().settings().name(ImageOption.COMPRESSION)
                .contains("CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED"));
    }

    @Test
    void otherDomainsAreSiblingsOfTheApplicationsBuildWithTheirOwnParameters() throws IOException {
        Path app = build("sysbuild/app", "");
        build("sysbuild/netcore", "CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION=\"2.0.0\"\n");
        ImageSet set = plan(null, app, List.of("netcore"), imgtool(), noWorkspace());
        ImageSetMember netcore = set.members().get(set.members().size() - 1);
        assertEquals(ImageRole.DOMAIN, netcore.role());
        assertEquals("netcore", netcore.classifier());
        assertEquals(tmp.resolve("out/fw-signed-netcore.bin"), netcore.output());
        assertEquals("2.0.0+0", netcore.settings().get(ImageOption.VERSION).toString());
    }
}
