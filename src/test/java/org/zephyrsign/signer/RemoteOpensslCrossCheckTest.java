package org.zephyrsign.signer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zephyrsign.Openssl;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.Settings;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.http.HttpContractFake;
import org.zephyrsign.signer.remote.TestCa;
import org.zephyrsign.signer.vault.VaultTransitFake;
import org.zephyrsign.vectors.Vectors;

/**
 * OpenSSL recomputes the hash and verifies the signature TLV of images signed by the remote
 * backends: Vault (transit fake), the http contract (fake) and the command signer (real openssl
 * pkeyutl), every algorithm.
 */
class RemoteOpensslCrossCheckTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static VaultTransitFake vault;
    static HttpContractFake service;

    @BeforeAll
    static void start() {
        ca = TestCa.create(dir, "cross");
        vault = new VaultTransitFake(ca, "transit", null, "hvs.cross");
        service = new HttpContractFake(ca, false, "", "bearer-cross");
        for (String alg : new String[] {"ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072"}) {
            vault.addKey(alg, alg, Vectors.path("keys/" + alg + ".pem"));
            service.addKey(alg, alg.startsWith("rsa") ? "rsa-pss-sha256" : alg.equals("ed25519") ? "ed25519"
                    : alg + (alg.endsWith("384") ? "-sha384" : "-sha256"), Vectors.path("keys/" + alg + ".pem"));
        }
    }

    @AfterAll
    static void stop() {
        vault.close();
        service.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vault:ed25519", "vault:ecdsa-p256", "vault:ecdsa-p384", "vault:rsa-2048",
        "vault:rsa-3072", "http:ed25519", "http:ecdsa-p256", "http:ecdsa-p384", "http:rsa-2048", "http:rsa-3072",
        "command:ed25519", "command:ecdsa-p256", "command:ecdsa-p384", "command:rsa-2048", "command:rsa-3072"})
    void opensslAcceptsImagesSignedRemotely(String key) throws Exception {
        String type = key.substring(0, key.indexOf(':'));
        String alg = key.substring(key.indexOf(':') + 1);
        Map<String, String> p = new HashMap<>();
        Map<String, String> env = Map.of("VAULT_TOKEN", "hvs.cross", "TOK", "bearer-cross");
        String pem = Vectors.path("keys/" + alg + ".pem").toString();
        switch (type) {
            case "vault" -> p.putAll(Map.of("address", vault.uri().toString(), "key", alg,
                    "caBundle", ca.caPem().toString()));
            case "http" -> p.putAll(Map.of("url", service.uri().toString(), "keyId", alg, "token", "env:TOK",
                    "caBundle", ca.caPem().toString()));
            default -> p.putAll(Map.of("publicKey", Vectors.path("keys/" + alg + ".pub.pem").toString(),
                    "command", alg.equals("ed25519") ? "openssl pkeyutl -sign -inkey " + pem + " -rawin -in {file}"
                            : alg.startsWith("rsa") ? "openssl pkeyutl -sign -inkey " + pem + " -pkeyopt "
                            + "rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 -pkeyopt digest:sha256 -in {digestFile}"
                            : "openssl pkeyutl -sign -inkey " + pem + " -in {digestFile}"));
        }
        SignerConfig c = new SignerConfig(SignerBackends.of(type), p, new SignerConfig.Context(n -> n,
                new Secrets(env, null, dir), false, dir));
        try (ImageSigner signer = c.backend().open(c, m -> { })) {
            ImageSettings settings = Settings.vector("-v", "1.2.3");
            byte[] image = ImageSetSigner.sign(Firmware.read(Vectors.path("inputs/app-4k.bin")), settings,
                    signer).toByteArray();
            Openssl.acceptsImage(image, ImageReader.parse(image, key), signer.publicKey(), dir);
        }
    }
}
