package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zephyrsign.ZephyrSignException;

/**
 * Refuses a Zephyr build that would receive private key material: a PEM with a private key given
 * as a key file, in extra CMake arguments or in a Kconfig fragment. The bootloader needs only the
 * public key, and the application is signed by the plugin, not by Zephyr's build.
 */
public final class PrivateKeyGuard {
    private static final Pattern PRIVATE_PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+ )?PRIVATE KEY-----");
    private static final Pattern KEY_FILE_SETTING = Pattern.compile(
            "(?:SB_)?CONFIG_(?:BOOT_SIGNATURE_KEY_FILE|MCUBOOT_SIGNATURE_KEY_FILE|BOOT_ENCRYPTION_KEY_FILE)\\s*=\\s*\"?([^\"\\s]*)\"?");

    private PrivateKeyGuard() {
    }

    private static Path resolve(Path base, String value) {
        try {
            return base.resolve(value);
        } catch (java.nio.file.InvalidPathException notAPath) {
            return null;
        }
    }

    /** Whether a file holds a PEM private key; unreadable or missing files are no key. */
    public static boolean holdsPrivateKey(Path file) {
        try {
            if (file == null || !Files.isRegularFile(file) || Files.size(file) > 1 << 20) {
                return false;
            }
            return PRIVATE_PEM.matcher(Files.readString(file, StandardCharsets.ISO_8859_1)).find();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param what names the build ("the bootloader build") for the message
     * @param base directory relative paths are resolved against
     */
    public static void check(String what, List<String> cmakeArguments, List<Path> kconfigFragments, Path base) {
        for (String arg : cmakeArguments) {
            if (PRIVATE_PEM.matcher(arg).find()) {
                throw refusal(what, "an extra CMake argument holds a PEM private key");
            }
            int eq = arg.indexOf('=');
            String value = eq < 0 ? arg : arg.substring(eq + 1).replace("\"", "");
            if (!value.isEmpty() && holdsPrivateKey(resolve(base, value))) {
                throw refusal(what, "the CMake argument " + arg + " names " + base.resolve(value)
                        + ", which holds a private key");
            }
        }
        for (Path fragment : kconfigFragments) {
            Path f = base.resolve(fragment);
            if (holdsPrivateKey(f)) {
                throw refusal(what, "Kconfig fragment " + f + " holds a private key");
            }
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ZephyrSignException("cannot read Kconfig fragment " + f + ": " + e.getMessage());
            }
            Matcher m = KEY_FILE_SETTING.matcher(text);
            while (m.find()) {
                if (!m.group(1).isEmpty() && holdsPrivateKey(f.getParent().resolve(m.group(1)))) {
                    throw refusal(what, "Kconfig fragment " + f + " sets " + m.group(0).trim()
                            + ", a file that holds a private key");
                }
            }
        }
    }

    private static ZephyrSignException refusal(String what, String why) {
        return new ZephyrSignException("refusing to run " + what + ": " + why + ". The build needs no private key: "
                + "the bootloader is built with the public key exported from the signer, and the image is signed by "
                + "the signer");
    }
}
