package org.zephyrsign.signer.pkcs11;

import java.nio.file.Path;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.image.SigningRequest;

/**
 * A build that signs twice with one signer, the way a multi-image build does: run as a separate
 * process by {@link P11KitNetworkHsmTest}, which cuts the network HSM between the two signatures.
 */
public final class SignTwice {
    private SignTwice() {
    }

    public static void main(String[] args) throws Exception {
        SignerConfig config = new SignerConfig(new Pkcs11SignerBackend(), Map.of("uri", args[0]), new SignerConfig.Context(n -> n, Secrets.fromEnvironment(), false,
                Path.of("").toAbsolutePath()));
        byte[] digest = HashAlgorithm.SHA256.digest(new byte[] {1, 2, 3});
        try (ImageSigner signer = config.backend().open(config, m -> { })) {
            SigningRequest request = new SigningRequest(signer.publicKey().algorithm(), HashAlgorithm.SHA256, digest,
                    digest, false);
            signer.sign(request);
            System.out.println("signed-1");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            signer.sign(request);
            System.out.println("signed-2");
        } catch (ZephyrSignException e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}
