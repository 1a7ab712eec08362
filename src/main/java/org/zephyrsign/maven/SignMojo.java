package org.zephyrsign.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.imageset.Classifiers;
import org.zephyrsign.imageset.ImageRole;
import org.zephyrsign.imageset.ImageSet;
import org.zephyrsign.imageset.ImageSetMember;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.ImageSigner;

/**
 * Wraps firmware in an MCUboot image, has the configured signer sign it, verifies the signature
 * against the signer's public key before writing, verifies the written file again, and attaches it
 * so {@code mvn deploy} publishes it. With a Zephyr build (zephyr:build) it signs that build's
 * zephyr.bin with the parameters the build implies, plus the confirmed and encrypted variants the
 * build's Kconfig asks for, and every sysbuild domain listed in {@code domains}, all in one signer
 * session. With packaging {@code zephyr-firmware} the signed image is the project's main artifact.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SignMojo extends AbstractImageMojo {
    static final String PACKAGING = "zephyr-firmware";

    /** The signed image; Intel HEX when the name ends in .hex. */
    @Parameter(property = "zephyr.outputFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-signed.bin")
    private File outputFile;

    /** Classifier of the attached image (with packaging zephyr-firmware it is the main artifact instead). */
    @Parameter(property = "zephyr.classifier", defaultValue = Classifiers.SIGNED)
    private String classifier;

    /** Attach the signed images to the project. */
    @Parameter(property = "zephyr.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Further sysbuild domains to sign (e.g. {@code ipc_radio} for an nRF5340 network core), each from
     * its directory in the sysbuild build and attached with the domain as classifier.
     */
    @Parameter
    private List<String> domains;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "zephyr:sign";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        ImageSet images = planImages(outputFile.toPath().toAbsolutePath(), domains == null ? List.of() : domains);
        for (ImageSetMember m : images.members()) {
            guardEncryptionKey(m.settings());
        }
        try (ImageSigner signer = openSigner()) {
            getLog().info("Signing with " + signer.description());
            ImageSetSigner.signAndWrite(images, signer, getLog()::info);
        }
        if (attach) {
            attachAll(images);
        }
    }

    private void attachAll(ImageSet images) {
        boolean firmwarePackaging = PACKAGING.equals(project.getPackaging());
        for (ImageSetMember m : images.members()) {
            if (m.role() == ImageRole.APPLICATION && firmwarePackaging) {
                project.getArtifact().setFile(m.output().toFile());
            } else {
                String classifier = m.classifier().equals(Classifiers.SIGNED) ? this.classifier : m.classifier();
                projectHelper.attachArtifact(project, m.type(), classifier, m.output().toFile());
            }
        }
        if (firmwarePackaging && !hasInputFile()) {
            projectHelper.attachArtifact(project, "bin", Classifiers.UNSIGNED, images.application().input().toFile());
        }
    }
}
