package org.zephyrsign.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.zephyrsign.zephyr.PrivateKeyGuard;
import org.zephyrsign.zephyr.SysbuildKeyModule;
import org.zephyrsign.zephyr.WestBuildCommand;
import org.zephyrsign.zephyr.ncs.NcsSysbuild;
import org.zephyrsign.zephyr.ncs.NcsVersion;

/**
 * Builds the Zephyr application with {@code west build}, for MCUboot but unsigned
 * ({@code CONFIG_BOOTLOADER_MCUBOOT=y}, empty {@code CONFIG_MCUBOOT_SIGNATURE_KEY_FILE}): the
 * image is made and signed by zephyr:sign. With {@code sysbuild}, MCUboot is built in the same
 * run against the signer's public key only.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class BuildMojo extends AbstractWestMojo {
    /** Extra arguments after --, for CMake (e.g. -DCONFIG_FOO=y). (no -D form: set it in the POM) */
    @Parameter
    private List<String> cmakeArguments;

    /** Kconfig fragments (EXTRA_CONF_FILE). (no -D form: set it in the POM) */
    @Parameter
    private List<File> confFiles;

    /** Devicetree overlays (EXTRA_DTC_OVERLAY_FILE). (no -D form: set it in the POM) */
    @Parameter
    private List<File> overlays;

    /**
     * Also make Zephyr's software bill of materials, as Zephyr documents it: west spdx --init before
     * the build, west spdx after it, and attach BUILD/spdx/app.spdx, zephyr.spdx and build.spdx
     * (type spdx, classifiers spdx-app, spdx-zephyr, spdx-build). With sysbuild, of the application's
     * domain. Fails when west spdx leaves any of them out.
     */
    @Parameter(property = "zephyr.sbom", defaultValue = "false")
    private boolean sbom;

    @Override
    protected String goal() {
        return "zephyr:build";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        List<String> cmake = new ArrayList<>();
        List<String> user = new ArrayList<>(list(cmakeArguments));
        NcsVersion ncs = sysbuild() ? NcsVersion.of(workspace()) : null;
        if (sysbuild()) {
            // MCUboot gets the signer's public key through a sysbuild module; every application image stays
            // unsigned (see WestBuildCommand.sysbuildBootloaderArguments for why). The nRF Connect SDK builds
            // with the same sysbuild and takes the same arguments (NcsSysbuild says why).
            if (ncs != null) {
                getLog().info("nRF Connect SDK " + ncs.version() + " (" + ncs.file() + "): MCUboot gets the public key "
                        + "through a sysbuild module, NCS signs nothing (empty SB_CONFIG_BOOT_SIGNATURE_KEY_FILE)");
            }
            var key = signerPublicKey();
            Path keyFile = exportPublicKey(key, publicKeyFile);
            Path module = SysbuildKeyModule.write(Path.of(project.getBuild().getDirectory(), "zephyr", "sysbuild-module"));
            String modules = module.toString();
            for (var it = user.iterator(); it.hasNext();) {
                String a = it.next();
                if (a.startsWith("-DEXTRA_ZEPHYR_MODULES=") || a.startsWith("-DEXTRA_ZEPHYR_MODULES:")) {
                    modules = a.substring(a.indexOf('=') + 1) + ";" + modules; // the user's modules, and ours
                    it.remove();
                }
            }
            PrivateKeyGuard.check("the sysbuild build", List.of(), paths(bootloaderConfFiles),
                    project.getBasedir().toPath());
            List<Path> keyFiles = bootloaderKeyFiles(key, keyFile);
            cmake.addAll(ncs != null ? NcsSysbuild.arguments(key, keyFiles, Path.of(modules))
                    : WestBuildCommand.sysbuildBootloaderArguments(key, keyFiles, Path.of(modules)));
            for (String a : list(bootloaderCmakeArguments)) {
                cmake.add(a.startsWith("-D") ? "-D" + MCUBOOT_DOMAIN + "_" + a.substring(2) : a);
            }
            if (bootloaderConfFiles != null && !bootloaderConfFiles.isEmpty()) {
                cmake.add("-D" + MCUBOOT_DOMAIN + "_EXTRA_CONF_FILE=" + join(paths(bootloaderConfFiles)));
            }
            if (bootloaderOverlays != null && !bootloaderOverlays.isEmpty()) {
                cmake.add("-D" + MCUBOOT_DOMAIN + "_EXTRA_DTC_OVERLAY_FILE=" + join(paths(bootloaderOverlays)));
            }
        } else {
            cmake.addAll(WestBuildCommand.unsignedApplicationArguments(""));
        }
        cmake.addAll(user);
        if (sbom) {
            prepareSbom(applicationBuildDirectory());
        }
        runWest(new WestBuildCommand(requireBoard(), applicationDirectory(), buildDirectory(),
                WestBuildCommand.Pristine.of(pristine), sysbuild(), cmake, paths(confFiles), paths(overlays)),
                sysbuild() ? "the sysbuild build" : "the application build");
        if (sysbuild()) {
            attachBootloader(buildDirectory().resolve(MCUBOOT_DOMAIN));
        }
        if (sbom) {
            writeAndAttachSbom(applicationBuildDirectory());
        }
    }

    /** The sysbuild domain MCUboot is built in. */
    private static final String MCUBOOT_DOMAIN = "mcuboot";

    private static String join(List<Path> files) {
        List<String> s = new ArrayList<>();
        files.forEach(f -> s.add(f.toString()));
        return String.join(";", s);
    }
}
