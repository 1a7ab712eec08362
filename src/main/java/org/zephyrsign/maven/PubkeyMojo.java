package org.zephyrsign.maven;

import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.crypto.PublicKeyExport;
import org.zephyrsign.imageset.Classifiers;

/**
 * Exports the signer's public key, what the bootloader build needs instead of the private key:
 * PEM (MCUboot's CONFIG_BOOT_SIGNATURE_KEY_FILE accepts it), raw, or C/Rust source as imgtool's
 * getpub writes it.
 */
@Mojo(name = "pubkey", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class PubkeyMojo extends AbstractZephyrMojo {
    /** pem, raw, lang-c or lang-rust. */
    @Parameter(property = "zephyr.encoding", defaultValue = "pem")
    private String encoding;

    /**
     * Where to write it. Default: target/zephyr/signing-key.pub with the encoding's extension:
     * .pem, .der (raw), .c (lang-c) or .rs (lang-rust).
     */
    @Parameter(property = "zephyr.publicKeyFile")
    private File publicKeyFile;

    /** Attach the exported key to the project (classifier {@code signing-key}); always with packaging zephyr-firmware. */
    @Parameter(property = "zephyr.attachPublicKey", defaultValue = "false")
    private boolean attachPublicKey;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "zephyr:pubkey";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        PublicKeyExport.Encoding e;
        try {
            e = PublicKeyExport.Encoding.of(encoding);
        } catch (IllegalArgumentException ex) {
            throw new MojoFailureException("<encoding> (-Dzephyr.encoding): " + ex.getMessage());
        }
        String type = switch (e) {
            case PEM -> "pem";
            case RAW -> "der";
            case LANG_C -> "c";
            case LANG_RUST -> "rs";
        };
        File file = publicKeyFile != null ? publicKeyFile
                : new File(project.getBuild().getDirectory(), "zephyr/signing-key.pub." + type);
        var key = signerPublicKey();
        AtomicFile.write(file.toPath(), PublicKeyExport.getpub(key, e, null));
        getLog().info("Wrote the " + key.algorithm() + " public key (" + e.option() + ") to " + file);
        if (attachPublicKey || SignMojo.PACKAGING.equals(project.getPackaging())) {
            projectHelper.attachArtifact(project, type, Classifiers.SIGNING_KEY, file);
        }
    }
}
