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
        // sysbuild knows no RSA length: it goes to MCUboot's own Kconfig, which sysbuild does not force
        assertEquals(List.of("-DSB_CONFIG_BOOTLOADER_MCUBOOT=y", "-DSB_CONFIG_BOOT_SIGNATURE_TYPE_RSA=y",
                "-Dmcuboot_CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN=3072", "-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\"\"",
                "-DEXTRA_ZEPHYR_MODULES=/m", "-DZEPHYRSIGN_MCUBOOT_KEY_FILE:STRING=/k.pem,/old.pem"),
                WestBuildCommand.sysbuildBootloaderArguments(key, List.of(Path.of("/k.pem"), Path.of("/old.pem")),
                        Path.of("/m")));
        assertEquals(List.of("-DCONFIG_BOOT_SIGNATURE_TYPE_RSA=y", "-DCONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN=3072",
                "-DCONFIG_BOOT_SIGNATURE_KEY_FILE=\"/k.pem\""),
                WestBuildCommand.bootloaderKeyArguments(key, List.of(Path.of("/k.pem")), ""));
        ZephyrSignException comma = assertThrows(ZephyrSignException.class,
                () -> WestBuildCommand.keyFileList(List.of(Path.of("/a,b.pem"))));
        assertTrue(comma.getMessage().contains("/a,b.pem"), comma.getMessage());
        WestBuildCommand cmd = new WestBuildCommand("nrf5340dk/nrf5340/cpuapp", Path.of("/app"), Path.of("/b"),
                WestBuildCommand.Pristine.ALWAYS, true, List.of("-DX=1"), List.of(Path.of("/a.conf"), Path.of("/b.conf")),
                List.of(Path.of("/o.overlay")));
        assertEquals(List.of("build", "-b", "nrf5340dk/nrf5340/cpuapp", "-d", "/b", "-p", "always", "--sysbuild", "/app",
                "--", "-DX=1", "-DEXTRA_CONF_FILE=/a.conf;/b.conf", "-DEXTRA_DTC_OVERLAY_FILE=/o.overlay"), cmd.arguments());
    }

    @Test
    void cmakeRunsOnlyWhenTheCacheRecordsOtherArguments() throws IOException {
        Path build = tmp.resolve("b");
        WestBuildCommand cmd = new WestBuildCommand("qemu_cortex_m0", Path.of("/app"), build,
                WestBuildCommand.Pristine.AUTO, false, List.of("-DCONFIG_X=y"), List.of(), List.of());
        assertTrue(!cmd.configuredAlready(), "no CMakeCache.txt yet");
        List<String> configure = cmd.arguments(true);
        assertEquals("-DZEPHYRSIGN_CONFIGURATION:STRING=" + cmd.configurationDigest(), configure.get(configure.size() - 1));
        assertEquals(List.of("build", "-b", "qemu_cortex_m0", "-d", build.toString(), "-p", "auto", "/app"),
                cmd.arguments(false));
        Files.createDirectories(build);
        Files.writeString(build.resolve("CMakeCache.txt"), "BOARD:STRING=qemu_cortex_m0\n"
                + "ZEPHYRSIGN_CONFIGURATION:STRING=" + cmd.configurationDigest() + "\n");
        assertTrue(!cmd.configuredAlready(), "configured, but never built: CMake keeps its cache when it fails");
        Files.writeString(cmd.builtRecord(), cmd.configurationDigest());
        assertTrue(cmd.configuredAlready());
        WestBuildCommand other = new WestBuildCommand("qemu_cortex_m0", Path.of("/app"), build,
                WestBuildCommand.Pristine.AUTO, false, List.of("-DCONFIG_X=n"), List.of(), List.of());
        assertTrue(!other.configuredAlready(), "another -D: CMake again");
        WestBuildCommand always = new WestBuildCommand("qemu_cortex_m0", Path.of("/app"), build,
                WestBuildCommand.Pristine.ALWAYS, false, List.of("-DCONFIG_X=y"), List.of(), List.of());
        assertTrue(!always.configuredAlready(), "pristine=always wipes the directory");
    }

    @Test
    void unchangedContentIsNotWrittenAgain() throws IOException {
        Path f = tmp.resolve("k.pem");
        assertTrue(SysbuildKeyModule.writeIfChanged(f, "a".getBytes()));
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0));
        assertTrue(!SysbuildKeyModule.writeIfChanged(f, "a".getBytes()));
        assertEquals(0, Files.getLastModifiedTime(f).toMillis());
        assertTrue(SysbuildKeyModule.writeIfChanged(f, "b".getBytes()));
        Path module = SysbuildKeyModule.write(tmp.resolve("mod"));
        assertTrue(Files.readString(module.resolve("zephyr/module.yml")).contains("sysbuild-cmake: sysbuild"));
        assertTrue(Files.readString(module.resolve("sysbuild/CMakeLists.txt")).contains(
                "set_config_string(mcuboot CONFIG_BOOT_SIGNATURE_KEY_FILE \"${ZEPHYRSIGN_MCUBOOT_KEY_FILE}\")"));
    }

    @Test
    void versionFromTheTreeAndFromABuild() throws IOException {
        Path zephyr = tmp.resolve("zephyr");
        Files.createDirectories(zephyr);
        Files.writeString(zephyr.resolve("VERSION"), "VERSION_MAJOR = 3\nVERSION_MINOR = 4\nPATCHLEVEL = 0\n"
                + "VERSION_TWEAK = 0\nEXTRAVERSION =\n");
        ZephyrVersion v = ZephyrVersion.read(zephyr);
        assertEquals("3.4.0", v.toString());
        assertTrue(v.signsThroughWestSign() && !v.knowsQualifiedBoardNames() && !v.olderThanSupported());
        assertEquals("as west sign would pass them, which Zephyr 3.4.0's cmake/mcuboot.cmake runs",
                ZephyrVersion.signingSource(v));
        assertEquals(null, ZephyrVersion.read(tmp.resolve("nowhere")));
        Path gen = tmp.resolve("b/zephyr/include/generated/zephyr");
        Files.createDirectories(gen);
        Files.writeString(gen.resolve("version.h"), "#define KERNEL_VERSION_MAJOR   4\n#define KERNEL_VERSION_MINOR   2\n"
                + "#define KERNEL_PATCHLEVEL      99\n");
        ZephyrVersion built = ZephyrVersion.ofBuild(tmp.resolve("b"));
        assertEquals("4.2.99", built.toString());
        assertEquals("as Zephyr 4.2.99's cmake/mcuboot.cmake would pass them", ZephyrVersion.signingSource(built));
        assertEquals("as cmake/mcuboot.cmake would pass them", ZephyrVersion.signingSource(null));
    }

    @Test
    void diagnosesKnownCauses() throws IOException {
        Path zephyr = tmp.resolve("zephyr");
        Files.createDirectories(zephyr);
        Files.writeString(zephyr.resolve("VERSION"), "VERSION_MAJOR = 3\nVERSION_MINOR = 4\nPATCHLEVEL = 0\n");
        ZephyrVersion v34 = ZephyrVersion.read(zephyr);
        assertTrue(WestDiagnosis.explain(List.of("AttributeError: 'Ed25519Public' object has no attribute 'sign_digest'"))
                .startsWith("Zephyr's build tried to sign the application with a public key"));
        assertTrue(WestDiagnosis.explain(List.of("AttributeError: '_EllipticCurvePublicKey' object has no attribute "
                + "'public_key'")).contains("use an Ed25519 or RSA key, or update MCUboot"));
        assertEquals(null, WestDiagnosis.explain(List.of("ninja: build stopped")));
        String board = WestDiagnosis.beforeBuild(v34, "nrf52840dk/nrf52840");
        assertTrue(board.contains("board/soc form of Zephyr 3.7 and later, but this tree is Zephyr 3.4.0"), board);
        assertEquals(null, WestDiagnosis.beforeBuild(null, "x/y"));
        assertEquals(null, WestDiagnosis.beforeBuild(v34, "qemu_cortex_m0"));
        Files.writeString(zephyr.resolve("VERSION"), "VERSION_MAJOR = 3\nVERSION_MINOR = 7\nPATCHLEVEL = 0\n");
        assertEquals(null, WestDiagnosis.beforeBuild(ZephyrVersion.read(zephyr), "nrf52840dk/nrf52840"));
    }

    @Test
    void diagnosisComesBeforeWestsLastLines() throws IOException {
        Path west = fakeWest("echo \"AttributeError: 'Ed25519Public' object has no attribute 'sign_digest'\" >&2; exit 1\n");
        WestRunner runner = new WestRunner(west.toString(), ProcessLauncher.SYSTEM, l -> { }, l -> { });
        WestException e = assertThrows(WestException.class, () -> runner.run(List.of("build"), tmp, Map.of(),
                WestDiagnosis::explain));
        assertTrue(e.getMessage().startsWith("west build failed with exit code 1: Zephyr's build tried to sign"),
                e.getMessage());
        assertTrue(e.getMessage().contains(" West's last lines:\n  AttributeError:"), e.getMessage());
    }

    @Test
    void sysbuildDefaultDomain() throws IOException {
        Files.writeString(tmp.resolve("domains.yaml"), "default: hello\nbuild_dir: /b\ndomains:\n  - name: mcuboot\n"
                + "    build_dir: /b/mcuboot\n  - name: hello\n    build_dir: /b/hello");
        assertEquals("hello", SysbuildDomains.defaultDomain(tmp));
        assertEquals(null, SysbuildDomains.defaultDomain(tmp.resolve("none")));
    }
}
