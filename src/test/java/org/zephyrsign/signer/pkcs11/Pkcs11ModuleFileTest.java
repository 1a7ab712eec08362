package org.zephyrsign.signer.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.zephyrsign.signer.SignerException;

/**
 * Each way of naming the wrong file as the PKCS#11 module, and its one line. Real files where the
 * machine has them: the SoftHSM2 and p11-kit modules, libc and the JDK's libzip (shared libraries
 * without C_GetFunctionList), and ipkcs11wrapper's own JNI libraries for other CPUs (from its jar).
 */
class Pkcs11ModuleFileTest {
    private static final String NOT_A_MODULE = "is not a PKCS#11 module (no C_GetFunctionList); give the path of "
            + "the HSM vendor's PKCS#11 module";
    private static final String NO_ELF = "is not a shared library (no ELF header); give the path of the HSM vendor's "
            + "PKCS#11 module (.so)";

    @TempDir
    Path tmp;

    private Path wrapperNative(String platform) throws IOException {
        String resource = "natives/unix/" + platform + "/release/libpkcs11wrapper.so";
        try (InputStream in = PKCS11Module.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Path file = tmp.resolve(platform + ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    /** The libc this JVM runs on, wherever the distribution keeps it. */
    private static Path libc() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .filter(p -> p.matches(".*/libc\\.so\\.6")).map(Path::of).findFirst().orElseThrow();
    }

    @Test
    void realModulesPass() {
        assertNull(Pkcs11ModuleFile.problem(Path.of(Pkcs11SignerTest.MODULE)));
        assertNull(Pkcs11ModuleFile.problem(Path.of(P11KitNetworkHsmTest.CLIENT)));
    }

    @Test
    void sharedLibrariesWithoutTheEntryPointAreNotModules() throws IOException {
        assertEquals(NOT_A_MODULE, Pkcs11ModuleFile.problem(libc()));
        assertEquals(NOT_A_MODULE, Pkcs11ModuleFile.problem(Path.of(System.getProperty("java.home"), "lib", "libzip.so")));
        assertEquals(NOT_A_MODULE, Pkcs11ModuleFile.problem(wrapperNative("linux-x86_64"), "Linux", "amd64"));
        assertEquals(NOT_A_MODULE, Pkcs11ModuleFile.problem(wrapperNative("linux-aarch64"), "Linux", "aarch64"));
    }

    @Test
    void aModuleForAnotherCpuSaysWhichCpu() throws IOException {
        assertEquals("is built for aarch64, but this Java runs on amd64; install the HSM vendor's module for amd64",
                Pkcs11ModuleFile.problem(wrapperNative("linux-aarch64"), "Linux", "amd64"));
        assertEquals("is built for x86_64, but this Java runs on aarch64; install the HSM vendor's module for aarch64",
                Pkcs11ModuleFile.problem(wrapperNative("linux-x86_64"), "Linux", "aarch64"));
        assertEquals("is a 32-bit library, but this Java (amd64) is 64-bit; install the HSM vendor's 64-bit module",
                Pkcs11ModuleFile.problem(wrapperNative("linux-x86"), "Linux", "amd64"));
        assertEquals("is a 32-bit library, but this Java (aarch64) is 64-bit; install the HSM vendor's 64-bit module",
                Pkcs11ModuleFile.problem(wrapperNative("linux-arm"), "Linux", "aarch64"));
        assertEquals("is a 64-bit library, but this Java (x86) is 32-bit; install the HSM vendor's 32-bit module",
                Pkcs11ModuleFile.problem(wrapperNative("linux-x86_64"), "Linux", "x86"));
        // A CPU the check does not know: the dynamic linker decides.
        assertEquals(NOT_A_MODULE, Pkcs11ModuleFile.problem(wrapperNative("linux-aarch64"), "Linux", "sparcv9"));
    }

    @Test
    void filesThatAreNoSharedLibrary() throws IOException {
        Path text = Files.writeString(tmp.resolve("libfake.so"), "not an ELF file, but long enough to be read as one");
        assertEquals(NO_ELF, Pkcs11ModuleFile.problem(text, "Linux", "amd64"));
        assertEquals(NO_ELF, Pkcs11ModuleFile.problem(Files.createFile(tmp.resolve("empty.so")), "Linux", "amd64"));
        // On macOS and Windows modules are Mach-O and PE files: no ELF check there.
        assertNull(Pkcs11ModuleFile.problem(text, "Mac OS X", "aarch64"));

        byte[] softhsm = Files.readAllBytes(Path.of(Pkcs11SignerTest.MODULE));
        for (int length : new int[] {40, 100, softhsm.length / 2}) {
            Path truncated = Files.write(tmp.resolve("truncated.so"), Arrays.copyOf(softhsm, length));
            assertEquals("is a damaged or truncated ELF file; reinstall the module",
                    Pkcs11ModuleFile.problem(truncated, "Linux", "amd64"), "first " + length + " bytes");
        }
        byte[] program = softhsm.clone();
        program[16] = 2; // e_type ET_EXEC, little-endian
        program[17] = 0;
        assertEquals("is a program, not a shared library; give the path of the HSM vendor's PKCS#11 module (.so)",
                Pkcs11ModuleFile.problem(Files.write(tmp.resolve("program"), program), "Linux", "amd64"));
    }

    @Test
    void pathsThatAreNoFile() throws IOException {
        assertEquals("not found; install the HSM vendor's module or correct the module path",
                Pkcs11ModuleFile.problem(tmp.resolve("missing.so")));
        assertEquals("is a directory; give the path of the module file itself (the vendor's .so)",
                Pkcs11ModuleFile.problem(tmp));
        assertEquals("is not a regular file; give the path of the HSM vendor's PKCS#11 module (.so)",
                Pkcs11ModuleFile.problem(Path.of("/dev/null")));
    }

    @Test
    void theDynamicLinkersWordsWhereTheFileItselfLooksRight() {
        Path lib = Path.of("/opt/hsm/libhsm.so");
        // what ipkcs11wrapper returned for libc.so.6: freed memory
        assertEquals(NOT_A_MODULE, Pkcs11Library.loaderProblem(lib, "H\u00c4\u00e9"));
        assertEquals(NOT_A_MODULE, Pkcs11Library.loaderProblem(lib, ""));
        assertEquals(NOT_A_MODULE, Pkcs11Library.loaderProblem(lib, "/opt/hsm/libhsm.so: undefined symbol: "
                + "C_GetFunctionList"));
        assertEquals("could not be loaded: file too short",
                Pkcs11Library.loaderProblem(lib, "/opt/hsm/libhsm.so: file too short"));
        assertEquals("could not be loaded: libcrypto.so.1.1: cannot open shared object file: No such file or "
                + "directory; 'ldd /opt/hsm/libhsm.so' lists the libraries it needs",
                Pkcs11Library.loaderProblem(lib, "libcrypto.so.1.1: cannot open shared object file: No such file or "
                        + "directory"));
    }

    @Test
    void loadingSaysItInOneLineNamingThePath() throws IOException {
        Path libzip = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        assertEquals("PKCS#11 library " + libzip + " " + NOT_A_MODULE,
                assertThrows(SignerException.class, () -> Pkcs11Library.load(libzip)).getMessage());
        assertEquals("PKCS#11 library " + tmp + " is a directory; give the path of the module file itself (the "
                + "vendor's .so)", assertThrows(SignerException.class, () -> Pkcs11Library.load(tmp)).getMessage());
        for (String platform : List.of("linux-x86_64", "linux-aarch64", "linux-x86", "linux-arm")) {
            Path other = wrapperNative(platform);
            String m = assertThrows(SignerException.class, () -> Pkcs11Library.load(other)).getMessage();
            // one line, naming the file, whatever this machine's CPU
            assertEquals(-1, m.indexOf('\n'), m);
            assertEquals("PKCS#11 library " + other + " " + Pkcs11ModuleFile.problem(other), m);
        }
    }
}
