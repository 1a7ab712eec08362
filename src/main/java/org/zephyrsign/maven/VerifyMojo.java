package org.zephyrsign.maven;

import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.zephyr.ncs.DfuApplicationZip;

/**
 * Verifies an MCUboot image as the bootloader would: hash, key TLV and signature against the
 * configured signer's public key. Fails the build with the precise reason.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractZephyrMojo {
    /** The image to check, binary or Intel HEX. */
    @Parameter(property = "zephyr.imageFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-signed.bin")
    private File imageFile;

    /**
     * The device's private encryption key, to check encrypted images (a test or factory key; never
     * needed for signing).
     */
    @Parameter(property = "zephyr.decryptionKey")
    private File decryptionKey;

    @Override
    protected String goal() {
        return "zephyr:verify";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        var image = ImageReader.read(imageFile.toPath());
        guardImageKey(image, imageFile);
        var key = signerPublicKey();
        var result = ImageVerifier.verify(image, key,
                decryptionKey == null ? null : EncryptionKey.fromPem(decryptionKey.toPath()));
        if (!result.ok()) {
            throw new MojoFailureException(imageFile + " does not verify: " + result.reason());
        }
        getLog().info(imageFile + ": image was correctly validated (version " + result.version() + ", digest "
                + result.digestHex() + ", key " + key + ")");
        var dfuZip = DfuApplicationZip.besides(imageFile.toPath());
        if (java.nio.file.Files.isRegularFile(dfuZip)) {
            for (String checked : DfuApplicationZip.verify(dfuZip, key)) {
                getLog().info(dfuZip.getFileName() + ": " + checked + " was correctly validated");
            }
        }
    }
}
