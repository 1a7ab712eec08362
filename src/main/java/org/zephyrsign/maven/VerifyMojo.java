package org.zephyrsign.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.repository.ArtifactCoordinates;
import org.zephyrsign.repository.PublishedImageCheck;
import org.zephyrsign.zephyr.ncs.DfuApplicationZip;

/**
 * Verifies an MCUboot image as the bootloader would: hash, key TLV and signature against the
 * configured signer's public key, or against a pinned key ({@code <publicKey>} or
 * {@code <keyHash>}). With {@code <artifact>} the image is resolved by its coordinates from the
 * project's repositories, as a factory or OTA pipeline fetches a release before flashing it, and a
 * signing record published beside it must describe the same file and key. Fails the build with
 * the precise reason.
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

    /**
     * Verify a published image instead of {@code imageFile}: {@code groupId:artifactId:version[:classifier[:type]]}
     * (type default {@code bin}), resolved from the project's repositories (credentials from the
     * settings.xml server with the repository's id; checksums must match). Needs {@code publicKey} or
     * {@code keyHash}. The signing record zephyr:sign published beside it (type {@code json}, classifier
     * {@code signed-signing-record} for {@code :signed}, {@code signing-record} for the main artifact, see
     * the README's artifact table), when there is one, must name the same file SHA-256 and key.
     */
    @Parameter(property = "zephyr.artifact")
    private String artifact;

    /**
     * The public key (PEM) the image must be signed with, pinned by the user instead of asking the
     * signer: what a factory or OTA pipeline holds. Needs no signer.
     */
    @Parameter(property = "zephyr.publicKey")
    private File publicKey;

    /**
     * Instead of {@code publicKey}: the SHA-256 (or SHA-384) of the key the image must be signed with,
     * in hex, as {@code getpubhash -e raw} prints it and MCUboot compares it. The public key then
     * comes from the image's PUBKEY TLV or from its signing record.
     */
    @Parameter(property = "zephyr.keyHash")
    private String keyHash;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    protected String goal() {
        return "zephyr:verify";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        PublishedImageCheck.Pin pin = pin();
        if (artifact != null && !artifact.isBlank()) {
            verifyPublished(pin);
            return;
        }
        if (pin != null) {
            if (decryptionKey != null) {
                throw new MojoFailureException("<decryptionKey> (-Dzephyr.decryptionKey) does not go with "
                        + pin.what() + ": a pinned key checks the image as the device receives it");
            }
            var image = ImageReader.read(imageFile.toPath());
            guardImageKey(image, imageFile);
            var result = PublishedImageCheck.check(imageFile.toPath(), imageFile.toString(), null, null, pin, null);
            getLog().info(imageFile + ": image was correctly validated (version " + result.version() + ", digest "
                    + result.digestHex() + ", signed by the pinned " + pin + ")");
            return;
        }
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

    /** The pinned key, or null when the signer's key is to be used. */
    private PublishedImageCheck.Pin pin() throws MojoFailureException {
        boolean hasKey = publicKey != null;
        boolean hasHash = keyHash != null && !keyHash.isBlank();
        if (hasKey && hasHash) {
            throw new MojoFailureException("give <publicKey> (-Dzephyr.publicKey) or <keyHash> (-Dzephyr.keyHash), "
                    + "not both");
        }
        if (hasKey) {
            Path file = project != null && project.getBasedir() != null
                    ? project.getBasedir().toPath().resolve(publicKey.toPath()) : publicKey.toPath();
            return PublishedImageCheck.Pin.key(PemKeys.publicKey(file), "<publicKey> " + file);
        }
        if (hasHash) {
            return PublishedImageCheck.Pin.keyHash(keyHash, "<keyHash> (-Dzephyr.keyHash)");
        }
        return null;
    }

    private void verifyPublished(PublishedImageCheck.Pin pin) throws MojoFailureException {
        if (pin == null) {
            throw new MojoFailureException("<artifact> (-Dzephyr.artifact) needs the key the image must be signed "
                    + "with: <publicKey> (-Dzephyr.publicKey) or <keyHash> (-Dzephyr.keyHash)");
        }
        if (decryptionKey != null) {
            throw new MojoFailureException("<decryptionKey> (-Dzephyr.decryptionKey) does not go with <artifact>: a "
                    + "published image is checked as the device receives it");
        }
        ArtifactCoordinates coordinates = ArtifactCoordinates.parse(artifact.strip(), "<artifact> (-Dzephyr.artifact)");
        List<RemoteRepository> repositories = strictChecksums(project.getRemoteProjectRepositories());
        Path image = resolve(coordinates, repositories, true);
        ArtifactCoordinates recordCoordinates = coordinates.signingRecord();
        Path record = coordinates.equals(recordCoordinates) ? null : resolve(recordCoordinates, repositories, false);
        var result = PublishedImageCheck.check(image, coordinates.toString(), coordinates.classifier(),
                coordinates.extension(), pin,
                record == null ? null : new PublishedImageCheck.Record(record, recordCoordinates.toString()));
        getLog().info(coordinates + ": image was correctly validated (version " + result.version() + ", file SHA-256 "
                + result.fileSha256() + ", signed by the pinned " + pin + ")");
        if (result.recordChecked()) {
            getLog().info(recordCoordinates + ": the signing record names the same file SHA-256 and key");
        } else if (result.recordNote() != null) {
            getLog().warn(result.recordNote());
        } else {
            getLog().info("No signing record published beside it (" + recordCoordinates + ")");
        }
    }

    /**
     * Resolves one artifact through Maven's repository system.
     *
     * @return the file, or null when an optional artifact is in none of the repositories
     */
    private Path resolve(ArtifactCoordinates c, List<RemoteRepository> repositories, boolean required)
            throws MojoFailureException {
        var request = new ArtifactRequest(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(),
                c.version()), repositories, null);
        try {
            ArtifactResult result = repositorySystem.resolveArtifact(session.getRepositorySession(), request);
            return result.getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            getLog().debug(e);
            List<Exception> problems = e.getResult() == null ? List.of() : e.getResult().getExceptions();
            boolean notFound = !problems.isEmpty() && problems.stream().allMatch(p -> p instanceof ArtifactNotFoundException);
            if (notFound && !required) {
                return null;
            }
            String where = repositories.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").toList().toString();
            throw new MojoFailureException(c + (notFound ? " is in none of the repositories " + where
                    : " could not be resolved from " + where + ": " + firstLine(problems.isEmpty() ? e : problems.get(0))));
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int eol = m.indexOf('\n');
        return eol < 0 ? m : m.substring(0, eol);
    }

    /** The repositories with checksum policy "fail": a published image that does not match its checksum is refused. */
    private static List<RemoteRepository> strictChecksums(List<RemoteRepository> repositories) {
        List<RemoteRepository> strict = new ArrayList<>();
        for (RemoteRepository r : repositories) {
            strict.add(new RemoteRepository.Builder(r)
                    .setReleasePolicy(failOnChecksum(r.getPolicy(false)))
                    .setSnapshotPolicy(failOnChecksum(r.getPolicy(true))).build());
        }
        return strict;
    }

    private static RepositoryPolicy failOnChecksum(RepositoryPolicy p) {
        return new RepositoryPolicy(p.isEnabled(), p.getUpdatePolicy(), RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    }
}
