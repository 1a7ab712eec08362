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
import org.zephyrsign.AtomicFile;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.zephyr.PrivateKeyGuard;
import org.zephyrsign.imageset.Classifiers;
import org.zephyrsign.zephyr.WestBuildCommand;
import org.zephyrsign.zephyr.WestRunner;
import org.zephyrsign.zephyr.WestSpdx;

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
        runner.run(command.arguments(), workspace, env);
    }

    /** Writes the signer's public key as PEM for MCUboot's build, which needs nothing more. */
    protected Path exportPublicKey(McubootPublicKey key, File file) {
        AtomicFile.write(file.toPath(), key.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        getLog().info("Bootloader key: " + key + ", public key only, in " + file);
        return file.toPath().toAbsolutePath();
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
