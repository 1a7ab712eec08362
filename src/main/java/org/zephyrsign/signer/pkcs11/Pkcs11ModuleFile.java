package org.zephyrsign.signer.pkcs11;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * Looks at a PKCS#11 module file before the dynamic linker loads it (and runs its code): whether it
 * is a readable ELF shared library for this JVM's architecture that exports C_GetFunctionList. The
 * linker's own messages are poor here: a module for another CPU gives "No such file or directory",
 * and ipkcs11wrapper reports a missing C_GetFunctionList as garbage bytes.
 */
final class Pkcs11ModuleFile {
    private static final String ENTRY_POINT = "C_GetFunctionList";
    private static final int ET_REL = 1;
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int SHT_DYNSYM = 11;

    /** ELF e_machine values and the names users know them by. */
    private static final Map<Integer, String> MACHINES = Map.of(3, "x86 (32-bit)", 62, "x86_64", 183, "aarch64",
            40, "arm (32-bit)", 243, "riscv", 21, "ppc64", 22, "s390x", 258, "loongarch64");

    private Pkcs11ModuleFile() {
    }

    /**
     * What keeps {@code file} from being a PKCS#11 module for this JVM, as the end of a sentence
     * that begins with the path ("is a directory; ..."), or null when it may well be one.
     */
    static String problem(Path file) {
        return problem(file, System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String problem(Path file, String osName, String osArch) {
        if (!Files.exists(file)) {
            return "not found; install the HSM vendor's module or correct the module path";
        }
        if (Files.isDirectory(file)) {
            return "is a directory; give the path of the module file itself (the vendor's .so)";
        }
        if (!Files.isRegularFile(file)) {
            return "is not a regular file; give the path of the HSM vendor's PKCS#11 module (.so)";
        }
        if (!Files.isReadable(file)) {
            return "cannot be read (permission denied) by the user running the build";
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return elfProblem(channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(channel.size(), Integer.MAX_VALUE)),
                    osName, osArch);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    static String elfProblem(ByteBuffer elf, String osName, String osArch) {
        boolean isElf = elf.limit() >= 4 && elf.get(0) == 0x7f && elf.get(1) == 'E' && elf.get(2) == 'L'
                && elf.get(3) == 'F';
        if (!isElf) {
            // macOS and Windows modules are Mach-O and PE files; their loaders speak for themselves.
            return osName.toLowerCase(Locale.ROOT).contains("linux")
                    ? "is not a shared library (no ELF header); give the path of the HSM vendor's PKCS#11 module (.so)"
                    : null;
        }
        if (elf.limit() < 64 || (elf.get(4) != 1 && elf.get(4) != 2) || (elf.get(5) != 1 && elf.get(5) != 2)) {
            return "is a damaged or truncated ELF file; reinstall the module";
        }
        boolean is64 = elf.get(4) == 2;
        elf.order(elf.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (!tablesInside(elf, is64)) {
            return "is a damaged or truncated ELF file; reinstall the module";
        }
        int type = Short.toUnsignedInt(elf.getShort(16));
        if (type != ET_DYN) {
            return "is " + (type == ET_EXEC ? "a program" : type == ET_REL ? "an object file" : "an ELF file of type "
                    + type) + ", not a shared library; give the path of the HSM vendor's PKCS#11 module (.so)";
        }
        Integer hostMachine = hostMachine(osArch);
        boolean host64 = osArch.contains("64") || osArch.equals("s390x");
        if (hostMachine != null && is64 != host64) {
            return "is a " + (is64 ? "64" : "32") + "-bit library, but this Java (" + osArch + ") is "
                    + (host64 ? "64" : "32") + "-bit; install the HSM vendor's " + (host64 ? "64" : "32")
                    + "-bit module";
        }
        int machine = Short.toUnsignedInt(elf.getShort(18));
        if (hostMachine != null && machine != hostMachine) {
            return "is built for " + MACHINES.getOrDefault(machine, "ELF machine " + machine) + ", but this Java runs on "
                    + osArch + "; install the HSM vendor's module for " + osArch;
        }
        Boolean exports = definesSymbol(elf, is64, ENTRY_POINT);
        if (Boolean.FALSE.equals(exports)) {
            return notAModule();
        }
        return null;
    }

    /** Whether the program and section header tables the header announces lie inside the file. */
    private static boolean tablesInside(ByteBuffer elf, boolean is64) {
        long phoff = is64 ? elf.getLong(0x20) : Integer.toUnsignedLong(elf.getInt(0x1C));
        long phsize = (long) Short.toUnsignedInt(elf.getShort(is64 ? 0x36 : 0x2A))
                * Short.toUnsignedInt(elf.getShort(is64 ? 0x38 : 0x2C));
        long shoff = is64 ? elf.getLong(0x28) : Integer.toUnsignedLong(elf.getInt(0x20));
        long shsize = (long) Short.toUnsignedInt(elf.getShort(is64 ? 0x3A : 0x2E))
                * Short.toUnsignedInt(elf.getShort(is64 ? 0x3C : 0x30));
        return phoff >= 0 && shoff >= 0 && phoff + phsize <= elf.limit() && shoff + shsize <= elf.limit();
    }

    /** The end of the message for a shared library without PKCS#11's entry point. */
    static String notAModule() {
        return "is not a PKCS#11 module (no " + ENTRY_POINT + "); give the path of the HSM vendor's PKCS#11 module";
    }

    /** The ELF e_machine this JVM's native code has, or null for a CPU this check does not know. */
    private static Integer hostMachine(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> 62;
            case "aarch64", "arm64" -> 183;
            case "x86", "i386", "i486", "i586", "i686" -> 3;
            case "arm" -> 40;
            case "riscv64" -> 243;
            case "ppc64", "ppc64le" -> 21;
            case "s390x" -> 22;
            case "loongarch64" -> 258;
            default -> null;
        };
    }

    /**
     * Whether the dynamic symbol table defines {@code name}; null when the file has no section
     * headers or dynamic symbol table to tell (stripped with sstrip, or damaged), so the loader decides.
     */
    static Boolean definesSymbol(ByteBuffer elf, boolean is64, String name) {
        try {
            long shoff = is64 ? elf.getLong(0x28) : Integer.toUnsignedLong(elf.getInt(0x20));
            int shentsize = Short.toUnsignedInt(elf.getShort(is64 ? 0x3A : 0x2E));
            int shnum = Short.toUnsignedInt(elf.getShort(is64 ? 0x3C : 0x30));
            if (shoff == 0 || shnum == 0) {
                return null;
            }
            for (int i = 0; i < shnum; i++) {
                int sh = Math.toIntExact(shoff + (long) i * shentsize);
                if (elf.getInt(sh + 4) != SHT_DYNSYM) {
                    continue;
                }
                int symbols = offset(elf, sh, is64, 0x18, 0x10);
                long size = is64 ? elf.getLong(sh + 0x20) : Integer.toUnsignedLong(elf.getInt(sh + 0x14));
                int entsize = is64 ? Math.toIntExact(elf.getLong(sh + 0x38)) : elf.getInt(sh + 0x24);
                int strtabHeader = Math.toIntExact(shoff + (long) elf.getInt(sh + (is64 ? 0x28 : 0x18)) * shentsize);
                int strings = offset(elf, strtabHeader, is64, 0x18, 0x10);
                byte[] wanted = (name + '\0').getBytes(StandardCharsets.US_ASCII);
                for (long at = symbols; entsize > 0 && at + entsize <= symbols + size; at += entsize) {
                    int sym = Math.toIntExact(at);
                    int shndx = Short.toUnsignedInt(elf.getShort(sym + (is64 ? 6 : 14)));
                    if (shndx != 0 && matches(elf, strings + elf.getInt(sym), wanted)) {
                        return true;
                    }
                }
                return false;
            }
            return null;
        } catch (IndexOutOfBoundsException | ArithmeticException damaged) {
            return null;
        }
    }

    private static int offset(ByteBuffer elf, int sectionHeader, boolean is64, int off64, int off32) {
        return Math.toIntExact(is64 ? elf.getLong(sectionHeader + off64)
                : Integer.toUnsignedLong(elf.getInt(sectionHeader + off32)));
    }

    private static boolean matches(ByteBuffer elf, int at, byte[] wanted) {
        if (at < 0 || at + wanted.length > elf.limit()) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (elf.get(at + i) != wanted[i]) {
                return false;
            }
        }
        return true;
    }
}
