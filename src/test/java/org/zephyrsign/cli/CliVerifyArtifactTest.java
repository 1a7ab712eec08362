package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.vectors.Vectors;

/**
 * verify --artifact: fetch by coordinates from a repository on 127.0.0.1 (with credentials), check
 * against a pinned key and the signing record; exit 0, 1 for what must not be flashed, 2 for a wrong
 * request.
 */
class CliVerifyArtifactTest {
    private static final String DIR = "com/example/fw/1.0.0/";
    private static final McubootPublicKey ED25519 = PemKeys.publicKey(Vectors.path("keys/ed25519.pub.pem"));

    @TempDir
    Path tmp;

    private HttpServer server;
    private String url;
    private final Map<String, byte[]> files = new HashMap<>();
    private byte[] image;
    private Path passwordFile;

    @BeforeEach
    void serve() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("reader:pw-4711".getBytes());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath().substring("/repo/".length()));
            int status = !expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 401
                    : body == null ? 404 : 200;
            byte[] out = status == 200 ? body : new byte[0];
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
        image = Vectors.bytes("cases/ed25519-basic/signed.bin");
        files.put(DIR + "fw-1.0.0-signed.bin", image);
        passwordFile = Files.writeString(tmp.resolve("password"), "pw-4711\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Vectors.Run verify(String... pin) {
        String[] base = {"verify", "--artifact", "com.example:fw:1.0.0:signed", "--repository", url,
            "--repository-user", "reader", "--repository-password", "file:" + passwordFile};
        String[] args = new String[base.length + pin.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(pin, 0, args, base.length, pin.length);
        return Vectors.runCli(args);
    }

    private void publishRecord(String sha256) {
        String json = "{\"image\": {\"file\": \"fw-1.0.0-signed.bin\", \"classifier\": \"signed\", \"type\": \"bin\", "
                + "\"sha256\": \"" + sha256 + "\"}, \"signature\": {\"algorithm\": \"ED25519\", \"publicKeyPem\": \""
                + ED25519.pem().replace("\n", "\\n") + "\", \"keyHash\": \""
                + HexFormat.of().formatHex(ED25519.keyHash(HashAlgorithm.SHA256)) + "\"}}";
        files.put(DIR + "fw-1.0.0-signed-signing-record.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPublishedImageSignedByThePinnedKeyPasses() {
        var run = verify("-k", Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr());
        assertTrue(run.out().startsWith("Image was correctly validated\nImage version: "), run.out());
        assertTrue(run.out().endsWith("Signing record: none published (com.example:fw:1.0.0:signed-signing-record:json)\n"),
                run.out());
    }

    @Test
    void itsSigningRecordIsChecked() {
        publishRecord(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(image)));
        var run = verify("--key-hash", HexFormat.of().formatHex(ED25519.keyHash(HashAlgorithm.SHA256)));
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.out().endsWith("Signing record: com.example:fw:1.0.0:signed-signing-record:json matches (file SHA-256 "
                + "and key hash)\n"), run.out());

        publishRecord("ab".repeat(32));
        run = verify("-k", Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(1, run.exitCode());
        assertEquals("Error: com.example:fw:1.0.0:signed-signing-record:json does not match com.example:fw:1.0.0:signed: the "
                + "record says its SHA-256 is " + "ab".repeat(32) + ", the published file's is "
                + HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(image)) + "\n", run.stderr());
        assertEquals("", run.out());
    }

    @Test
    void aTamperedImageOrAnotherKeyExits1() {
        byte[] tampered = image.clone();
        tampered[0x300] ^= 1;
        files.put(DIR + "fw-1.0.0-signed.bin", tampered);
        var run = verify("-k", Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: com.example:fw:1.0.0:signed does not verify against the pinned "
                + ED25519 + " (-k): image has an invalid hash"), run.stderr());
        assertEquals(1, run.stderr().lines().count());

        files.put(DIR + "fw-1.0.0-signed.bin", image);
        run = verify("-k", Vectors.path("keys/ecdsa-p256.pub.pem").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: com.example:fw:1.0.0:signed does not verify against the pinned "
                + "ECDSA_P256 public key"), run.stderr());
    }

    @Test
    void wrongCredentialsExit1WithoutThePassword() throws IOException {
        Files.writeString(passwordFile, "not-the-pw\n");
        var run = verify("-k", Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(1, run.exitCode());
        assertEquals("Error: " + url + "/" + DIR + "fw-1.0.0-signed.bin answers 401 Unauthorized: the repository refuses "
                + "these credentials (--repository-user or ZEPHYRSIGN_REPO_USER, --repository-password or "
                + "ZEPHYRSIGN_REPO_PASSWORD)\n", run.stderr());
    }

    @Test
    void wrongRequestsExit2() {
        var run = Vectors.runCli("verify", "--artifact", "com.example:fw:1.0.0:signed", "-k",
                Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(2, run.exitCode());
        assertEquals("Error: --artifact needs --repository URL, the Maven repository to fetch it from\n", run.stderr());
        run = verify();
        assertEquals(2, run.exitCode());
        assertEquals("Error: give the key the image must be signed with: -k KEY or --key-hash HEX (one of them)\n",
                run.stderr());
        run = verify("--key-hash", "1234");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: --key-hash: '1234' is not a key hash"), run.stderr());
        run = Vectors.runCli("verify", "--artifact", "com.example:fw", "--repository", url, "-k",
                Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(2, run.exitCode());
        run = Vectors.runCli("verify", "--repository", url, Vectors.path("cases/ed25519-basic/signed.bin").toString());
        assertEquals("Error: --repository goes with --artifact\n", run.stderr());
        run = Vectors.runCli("verify", "--repository-password", "hunter2", "--artifact", "com.example:fw:1.0.0",
                "--repository", url, "-k", Vectors.path("keys/ed25519.pub.pem").toString());
        assertEquals(2, run.exitCode());
        assertEquals("Error: --repository-password must be a reference (env:NAME or file:PATH), not the secret itself; "
                + "secrets do not belong in build files\n", run.stderr());
    }

    @Test
    void aLocalImageWithAKeyHash() {
        var run = Vectors.runCli("verify", "--key-hash", HexFormat.of().formatHex(ED25519.keyHash(HashAlgorithm.SHA256)),
                Vectors.path("cases/ed25519-fullkey/signed.bin").toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.out().startsWith("Image was correctly validated\n"), run.out());
    }
}
