package org.zephyrsign.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageBuilder;
import org.zephyrsign.image.ImageEncryption;
import org.zephyrsign.image.ImageFlags;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.signer.ImageSigner;

/**
 * Wraps a firmware binary in an MCUboot image, has the configured signer sign it, verifies the
 * signature against the signer's public key before writing, verifies the written file again, and
 * attaches it to the project so {@code mvn deploy} publishes it.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SignMojo extends AbstractImageMojo {
    /** The signed image; Intel HEX when the name ends in .hex. */
    @Parameter(property = "zephyr.outputFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-signed.bin")
    private File outputFile;

    /** Classifier of the attached artifact. */
    @Parameter(property = "zephyr.classifier", defaultValue = "signed")
    private String classifier;

    /** Attach the signed image to the project. */
    @Parameter(property = "zephyr.attach", defaultValue = "true")
    private boolean attach;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "zephyr:sign";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        var settings = imageSettings();
        ImageEncryption encryption = imageEncryption();
        Long hexAddress = hexAddressValue();
        Firmware firmware = Firmware.read(inputFile.toPath());
        McubootPublicKey key;
        try (ImageSigner signer = openSigner()) {
            getLog().info("Signing " + inputFile + " with " + signer.description());
            key = signer.publicKey();
            SignedImage image = ImageBuilder.buildAndSign(firmware, settings, encryption, signer);
            image.save(outputFile.toPath(), hexAddress);
        }
        verifyWritten(key, encryption != null);
        getLog().info("Wrote " + outputFile + " (" + key.algorithm() + ", key " + key + "), verified");
        if (attach) {
            projectHelper.attachArtifact(project, Firmware.isHex(outputFile.toPath()) ? "hex" : "bin", classifier,
                    outputFile);
        }
    }

    /** Reads the file back as MCUboot will; a mismatch removes it, so nothing wrong is attached. */
    private void verifyWritten(McubootPublicKey key, boolean encrypted) throws MojoFailureException,
            MojoExecutionException {
        ParsedImage parsed = ImageReader.read(outputFile.toPath());
        if (encrypted && ImageFlags.isEncrypted(parsed.header().flags())) {
            // The hash covers the plaintext; the signature was checked against it before writing.
            getLog().info("Encrypted image: its signature was verified before encryption");
            return;
        }
        ImageVerifier.Result result = ImageVerifier.verify(parsed, key, null);
        if (!result.ok()) {
            try {
                Files.deleteIfExists(outputFile.toPath());
            } catch (IOException e) {
                throw new MojoExecutionException("cannot remove unverifiable image " + outputFile, e);
            }
            throw new MojoFailureException("the written image " + outputFile + " does not verify: "
                    + result.reason() + "; it was removed");
        }
    }
}
