package org.zephyrsign.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.SignatureException;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.SigningRequestFile;
import org.zephyrsign.imageset.Classifiers;
import org.zephyrsign.imageset.ImageRole;
import org.zephyrsign.imageset.ImageSet;
import org.zephyrsign.imageset.ImageSetMember;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.imageset.SigningEvidence;
import org.zephyrsign.imageset.SigningRecord;
import org.zephyrsign.signer.KeyFacts;
import org.zephyrsign.zephyr.ZephyrBuildInfo;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.DetachedSigner;
import org.zephyrsign.signer.DetachedSignerBackend;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerConfig;

/**
 * Wraps firmware in an MCUboot image, has the configured signer sign it, verifies the signature
 * against the signer's public key before writing, verifies the written file again, and attaches it
 * so {@code mvn deploy} publishes it. With a Zephyr build (zephyr:build) it signs that build's
 * zephyr.bin with the parameters the build implies, plus the confirmed and encrypted variants the
 * build's Kconfig asks for, and every sysbuild domain listed in {@code domains}, all in one signer
 * session. With packaging {@code zephyr-firmware} the signed image is the project's main artifact.
 *
 * <p>slotSize is required unless the image comes from a Zephyr build, which gives it (as it gives
 * version, headerSize, align and maxSectors); with an inputFile, headerSize defaults to 0x200, align
 * to 4 and version to 0.0.0.
 *
 * <p>When nothing changed since the last signing (input images, image settings, signer configuration,
 * and every signed image still there and verifying against the recorded public key), it does not
 * sign again and does not open the signer (no HSM login, no cloud call); one line says so.
 * {@code force} signs anyway. The record is kept in target/zephyr/sign-state.
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
     * its directory in the sysbuild build and attached with the domain as classifier. (no -D form:
     * set it in the POM)
     */
    @Parameter
    private List<String> domains;

    /**
     * The signing request zephyr:image wrote. With a detached signer whose signature does not fit,
     * the image is compared with it, so a firmware or a setting changed since zephyr:image is named
     * as such, with both digests.
     */
    @Parameter(property = "zephyr.requestFile", defaultValue = "${project.build.directory}/zephyr/to-sign.json")
    private File requestFile;

    /**
     * Write a signing record beside every signed image and attach it (type json, classifier
     * signing-record for the main artifact, else the image's classifier, its type when not bin, and
     * signing-record: signed-signing-record, signed-hex-signing-record, ...). See the README's
     * "Signing records".
     */
    @Parameter(property = "zephyr.signingRecords", defaultValue = "true")
    private boolean signingRecords;

    /**
     * The bootloader the images are for, as groupId:artifactId:version:classifier:type, for the
     * signing records. Default: the MCUboot this build attached (classifier mcuboot), if any.
     */
    @Parameter(property = "zephyr.bootloaderArtifact")
    private String bootloaderArtifact;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    /**
     * Maven's reproducible-build timestamp: the time in dfu_application.zip's manifest and entries
     * (an nRF Connect SDK build); unset, a fixed 1980-01-01T00:00:00Z, so the same images give the
     * same zip. Also the signing records' timestamp; unset, theirs is the build's start.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

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
        SignerConfig config = signerConfig();
        SigningRecord.Target record = recordTarget(config, images);
        if (record != null && !force()) {
            SigningRecord.Check check = SigningRecord.check(record, images);
            KeyFacts keptFacts = signingRecords ? SigningEvidence.loadKeyFacts(keyFactsFile(record)) : null;
            if (check.upToDate() && signingRecords && keptFacts == null) {
                check = new SigningRecord.Check(false, "what the signer said about its key for the signing records "
                        + "was not kept", null);
            }
            if (check.upToDate()) {
                guardSigningKey(check.publicKey());
                getLog().info("Not signing again: " + check.reason() + " (-Dzephyr.force=true signs anyway)");
                writeDfuZip(images);
                writeSigningRecords(images, config, keptFacts, check.publicKey());
                attachIfAsked(images);
                return;
            }
            if (Files.exists(record.file())) {
                getLog().info("Signing again: " + check.reason());
            }
        }
        String staleRequest = detachedRequestMismatch(config, images);
        try (ImageSigner signer = openSigner(config)) {
            getLog().info("Signing with " + signer.description());
            ImageSetSigner.signAndWrite(images, signer, getLog()::info, record);
            if (signingRecords) {
                KeyFacts facts = signer.keyFacts();
                writeSigningRecords(images, config, facts, signer.publicKey());
                if (record != null) {
                    SigningEvidence.saveKeyFacts(keyFactsFile(record), facts);
                }
            }
        } catch (SignatureException e) {
            if (staleRequest != null) {
                throw new MojoFailureException(staleRequest + "; run zephyr:image again and have the new "
                        + "signing request signed");
            }
            throw e;
        }
        writeDfuZip(images);
        attachIfAsked(images);
    }

    /** An nRF Connect SDK build's dfu_application.zip, from the images just signed (or found unchanged). */
    private void writeDfuZip(ImageSet images) throws MojoFailureException {
        if (images.dfuZip() == null) {
            return;
        }
        long time = OutputTimestamps.epochSeconds(outputTimestamp);
        images.dfuZip().write(time);
        getLog().info("Wrote " + images.dfuZip().file() + " (manifest time " + time + (outputTimestamp == null
                || outputTimestamp.isBlank() ? ", fixed: no project.build.outputTimestamp" : ", project.build.outputTimestamp")
                + ")");
    }

    /** Where what the signer told about its key is kept for the next, unchanged build. */
    private static Path keyFactsFile(SigningRecord.Target record) {
        return record.file().resolveSibling(record.file().getFileName() + ".key-facts");
    }

    /** Writes (all or none) the signing record of every image, from the images as written. */
    private void writeSigningRecords(ImageSet images, SignerConfig config, KeyFacts facts, McubootPublicKey key)
            throws MojoFailureException {
        if (!signingRecords) {
            return;
        }
        Artifact bootloader = null;
        for (Artifact a : project.getAttachedArtifacts()) {
            if (Classifiers.MCUBOOT.equals(a.getClassifier())) {
                bootloader = a;
            }
        }
        String bootloaderCoordinates = bootloaderArtifact != null && !bootloaderArtifact.isBlank()
                ? bootloaderArtifact.trim()
                : bootloader == null ? null : bootloader.getGroupId() + ":" + bootloader.getArtifactId() + ":"
                        + bootloader.getBaseVersion() + ":" + bootloader.getClassifier() + ":" + bootloader.getType();
        McubootPublicKey bootloaderKey = null;
        Path exported = Path.of(project.getBuild().getDirectory(), "zephyr", "mcuboot-signing-key.pub.pem");
        if (bootloader != null && Files.isRegularFile(exported)) {
            bootloaderKey = PemKeys.publicKey(exported); // what zephyr:bootloader or zephyr:build (sysbuild) built it with
        }
        ZephyrBuildInfo build = null;
        if (!hasInputFile()) {
            Path mcuboot = null;
            if (bootloader != null && bootloader.getFile() != null) {
                mcuboot = bootloader.getFile().toPath().toAbsolutePath().getParent().getParent();
            } else if (Files.isDirectory(buildDirectory().resolve("mcuboot"))) {
                mcuboot = buildDirectory().resolve("mcuboot");
            }
            build = ZephyrBuildInfo.read(applicationBuildDirectory(), mcuboot);
        }
        Instant start = session == null || session.getRequest().getStartTime() == null ? Instant.now()
                : session.getRequest().getStartTime().toInstant();
        SigningEvidence.Context context = new SigningEvidence.Context(config.backend().type(), facts, key,
                bootloaderCoordinates, bootloaderKey, build, plugin.getVersion(),
                SigningEvidence.timestamp(outputTimestamp, start));
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        List<String> names = new java.util.ArrayList<>();
        for (ImageSet.Publication p : publications(images)) {
            if (p.signingRecord()) {
                ImageSetMember image = p.member();
                String imageClassifier = null;
                for (ImageSet.Publication q : publications(images)) {
                    if (q.member() == image && !q.signingRecord()) {
                        imageClassifier = q.classifier();
                    }
                }
                byte[] content = SigningEvidence.content(image.output(), imageClassifier, image.type(), context);
                names.add(p.file().getFileName().toString());
                if (!sameContent(p.file(), content, SigningEvidence.timestamp(outputTimestamp, null) == null)) {
                    files.put(p.file(), out -> out.write(content));
                }
            }
        }
        AtomicFile.writeAll(files, written -> {
        });
        getLog().info("Signing record" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                + (files.isEmpty() ? " unchanged" : "") + " (" + SigningEvidence.SCHEMA + ")");
    }

    /**
     * Whether the record there already says the same; but for the build time (when no
     * outputTimestamp fixes it), which an unchanged build does not move forward: the images were
     * signed then.
     */
    private static boolean sameContent(Path file, byte[] content, boolean buildTime) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            String timestamp = buildTime ? "(?m)^  \"timestamp\": \"[^\"]*\"$" : "(?!)";
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replaceAll(timestamp, "")
                    .equals(new String(content, StandardCharsets.UTF_8).replaceAll(timestamp, ""));
        } catch (IOException e) {
            return false;
        }
    }

    private List<ImageSet.Publication> publications(ImageSet images) {
        return images.publications(PACKAGING.equals(project.getPackaging()), classifier, signingRecords,
                PACKAGING.equals(project.getPackaging()) && !hasInputFile());
    }

    /**
     * Where this execution records what it signed (one record per output, under
     * target/zephyr/sign-state), or null when the signer cannot tell its key unopened; then an old
     * record is removed, since it could never be matched again.
     */
    private SigningRecord.Target recordTarget(SignerConfig config, ImageSet images) {
        Path output = images.application().output();
        String id = HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(
                output.toString().getBytes(StandardCharsets.UTF_8)), 0, 4);
        Path file = Path.of(project.getBuild().getDirectory(), "zephyr", "sign-state",
                output.getFileName() + "-" + id + ".properties");
        String identity = config.backend().keyIdentity(config);
        if (identity == null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }
        return new SigningRecord.Target(file, identity, toolVersion());
    }

    /**
     * This plugin's version; for a snapshot also its jar's SHA-256, so a rebuilt plugin signs again.
     */
    private String toolVersion() {
        String version = plugin.getVersion();
        File jar = plugin.getPluginArtifact() == null ? null : plugin.getPluginArtifact().getFile();
        if (version.endsWith("-SNAPSHOT") && jar != null && jar.isFile()) {
            try {
                version += " (jar sha256 " + HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(
                        Files.readAllBytes(jar.toPath()))) + ")";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return version;
    }

    /**
     * With a detached signer and the request zephyr:image wrote: why the signature cannot fit the
     * application image as it is now (the firmware or a setting changed since), or null.
     */
    private String detachedRequestMismatch(SignerConfig config, ImageSet images) {
        if (!(config.backend() instanceof DetachedSignerBackend) || !requestFile.isFile()) {
            return null;
        }
        ImageSetMember app = images.application();
        try {
            DetachedSigner signer = (DetachedSigner) config.backend().open(config, SignerLog.NONE);
            return SigningRequestFile.mismatch(requestFile.toPath(), Firmware.read(app.input()), app.settings(),
                    signer.publicKey(), signer::signatureFor);
        } catch (ZephyrSignException unreadable) {
            // Only an explanation: an unreadable request (or signature, which signing then reports) must
            // not stop a signature that fits.
            getLog().debug("Not comparing with " + requestFile + ": " + unreadable.getMessage());
            return null;
        }
    }

    private void attachIfAsked(ImageSet images) {
        if (attach) {
            attachAll(images);
        }
    }

    private void attachAll(ImageSet images) {
        for (ImageSet.Publication p : publications(images)) {
            if (p.classifier() == null) {
                project.getArtifact().setFile(p.file().toFile());
            } else {
                projectHelper.attachArtifact(project, p.type(), p.classifier(), p.file().toFile());
            }
        }
    }
}
