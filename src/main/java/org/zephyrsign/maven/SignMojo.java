package org.zephyrsign.maven;

import org.zephyrsign.imageset.ImageSetSigner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageBuilder;
import org.zephyrsign.image.ImageEncryption;
import org.zephyrsign.image.ImageFlags;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.zephyr.WestRunner;
import org.zephyrsign.zephyr.ZephyrBuildOutput;

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
    @Parameter(property = "zephyr.classifier", defaultValue = "signed")
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

    /**
     * The west workspace, against which Zephyr resolves a relative CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE;
     * default the parent of ZEPHYR_BASE, else the project directory.
     */
    @Parameter(property = "zephyr.westWorkspace")
    private File westWorkspace;

    @Component
    private MavenProjectHelper projectHelper;

    /** One image to make: input, settings, encryption, output, classifier. */
    private record Job(Path input, ImageSettings settings, ImageEncryption encryption, Long hexAddress, Path output,
            String classifier) {
    }

    @Override
    protected String goal() {
        return "zephyr:sign";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        List<Job> jobs = jobs();
        List<Job> done = new ArrayList<>();
        McubootPublicKey key;
        try (ImageSigner signer = openSigner()) {
            key = signer.publicKey();
            getLog().info("Signing with " + signer.description());
            for (Job job : jobs) {
                ImageSetSigner.sign(Firmware.read(job.input()), job.settings(), job.encryption(), signer)
                        .save(job.output(), job.hexAddress());
                done.add(job);
            }
        } catch (RuntimeException e) {
            deleteAll(done); // all or nothing: no partial set of images stays behind
            throw e;
        }
        for (Job job : jobs) {
            verifyWritten(job, key, jobs);
            getLog().info("Wrote " + job.output() + " (" + key.algorithm() + ", key " + key + "), verified");
        }
        if (attach) {
            attachAll(jobs);
            if (PACKAGING.equals(project.getPackaging()) && inputFile == null) {
                projectHelper.attachArtifact(project, "bin", "unsigned", jobs.get(0).input().toFile());
            }
        }
    }

    private List<Job> jobs() {
        ImageEncryption encryption = imageEncryption();
        ZephyrBuildOutput build = inputFile == null ? zephyrBuild(applicationBuildDirectory()) : null;
        ImageSettings settings = imageSettings(build);
        Path input = firmwareFile(build).toPath();
        Long hexAddress = hexAddressValue() != null || build == null ? hexAddressValue() : build.hexAddress();
        List<Job> jobs = new ArrayList<>();
        jobs.add(new Job(input, settings, encryption, hexAddress, outputFile.toPath(), classifier));
        if (build == null) {
            return jobs;
        }
        String base = outputFile.getName().replaceFirst("\\.(bin|hex)$", "");
        Path dir = outputFile.toPath().getParent();
        Path hex = input.resolveSibling("zephyr.hex");
        if (!Firmware.isHex(input) && Files.isRegularFile(hex)) {
            // Zephyr signs its HEX output too; it carries the slot address for flashing tools.
            jobs.add(new Job(hex, settings, encryption, hexAddress, dir.resolve(base + ".hex"), classifier));
        }
        if (build.wantsConfirmedImage()) {
            getLog().info("CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE: also a padded, confirmed image");
            ImageSettings confirmed = ImageSettings.builder(settings).pad(true).confirm(true).build();
            jobs.add(new Job(input, confirmed, encryption, hexAddress, dir.resolve(base + ".confirmed.bin"),
                    "confirmed"));
        }
        Path encKey = build.encryptionKey(workspaceForRelativePaths());
        if (encKey != null && encryption == null) {
            getLog().info("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE: also an image encrypted for " + encKey);
            ImageEncryption fromBuild = new ImageEncryption(EncryptionKey.fromPem(encKey), 128, false, false, false);
            jobs.add(new Job(input, settings, fromBuild, hexAddress, dir.resolve(base + ".encrypted.bin"),
                    "encrypted"));
        }
        if (domains != null) {
            for (String domain : domains) {
                ZephyrBuildOutput other = ZephyrBuildOutput.at(
                        applicationBuildDirectory().toPath().resolveSibling(domain));
                getLog().info("Sysbuild domain " + domain + ":");
                jobs.add(new Job(other.image(), imageSettings(other), encryption, other.hexAddress(),
                        dir.resolve(base + "-" + domain + ".bin"), domain));
            }
        }
        return jobs;
    }

    private Path workspaceForRelativePaths() {
        if (westWorkspace != null) {
            return westWorkspace.toPath();
        }
        Path fromZephyrBase = WestRunner.workspaceFromZephyrBase();
        return fromZephyrBase != null ? fromZephyrBase : project.getBasedir().toPath();
    }

    /** Reads each file back as MCUboot will; a mismatch removes every image of this run. */
    private void verifyWritten(Job job, McubootPublicKey key, List<Job> all) throws MojoFailureException,
            MojoExecutionException {
        ParsedImage parsed = ImageReader.read(job.output());
        if (job.encryption() != null && ImageFlags.isEncrypted(parsed.header().flags()) && !job.encryption().clear()) {
            // The hash covers the plaintext; the signature was checked against it before encryption.
            return;
        }
        ImageVerifier.Result result = ImageVerifier.verify(parsed, key, null);
        if (!result.ok()) {
            deleteAll(all);
            throw new MojoFailureException("the written image " + job.output() + " does not verify: " + result.reason()
                    + "; the images were removed");
        }
    }

    private static void deleteAll(List<Job> jobs) {
        for (Job j : jobs) {
            try {
                Files.deleteIfExists(j.output());
            } catch (IOException ignored) {
                // best effort; the failure that got us here is what the user must see
            }
        }
    }

    private void attachAll(List<Job> jobs) {
        boolean firmwarePackaging = PACKAGING.equals(project.getPackaging());
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            String type = Firmware.isHex(job.output()) ? "hex" : "bin";
            if (i == 0 && firmwarePackaging) {
                project.getArtifact().setFile(job.output().toFile());
            } else {
                projectHelper.attachArtifact(project, type, job.classifier(), job.output().toFile());
            }
        }
    }
}
