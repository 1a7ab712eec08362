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
import org.zephyrsign.zephyr.WestBuildCommand;

/**
 * Builds MCUboot with {@code west build} against a public key only: the key is exported from the
 * configured signer (the same HSM or vault that signs), and the signature type is set to match it
 * (CONFIG_BOOT_SIGNATURE_TYPE_*, CONFIG_BOOT_SIGNATURE_KEY_FILE). Refuses to run when private key
 * material would reach the build. Attaches the bootloader (classifier {@code mcuboot}).
 */
@Mojo(name = "bootloader", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class BootloaderMojo extends AbstractWestMojo {
    /** Where MCUboot is built. */
    @Parameter(property = "zephyr.bootloaderBuildDirectory",
            defaultValue = "${project.build.directory}/zephyr/mcuboot")
    private File bootloaderBuildDirectory;

    /**
     * A public-key PEM to build MCUboot with instead of exporting one from the signer. A file that
     * holds a private key is refused.
     */
    @Parameter(property = "zephyr.bootloaderKeyFile")
    private File bootloaderKeyFile;

    /** Skip the bootloader build (e.g. when the bootloader is built elsewhere). */
    @Parameter(property = "zephyr.skipBootloader", defaultValue = "false")
    private boolean skipBootloader;

    @Override
    protected String goal() {
        return "zephyr:bootloader";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        if (skipBootloader) {
            getLog().info("Skipping the bootloader build (zephyr.skipBootloader)");
            return;
        }
        if (sysbuild()) {
            getLog().info("Skipping the separate bootloader build: sysbuild builds MCUboot with the application "
                    + "(zephyr:build)");
            return;
        }
        Path keyFile;
        var key = signerPublicKey();
        if (bootloaderKeyFile != null) {
            if (PrivateKeyGuard.holdsPrivateKey(bootloaderKeyFile.toPath())) {
                throw new MojoFailureException("refusing to run the bootloader build: <bootloaderKeyFile> "
                        + bootloaderKeyFile + " holds a private key; MCUboot needs only the public key (leave "
                        + "<bootloaderKeyFile> out and it is exported from the signer)");
            }
            keyFile = bootloaderKeyFile.toPath().toAbsolutePath();
            var given = org.zephyrsign.crypto.PemKeys.publicKey(keyFile);
            if (!given.equals(key)) {
                throw new MojoFailureException("<bootloaderKeyFile> " + keyFile + " holds " + given + ", not the "
                        + "signer's " + key + ": images signed by this build would not boot");
            }
        } else {
            keyFile = exportPublicKey(key, publicKeyFile);
        }
        List<String> cmake = new ArrayList<>(WestBuildCommand.bootloaderKeyArguments(key,
                bootloaderKeyFiles(key, keyFile), ""));
        cmake.addAll(list(bootloaderCmakeArguments));
        Path buildDir = bootloaderBuildDirectory.toPath().toAbsolutePath();
        runWest(new WestBuildCommand(requireBoard(), mcubootSource(), buildDir,
                WestBuildCommand.Pristine.of(pristine), false, cmake, paths(bootloaderConfFiles),
                paths(bootloaderOverlays)), "the bootloader build");
        attachBootloader(buildDir);
    }
}
