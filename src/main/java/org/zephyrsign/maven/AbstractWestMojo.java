package org.zephyrsign.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.zephyr.PrivateKeyGuard;
import org.zephyrsign.zephyr.ProcessLauncher;
import org.zephyrsign.zephyr.WestBuildCommand;
import org.zephyrsign.zephyr.WestRunner;

/** What the goals that run {@code west build} share: west itself, the workspace, the board. */
public abstract class AbstractWestMojo extends AbstractZephyrMojo {
    /** The west executable: a name looked up on PATH, or a path. */
    @Parameter(property = "zephyr.west", defaultValue = "west")
    private String west;

    /**
     * The west workspace (west topdir); west runs there. Default: the parent of ZEPHYR_BASE when that
     * is set, else what {@code west topdir} says from the project directory.
     */
    @Parameter(property = "zephyr.westWorkspace")
    protected File westWorkspace;

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

    /**
     * Variables added to west's environment; everything else (toolchain variables such as
     * ZEPHYR_TOOLCHAIN_VARIANT, ZEPHYR_SDK_INSTALL_DIR) is inherited from Maven's.
     */
    @Parameter
    private Map<String, String> environmentVariables;

    private Path resolvedWorkspace;

    protected Path workspace() {
        if (resolvedWorkspace == null) {
            resolvedWorkspace = findWorkspace();
            getLog().info("West workspace: " + resolvedWorkspace);
        }
        return resolvedWorkspace;
    }

    private Path findWorkspace() {
        if (westWorkspace != null) {
            return westWorkspace.toPath().toAbsolutePath();
        }
        Path fromZephyrBase = WestRunner.workspaceFromZephyrBase();
        if (fromZephyrBase != null) {
            return fromZephyrBase;
        }
        return Path.of(runner().firstLine(List.of("topdir"), project.getBasedir().toPath(), environment()));
    }

    private Map<String, String> environment() {
        return environmentVariables == null ? Map.of() : new TreeMap<>(environmentVariables);
    }

    private WestRunner runner() {
        return new WestRunner(west, ProcessLauncher.SYSTEM, getLog()::info, getLog()::warn);
    }

    protected String requireBoard() {
        if (board == null || board.isBlank()) {
            throw new org.zephyrsign.ZephyrSignException("<board> (-Dzephyr.board) is required: the board west "
                    + "builds for, e.g. nrf52840dk/nrf52840");
        }
        return board.trim();
    }

    protected void runWest(WestBuildCommand command, String what) {
        PrivateKeyGuard.check(what, command.cmakeArguments(), command.kconfigFragments(), project.getBasedir().toPath());
        Map<String, String> env = environment();
        for (String toolchain : List.of("ZEPHYR_BASE", "ZEPHYR_TOOLCHAIN_VARIANT", "ZEPHYR_SDK_INSTALL_DIR")) {
            String value = env.containsKey(toolchain) ? env.get(toolchain) : System.getenv(toolchain);
            getLog().debug("west environment: " + toolchain + "=" + (value == null ? "(unset)" : value));
        }
        WestRunner runner = runner();
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
        projectHelper.attachArtifact(project, built == hex ? "hex" : "bin", "mcuboot", built.toFile());
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
