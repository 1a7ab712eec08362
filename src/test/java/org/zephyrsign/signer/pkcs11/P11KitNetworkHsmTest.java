package org.zephyrsign.signer.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.vectors.Vectors;

/**
 * A network HSM stand-in: {@code p11-kit server} exports the SoftHSM2 token over a unix socket and
 * the signer talks to it through {@code p11-kit-client.so}, as it would to a remote HSM's client
 * library. Each case runs the signer in its own process, because the client finds its server
 * through the P11_KIT_SERVER_ADDRESS environment variable.
 */
class P11KitNetworkHsmTest {
    /** p11-kit's client module, in the multiarch directory of this machine. */
    static final String CLIENT = clientModule();

    private static String clientModule() {
        try (var dirs = Files.newDirectoryStream(Path.of("/usr/lib"))) {
            for (Path dir : dirs) {
                Path client = dir.resolve("pkcs11/p11-kit-client.so");
                if (Files.isRegularFile(client)) {
                    return client.toString();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("p11-kit-client.so not found: scripts/install-test-packages.sh installs p11-kit-modules");
    }

    @TempDir
    Path tmp;

    private Process startServer(Path socket) throws IOException, InterruptedException {
        Files.createDirectories(tmp.resolve("run"));
        ProcessBuilder pb = new ProcessBuilder("p11-kit", "server", "-f", "-n", socket.toString(), "--provider",
                Pkcs11SignerTest.MODULE, "pkcs11:token=firmware");
        pb.environment().put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile());
        Process server = pb.start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(socket), "p11-kit server did not start: " + Files.readString(tmp.resolve("server.log")));
        return server;
    }

    private static void stop(Process server) throws InterruptedException {
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    private static String uri(String object) {
        return "pkcs11:token=firmware;object=" + object + "?module-path=" + CLIENT + "&pin-source=env:ZEPHYR_TEST_PIN";
    }

    private Process java(Path socket, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket);
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process hung");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void signsThroughTheNetworkHsmAndRefusesWhatItFiltersOut() throws Exception {
        Path socket = tmp.resolve("hsm.sock");
        Process server = startServer(socket);
        try {
            Path image = tmp.resolve("signed.bin");
            Process sign = java(socket, "org.zephyrsign.cli.Main", "sign", "-H", "0x200", "--pad-header", "-S", "0x60000",
                    "-v", "1.0.0", "-k", uri("fw-p384"), Vectors.path("inputs/app-4k.bin").toString(), image.toString());
            String out = output(sign);
            assertEquals(0, sign.exitValue(), out);
            Path pub = tmp.resolve("p384.pem");
            Process getpub = java(socket, "org.zephyrsign.cli.Main", "getpub", "-e", "pem", "-k", uri("fw-p384"),
                    "-o", pub.toString());
            assertEquals("", output(getpub));
            Process verify = java(socket, "org.zephyrsign.cli.Main", "verify", "-k", pub.toString(), image.toString());
            assertTrue(output(verify).startsWith("Image was correctly validated"));

            // p11-kit 0.24 filters CKM_EDDSA out of what it forwards: a clear error, no image.
            Path ed = tmp.resolve("ed.bin");
            Process edSign = java(socket, "org.zephyrsign.cli.Main", "sign", "-H", "0x200", "--pad-header", "-S",
                    "0x60000", "-v", "1.0.0", "-k", uri("fw-ed25519"), Vectors.path("inputs/app-4k.bin").toString(),
                    ed.toString());
            String edOut = output(edSign);
            assertEquals(1, edSign.exitValue(), edOut);
            assertEquals("Error: pkcs11 signer: token 'firmware' does not offer CKM_EDDSA, which signing with its "
                    + "ED25519 key needs\n", edOut);
            assertTrue(!Files.exists(ed));
        } finally {
            stop(server);
        }
    }

    @Test
    void anHsmThatGoesAwayMidBuildIsReportedAsSuch() throws Exception {
        Path socket = tmp.resolve("hsm2.sock");
        Process server = startServer(socket);
        Process build = java(socket, SignTwice.class.getName(), uri("fw-p256"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("signed-1", out.readLine());
            // p11-kit serves each client from a child process: cut that connection, as a network failure would.
            stop(server);
            try (Writer in = new OutputStreamWriter(build.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("go\n");
            }
            String result = out.readLine();
            assertTrue(result.startsWith("error: pkcs11 signer: token 'firmware' (" + CLIENT
                    + ") was removed or became unreachable during the build"), result);
            assertTrue(build.waitFor(30, TimeUnit.SECONDS));
        } finally {
            stop(server);
            build.destroyForcibly();
        }
    }
}
