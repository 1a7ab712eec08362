package org.zephyrsign.signer.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.signer.aws.AwsKmsFake;
import org.zephyrsign.signer.azure.AzureKeyVaultFake;
import org.zephyrsign.signer.gcp.GcpKmsFake;
import org.zephyrsign.signer.remote.TestCa;
import org.zephyrsign.vectors.Vectors;

/**
 * The command line signs with each cloud key reference ({@code awskms:}, {@code azurekv://},
 * {@code gcpkms://}) against the loopback services, with credentials the way each ecosystem's CI
 * hands them over (environment variables, a credentials file through GOOGLE_APPLICATION_CREDENTIALS),
 * in a JVM of its own so that the environment is the test's; the image then verifies against the
 * public key {@code getpub} fetched from the same service.
 */
class CloudCliTest {
    static final String AWS_SECRET = "cli/aws/secret/never/printed/0123456789abcdef";
    static final String AZURE_SECRET = "cli~azure~secret~never~printed";

    @TempDir
    static Path dir;
    static TestCa ca;
    static AwsKmsFake aws;
    static AzureKeyVaultFake azure;
    static GcpKmsFake gcp;

    @BeforeAll
    static void start() {
        ca = TestCa.create(dir, "cloud-cli");
        aws = new AwsKmsFake(ca, "eu-central-1", "AKIAZEPHYRCLI0000001", AWS_SECRET);
        azure = new AzureKeyVaultFake(ca, AZURE_SECRET);
        gcp = new GcpKmsFake(ca);
    }

    @AfterAll
    static void stop() {
        aws.close();
        azure.close();
        gcp.close();
    }

    @Test
    void awsKmsAlias() throws Exception {
        String arn = aws.add("ECC_NIST_P384", "SIGN_VERIFY", CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P384), true);
        aws.alias("cli-firmware", arn);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAZEPHYRCLI0000001", "AWS_SECRET_ACCESS_KEY", AWS_SECRET,
                "AWS_REGION", "eu-central-1", "AWS_ENDPOINT_URL_KMS", aws.uri().toString(),
                "AWS_CA_BUNDLE", ca.caPem().toString(), "AWS_EC2_METADATA_DISABLED", "true");
        signGetpubVerify("awskms:alias/cli-firmware", env, "ECDSA384", AWS_SECRET);
    }

    @Test
    void azureKeyVaultKey() throws Exception {
        String id = azure.add("RSA-HSM", null, List.of("sign", "verify"), CloudTestKeys.generate(SignatureAlgorithm.RSA_2048),
                true);
        String reference = "azurekv://" + id.substring("https://".length()) + "?caBundle=" + ca.caPem()
                + "&instanceDiscovery=false";
        Map<String, String> env = Map.of("AZURE_TENANT_ID", AzureKeyVaultFake.TENANT, "AZURE_CLIENT_ID",
                AzureKeyVaultFake.CLIENT_ID, "AZURE_CLIENT_SECRET", AZURE_SECRET, "AZURE_AUTHORITY_HOST", azure.uri() + "/");
        signGetpubVerify(reference, env, "RSA2048", AZURE_SECRET);
    }

    @Test
    void gcpKmsKeyVersionWithApplicationDefaultCredentials() throws Exception {
        String name = gcp.add("EC_SIGN_ED25519", CloudTestKeys.generate(SignatureAlgorithm.ED25519), "ENABLED");
        Path credentials = gcp.serviceAccountFile(dir);
        String reference = "gcpkms://" + name + "?endpoint=" + gcp.uri() + "&caBundle=" + ca.caPem();
        signGetpubVerify(reference, Map.of("GOOGLE_APPLICATION_CREDENTIALS", credentials.toString(), "NO_GCE_CHECK",
                "true"), "ED25519", "PRIVATE KEY");
    }

    static void signGetpubVerify(String reference, Map<String, String> env, String algorithm, String secret)
            throws Exception {
        Path image = dir.resolve(algorithm + ".signed.bin");
        Run sign = cli(env, "sign", "-H", "0x200", "--pad-header", "-S", "0x60000", "-v", "1.2.3", "-k", reference,
                Vectors.path("inputs/app-4k.bin").toString(), image.toString());
        assertEquals(0, sign.exit(), sign.output());
        Run pub = cli(env, "getpub", "-k", reference, "--encoding", "pem");
        assertEquals(0, pub.exit(), pub.output());
        assertTrue(pub.output().startsWith("-----BEGIN PUBLIC KEY-----"), pub.output());
        Path pem = Files.writeString(dir.resolve(algorithm + ".pub.pem"), pub.output());
        Run verify = cli(Map.of(), "verify", "-k", pem.toString(), image.toString());
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains("Image was correctly validated"), verify.output());
        Run dump = cli(Map.of(), "dumpinfo", image.toString());
        assertTrue(dump.output().contains(algorithm), dump.output());
        for (Run r : List.of(sign, pub, verify)) {
            assertFalse(r.output().contains(secret), r.output());
        }
    }

    record Run(int exit, String output) {
    }

    /** The command line in a JVM of its own, with only {@code env} of the cloud variables set. */
    static Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.zephyrsign.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AZURE_") || k.startsWith("GOOGLE_")
                || k.startsWith("IDENTITY_") || k.startsWith("MSI_"));
        e.putAll(new HashMap<>(env));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
