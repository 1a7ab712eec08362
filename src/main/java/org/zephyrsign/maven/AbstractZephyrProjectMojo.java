package org.zephyrsign.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugins.annotations.Parameter;
import org.zephyrsign.zephyr.ProcessLauncher;
import org.zephyrsign.zephyr.SysbuildDomains;
import org.zephyrsign.zephyr.WestRunner;

/**
 * Where a Zephyr project's pieces are, declared once for every goal that needs them: the west
 * executable and workspace, the application's source and build directories, and sysbuild.
 */
public abstract class AbstractZephyrProjectMojo extends AbstractZephyrMojo {
    /**
     * The west executable: a name looked up on PATH, or a path (a relative one is relative to the
     * project directory).
     */
    @Parameter(property = "zephyr.west", defaultValue = "west")
    private String west;

    /**
     * The west workspace (west topdir): west runs there, and Zephyr resolves relative key files in
     * Kconfig against it. Default: the parent of ZEPHYR_BASE when that is set, else what
     * {@code west topdir} says from the project directory.
     */
    @Parameter(property = "zephyr.westWorkspace")
    private File westWorkspace;

    /**
     * Variables added to west's environment; everything else (toolchain variables such as
     * ZEPHYR_TOOLCHAIN_VARIANT, ZEPHYR_SDK_INSTALL_DIR) is inherited from Maven's. (no -D form: set
     * it in the POM)
     */
    @Parameter
    private Map<String, String> environmentVariables;

    /** The application's source directory. */
    @Parameter(property = "zephyr.applicationDirectory", defaultValue = "${project.basedir}")
    private File applicationDirectory;

    /**
     * The Zephyr build directory: zephyr:build builds there, zephyr:sign and zephyr:image take the
     * application image and the image parameters it implies from there.
     */
    @Parameter(property = "zephyr.buildDirectory", defaultValue = "${project.build.directory}/zephyr/app")
    private File buildDirectory;

    /**
     * Build with sysbuild: MCUboot and the application in one west build, the application in its
     * own domain directory inside the build directory.
     */
    @Parameter(property = "zephyr.sysbuild", defaultValue = "false")
    private boolean sysbuild;

    /**
     * The application's sysbuild domain. Default: the application directory's name, as sysbuild
     * names it.
     */
    @Parameter(property = "zephyr.applicationDomain")
    private String applicationDomain;

    private Path resolvedWorkspace;

    protected boolean sysbuild() {
        return sysbuild;
    }

    protected Path applicationDirectory() {
        return applicationDirectory.toPath().toAbsolutePath();
    }

    protected Path buildDirectory() {
        return buildDirectory.toPath().toAbsolutePath();
    }

    /** The application's sysbuild domain: as configured, else named after the application directory. */
    protected String applicationDomain() {
        return applicationDomain != null && !applicationDomain.isBlank() ? applicationDomain.trim()
                : applicationDirectory().getFileName().toString();
    }

    /**
     * The application image's build: the build directory itself, or its domain within a sysbuild
     * build: {@code <applicationDomain>} when set, else the default domain the build's domains.yaml
     * names (where zephyr:build put it, whatever this execution's applicationDirectory), else
     * named after the application directory.
     */
    protected Path applicationBuildDirectory() {
        return sysbuild ? buildDirectory().resolve(builtApplicationDomain()) : buildDirectory();
    }

    private String builtApplicationDomain() {
        if (applicationDomain != null && !applicationDomain.isBlank()) {
            return applicationDomain.trim();
        }
        String recorded = SysbuildDomains.defaultDomain(buildDirectory());
        return recorded != null ? recorded : applicationDomain();
    }

    /** Where {@link #applicationBuildDirectory()} comes from, for a message when no build is there. */
    protected String applicationBuildOrigin() {
        if (!sysbuild) {
            return "<buildDirectory>";
        }
        if (applicationDomain != null && !applicationDomain.isBlank()) {
            return "the sysbuild domain <applicationDomain> in <buildDirectory>";
        }
        Path yaml = SysbuildDomains.file(buildDirectory());
        return SysbuildDomains.defaultDomain(buildDirectory()) != null
                ? "the default sysbuild domain named in " + yaml
                : "the sysbuild domain named after <applicationDirectory> " + applicationDirectory() + ", " + yaml
                        + " not being there";
    }

    /** The west workspace, found once per goal execution. */
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
        return Path.of(westRunner().firstLine(List.of("topdir"), project.getBasedir().toPath(), westEnvironment()));
    }

    protected Map<String, String> westEnvironment() {
        return environmentVariables == null ? Map.of() : new TreeMap<>(environmentVariables);
    }

    protected WestRunner westRunner() {
        return new WestRunner(westExecutable(west, project.getBasedir().toPath()), ProcessLauncher.SYSTEM,
                getLog()::info, getLog()::warn);
    }

    /**
     * A bare name as given, for the PATH lookup; a path with a directory in it against the project
     * directory, not the directory Maven was started in nor the one west runs in (the workspace).
     */
    static String westExecutable(String west, Path basedir) {
        String w = west.trim();
        if (w.indexOf('/') < 0 && w.indexOf(File.separatorChar) < 0) {
            return w;
        }
        return basedir.resolve(w).normalize().toString();
    }
}
