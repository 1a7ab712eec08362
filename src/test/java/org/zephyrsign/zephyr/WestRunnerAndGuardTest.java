package org.zephyrsign.zephyr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.vectors.Vectors;

class WestRunnerAndGuardTest {
    @TempDir
    Path tmp;

    /** A west that is a shell script: exercises the real process handling, not a mock. */
    private Path fakeWest(String body) throws IOException {
        Path west = tmp.resolve("west");
        Files.writeString(west, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'West version: v9'; exit 0; fi\n" + body);
        west.toFile().setExecutable(true);
        return west;
    }

    @Test
    void streamsOutputLiveAndFailsWithExitCodeAndLastLines() throws IOException {
        Path west = fakeWest("echo building; echo 'oops' >&2; i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); done; exit 3\n");
        List<String> info = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        WestRunner runner = new WestRunner(west.toString(), ProcessLauncher.SYSTEM, info::add, warn::add);
        WestException e = assertThrows(WestException.class, () -> runner.run(List.of("build", "-b", "x"), tmp, Map.of()));
        assertEquals(3, e.exitCode());
        assertEquals(25, e.lastLines().size());
        assertTrue(e.lastLines().contains("line29"), e.lastLines().toString()); // stdout and stderr interleave freely
        assertTrue(e.getMessage().startsWith("west build failed with exit code 3; its last lines:"));
        assertTrue(info.contains("building") && info.contains("line0"));
        assertEquals(List.of("oops"), warn);
    }

    @Test
    void passesTheEnvironmentAndArgumentsOneByOne() throws IOException {
        Path west = fakeWest("printf '%s|' \"$@\"; echo \"$TOOLCHAIN\"\n");
        List<String> info = new ArrayList<>();
        new WestRunner(west.toString(), ProcessLauncher.SYSTEM, info::add, info::add)
                .run(List.of("build", "a b", "-DX=\"\""), tmp, Map.of("TOOLCHAIN", "zephyr"));
        assertEquals("build|a b|-DX=\"\"|zephyr", info.get(info.size() - 1));
    }

    @Test
    void missingWestSaysHowToGetIt() {
        WestRunner runner = new WestRunner(tmp.resolve("no-west").toString(), ProcessLauncher.SYSTEM, s -> { }, s -> { });
        WestException e = assertThrows(WestException.class, () -> runner.run(List.of("build"), tmp, Map.of()));
        assertTrue(e.getMessage().startsWith("west not found: "), e.getMessage());
    }

    @Test
    void privateKeyInCmakeArgumentsOrFragmentsIsRefused() throws IOException {
        Path priv = Vectors.path("keys/ed25519.pem");
        Path pub = Vectors.path("keys/ed25519.pub.pem");
        String m = assertThrows(ZephyrSignException.class, () -> PrivateKeyGuard.check("the bootloader build",
                List.of("-DCONFIG_BOOT_SIGNATURE_KEY_FILE=\"" + priv + "\""), List.of(), tmp)).getMessage();
        assertTrue(m.startsWith("refusing to run the bootloader build: the CMake argument"), m);
        Path fragment = Files.writeString(tmp.resolve("app.conf"), Files.readString(priv));
        assertThrows(ZephyrSignException.class, () -> PrivateKeyGuard.check("the application build", List.of(),
                List.of(fragment), tmp));
        // a public key is what the bootloader build should get: fine
        PrivateKeyGuard.check("the bootloader build", List.of("-DCONFIG_BOOT_SIGNATURE_KEY_FILE=\"" + pub + "\""),
                List.of(), tmp);
    }

    @Test
    void sysbuildRsaKeyArguments() {
        var key = PemKeys.publicKey(Vectors.path("keys/rsa-3072.pub.pem"));
        assertEquals(List.of("-DSB_CONFIG_BOOT_SIGNATURE_TYPE_RSA=y", "-DSB_CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN=3072",
                "-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\"/k.pem\""),
                WestBuildCommand.bootloaderKeyArguments(key, Path.of("/k.pem"), "SB_"));
        WestBuildCommand cmd = new WestBuildCommand("nrf5340dk/nrf5340/cpuapp", Path.of("/app"), Path.of("/b"),
                WestBuildCommand.Pristine.ALWAYS, true, List.of("-DX=1"), List.of(Path.of("/a.conf"), Path.of("/b.conf")),
                List.of(Path.of("/o.overlay")));
        assertEquals(List.of("build", "-b", "nrf5340dk/nrf5340/cpuapp", "-d", "/b", "-p", "always", "--sysbuild", "/app",
                "--", "-DX=1", "-DEXTRA_CONF_FILE=/a.conf;/b.conf", "-DEXTRA_DTC_OVERLAY_FILE=/o.overlay"), cmd.arguments());
    }
}
