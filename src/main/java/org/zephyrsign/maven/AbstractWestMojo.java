package org.zephyrsign.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.zephyr.PrivateKeyGuard;
import org.zephyrsign.imageset.Classifiers;
import org.zephyrsign.zephyr.WestBuildCommand;
import org.zephyrsign.zephyr.SysbuildKeyModule;
import org.zephyrsign.zephyr.WestDiagnosis;
import org.zephyrsign.zephyr.WestException;
import org.zephyrsign.zephyr.WestRunner;
import org.zephyrsign.zephyr.WestSpdx;
import org.zephyrsign.zephyr.ZephyrVersion;
import org.apache.maven.plugin.MojoFailureException;

/** What the goals that run {@code west build} share: the board, the pristine policy, the bootloader. */
public abstract class AbstractWestMojo extends AbstractZephyrProjectMojo {
    /** The board, as west build -b takes it (e.g. nrf52840dk/nrf52840). */
    @Parameter(property = "zephyr.board")
    protected String board;

    /** west build -p: auto (default), always or never. */
    @Parameter(property = "zephyr.pristine", defaultValue = "auto")
    protected String pristine;

    /** Attach the built bootloader (its zephyr.hex, else zephyr.bin) with classifier mcuboot. */
    @Parameter(property = "zephyr.attachBootloader", defaultValue = "true")
    private boolean attachBootloader;

    /** MCUboot's Zephyr port; default bootloader/mcuboot/boot/zephyr in the west workspace. */
    @Parameter(property = "zephyr.bootloaderSource")
    protected File bootloaderSource;

    /**
     * Extra CMake arguments for the MCUboot build (with sysbuild, given to the mcuboot domain:
     * -DNAME=VALUE becomes -Dmcuboot_NAME=VALUE). (no -D form: set it in the POM)
     */
    @Parameter
    protected List<String> bootloaderCmakeArguments;

    /** Kconfig fragments for the MCUboot build (EXTRA_CONF_FILE; with sysbuild mcuboot_EXTRA_CONF_FILE). (no -D form: set it in the POM) */
    @Parameter
    protected List<File> bootloaderConfFiles;

    /**
     * Devicetree overlays for the MCUboot build (EXTRA_DTC_OVERLAY_FILE; with sysbuild
     * mcuboot_EXTRA_DTC_OVERLAY_FILE). (no -D form: set it in the POM)
     */
    @Parameter
    protected List<File> bootloaderOverlays;

    /**
     * Further public keys (PEM files) MCUboot accepts besides the signer's, for key rotation: a
     * device keeps booting images of the old key while new ones are signed with the new key. They
     * go after the signer's key, comma-separated, in CONFIG_BOOT_SIGNATURE_KEY_FILE, which MCUboot
     * takes since commit 5497c95f (June 2026); an older MCUboot tree is refused. Same signature
     * type as the signer's key; private keys are refused. (no -D form: set it in the POM)
     */
    @Parameter
    protected List<File> bootloaderKeys;

    /** The public key exported from the signer for MCUboot's build. */
    @Parameter(defaultValue = "${project.build.directory}/zephyr/mcuboot-signing-key.pub.pem", readonly = true)
    protected File publicKeyFile;

    @Component
    private MavenProjectHelper projectHelper;

    protected String requireBoard() {
        if (board == null || board.isBlank()) {
            throw new org.zephyrsign.ZephyrSignException("<board> (-Dzephyr.board) is required: the board west "
                    + "builds for, e.g. nrf52840dk/nrf52840");
        }
        return board.trim();
    }

    protected void runWest(WestBuildCommand command, String what) {
        PrivateKeyGuard.check(what, command.cmakeArguments(), command.kconfigFragments(), project.getBasedir().toPath());
        Map<String, String> env = westEnvironment();
        for (String toolchain : List.of("ZEPHYR_BASE", "ZEPHYR_TOOLCHAIN_VARIANT", "ZEPHYR_SDK_INSTALL_DIR")) {
            String value = env.containsKey(toolchain) ? env.get(toolchain) : System.getenv(toolchain);
            getLog().debug("west environment: " + toolchain + "=" + (value == null ? "(unset)" : value));
        }
        WestRunner runner = westRunner();
        Path workspace = workspace();
        getLog().info("Using " + runner.version(workspace, env));
        ZephyrVersion version = zephyrVersion();
        String knownFault = WestDiagnosis.beforeBuild(version, command.board());
        if (knownFault != null) {
            throw new WestException("west build not run: " + knownFault, -1, List.of());
        }
        boolean configure = !command.configuredAlready();
        if (!configure) {
            getLog().info("The build directory " + command.buildDir() + " is configured as asked (its CMakeCache.txt "
                    + "records the same arguments): west build runs without CMake arguments");
        }
        try {
            Files.deleteIfExists(command.builtRecord());
            runner.run(command.arguments(configure), workspace, env,
                    WestDiagnosis::explain);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SysbuildKeyModule.writeIfChanged(command.builtRecord(),
                command.configurationDigest().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * The Zephyr tree's version, from $ZEPHYR_BASE/VERSION or else zephyr/VERSION in the
     * workspace; logged once, with a warning for a tree older than the plugin supports. Null when
     * the tree has no VERSION file.
     */
    protected ZephyrVersion zephyrVersion() {
        if (zephyrVersionRead) {
            return zephyrVersion;
        }
        String base = westEnvironment().getOrDefault("ZEPHYR_BASE", System.getenv("ZEPHYR_BASE"));
        Path zephyrBase = base != null && !base.isBlank() ? Path.of(base) : workspace().resolve("zephyr");
        zephyrVersion = ZephyrVersion.read(zephyrBase);
        zephyrVersionRead = true;
        if (zephyrVersion == null) {
            getLog().info("Zephyr version: unknown (no readable " + zephyrBase.resolve("VERSION") + ")");
        } else {
            getLog().info("Zephyr version: " + zephyrVersion + " (" + zephyrVersion.file() + ")");
            if (zephyrVersion.olderThanSupported()) {
                getLog().warn("Zephyr " + zephyrVersion + " is older than the oldest tree this plugin supports ("
                        + ZephyrVersion.OLDEST_SUPPORTED + ")");
            }
        }
        return zephyrVersion;
    }

    private ZephyrVersion zephyrVersion;
    private boolean zephyrVersionRead;

    /**
     * Writes the signer's public key as PEM for MCUboot's build, which needs nothing more; an
     * unchanged key leaves the file (and so MCUboot's build) untouched.
     */
    protected Path exportPublicKey(McubootPublicKey key, File file) {
        boolean written = SysbuildKeyModule.writeIfChanged(file.toPath(),
                key.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        getLog().info("Bootloader key: " + key + ", public key only, in " + file + (written ? "" : " (unchanged)"));
        return file.toPath().toAbsolutePath();
    }

    /**
     * The key files MCUboot is built with: {@code signerKeyFile} first, then {@code <bootloaderKeys>}
     * when the MCUboot tree accepts several (its boot/zephyr/CMakeLists.txt knows
     * MCUBOOT_SIGN_KEY_COUNT, MCUboot commit 5497c95f).
     */
    protected List<Path> bootloaderKeyFiles(McubootPublicKey signerKey, Path signerKeyFile) throws MojoFailureException {
        List<Path> files = new ArrayList<>(List.of(signerKeyFile));
        if (bootloaderKeys == null || bootloaderKeys.isEmpty()) {
            return files;
        }
        Path mcuboot = mcubootSource();
        Path cmake = mcuboot.resolve("CMakeLists.txt");
        String text;
        try {
            text = Files.readString(cmake);
        } catch (java.io.IOException e) {
            throw new MojoFailureException("<bootloaderKeys> needs an MCUboot tree that accepts several keys, but "
                    + cmake + " cannot be read (" + e.getMessage() + "); set <bootloaderSource>");
        }
        if (!text.contains("MCUBOOT_SIGN_KEY_COUNT")) {
            throw new MojoFailureException("<bootloaderKeys>: the MCUboot tree " + mcuboot + " takes one key in "
                    + "CONFIG_BOOT_SIGNATURE_KEY_FILE (its CMakeLists.txt knows no MCUBOOT_SIGN_KEY_COUNT); several "
                    + "comma-separated keys need MCUboot from commit 5497c95f (June 2026) on: update MCUboot or leave "
                    + "<bootloaderKeys> out");
        }
        for (File f : bootloaderKeys) {
            Path p = f.toPath().toAbsolutePath();
            if (PrivateKeyGuard.holdsPrivateKey(p)) {
                throw new MojoFailureException("<bootloaderKeys>: " + p + " holds a private key; MCUboot needs only "
                        + "public keys");
            }
            McubootPublicKey k = org.zephyrsign.crypto.PemKeys.publicKey(p);
            if (k.algorithm() != signerKey.algorithm()) {
                throw new MojoFailureException("<bootloaderKeys>: " + p + " holds " + k + ", but MCUboot is built for "
                        + "one signature type, the signer's " + signerKey);
            }
            files.add(p);
        }
        getLog().info("MCUboot accepts " + files.size() + " keys: " + files);
        return files;
    }

    /** MCUboot's Zephyr port: {@code <bootloaderSource>}, else bootloader/mcuboot/boot/zephyr in the workspace. */
    protected Path mcubootSource() {
        return (bootloaderSource != null ? bootloaderSource.toPath() : workspace().resolve("bootloader/mcuboot/boot/zephyr"))
                .toAbsolutePath();
    }

    /** Attaches MCUboot as built in {@code buildDir} (classifier mcuboot), when asked to. */
    protected void attachBootloader(Path buildDir) {
        if (!attachBootloader) {
            return;
        }
        Path hex = buildDir.resolve("zephyr/zephyr.hex");
        Path bin = buildDir.resolve("zephyr/zephyr.bin");
        Path built = Files.isRegularFile(hex) ? hex : bin;
        if (!Files.isRegularFile(built)) {
            throw new org.zephyrsign.ZephyrSignException("the bootloader build in " + buildDir + " produced neither "
                    + "zephyr/zephyr.hex nor zephyr/zephyr.bin");
        }
        projectHelper.attachArtifact(project, built == hex ? "hex" : "bin", Classifiers.MCUBOOT, built.toFile());
    }

    /** {@code west spdx --init -d BUILD}, before the build, so that west spdx can describe it afterwards. */
    protected void prepareSbom(Path buildDir) {
        westRunner().run(WestSpdx.initArguments(buildDir), workspace(), westEnvironment());
    }

    /**
     * {@code west spdx -d BUILD} after the build, and attaches its three documents (type spdx,
     * classifiers spdx-app, spdx-zephyr, spdx-build); fails when any of them is missing.
     */
    protected void writeAndAttachSbom(Path buildDir) {
        westRunner().run(WestSpdx.generateArguments(buildDir), workspace(), westEnvironment());
        for (Map.Entry<WestSpdx.Document, Path> d : WestSpdx.documents(buildDir).entrySet()) {
            projectHelper.attachArtifact(project, Classifiers.SPDX, Classifiers.spdx(d.getKey()), d.getValue().toFile());
            getLog().info("SBOM: " + d.getValue() + " (" + Classifiers.spdx(d.getKey()) + ")");
        }
    }

    protected static List<Path> paths(List<File> files) {
        List<Path> out = new ArrayList<>();
        if (files != null) {
            files.forEach(f -> out.add(f.toPath().toAbsolutePath()));
        }
        return out;
    }

    protected static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
