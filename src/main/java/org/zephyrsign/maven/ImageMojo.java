package org.zephyrsign.maven;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.SigningRequestFile;
import org.zephyrsign.image.UnsignedImage;
import org.zephyrsign.imageset.ImageSetMember;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.DetachedSigner;
import org.zephyrsign.signer.DetachedSignerBackend;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerLog;

/**
 * Phase one of offline signing: builds the image up to its signature and writes what must be
 * signed (the digest, or for pure Ed25519 the payload) with a JSON description, plus an unsigned
 * image. The public key comes from the configured signer (for a detached signer, its
 * {@code <publicKey>}), so hash and key TLVs already match the final image. Phase two is
 * {@code zephyr:sign} with {@code <signer><type>detached</type>} and the returned signature.
 *
 * <p>slotSize is required unless the image comes from a Zephyr build, which gives it (as it gives
 * version, headerSize, align and maxSectors); with an inputFile, headerSize defaults to 0x200, align
 * to 4 and version to 0.0.0.
 */
@Mojo(name = "image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ImageMojo extends AbstractImageMojo {
    /** digest (default) or payload (default with pure). */
    @Parameter(property = "zephyr.vector")
    private String vector;

    /** Where the bytes to sign go. */
    @Parameter(property = "zephyr.vectorFile", defaultValue = "${project.build.directory}/zephyr/to-sign.bin")
    private File vectorFile;

    /** The description of the signing request (algorithm, hash, digest, expected key). */
    @Parameter(property = "zephyr.requestFile", defaultValue = "${project.build.directory}/zephyr/to-sign.json")
    private File requestFile;

    /** An unsigned image (hash TLV only), as imgtool writes without a key. */
    @Parameter(property = "zephyr.unsignedFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-unsigned.bin")
    private File unsignedFile;

    @Override
    protected String goal() {
        return "zephyr:image";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        ImageSetMember application = planImages(unsignedFile.toPath().toAbsolutePath(), List.of()).application();
        ImageSettings settings = application.settings();
        guardEncryptionKey(settings);
        Firmware firmware = Firmware.read(application.input());
        McubootPublicKey key = null;
        if (hasSigner()) {
            key = signerPublicKey();
        } else {
            getLog().warn("No <signer> configured: the request is made without the public key, so the hash is "
                    + "SHA-256 unless <sha> says otherwise and no key TLV is foreseen");
        }
        UnsignedImage.Vector v = vectorKind(settings.get(ImageOption.PURE));
        ImageSetSigner.KnownSignatures known = knownSignatures();
        UnsignedImage unsigned = ImageSetSigner.nextToSign(firmware, settings, key, known);
        if (key != null && known.forRequest(unsigned.signingRequest()).isPresent()) {
            getLog().info("<signer><signatureFile> already holds the signature this request asks for: zephyr:sign "
                    + "can run");
        }
        SignedImage unsignedImage = ImageSetSigner.sign(firmware, settings, null);
        Path unsignedPath = unsignedFile.toPath();
        unsignedImage.checkWritable(unsignedPath);
        byte[] request = SigningRequestFile.json(unsigned, v, vectorFile.toPath()).getBytes(StandardCharsets.UTF_8);
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(unsignedPath, out -> unsignedImage.write(out, unsignedPath));
        files.put(vectorFile.toPath(), out -> out.write(unsigned.vector(v)));
        files.put(requestFile.toPath(), out -> out.write(request));
        AtomicFile.writeAll(files);
        getLog().info("Image digest (" + unsigned.hashAlgorithm() + "): " + HexFormat.of().formatHex(unsigned.digest()));
        getLog().info("To sign: " + vectorFile + " (" + v.name().toLowerCase(Locale.ROOT) + "), described in "
                + requestFile);
    }

    /**
     * Signatures already made, for an image that needs more than one (a compressed image: the
     * uncompressed image's signature comes first): a detached signer's signature files, when given.
     */
    private ImageSetSigner.KnownSignatures knownSignatures() throws MojoFailureException {
        if (!hasSigner()) {
            return request -> Optional.empty();
        }
        SignerConfig config = signerConfig();
        if (!(config.backend() instanceof DetachedSignerBackend) || config.get("signatureFile") == null) {
            return request -> Optional.empty();
        }
        DetachedSigner signer = (DetachedSigner) config.backend().open(config, SignerLog.NONE);
        return signer::signatureFor;
    }

    private UnsignedImage.Vector vectorKind(boolean pure) throws MojoFailureException {
        String v = vector == null || vector.isBlank() ? (pure ? "payload" : "digest") : vector.trim();
        return switch (v) {
            case "digest" -> UnsignedImage.Vector.DIGEST;
            case "payload" -> UnsignedImage.Vector.PAYLOAD;
            default -> throw new MojoFailureException("<vector> (-Dzephyr.vector) must be digest or payload, not '"
                    + v + "'");
        };
    }
}
