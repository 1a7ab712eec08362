package org.zephyrsign.signer.pkcs11;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerException;

/**
 * Turns pkcs11 signer parameters into a key spec. Parameters: {@code uri} (RFC 7512), or
 * {@code library}, {@code token} / {@code serial} / {@code slot}, {@code keyLabel} /
 * {@code keyId} (explicit ones override the URI's); {@code algorithm} (optional check); the PIN
 * from {@code serverId} (settings.xml), {@code pin} (env:NAME or file:PATH) or the URI's
 * pin-source.
 */
public final class Pkcs11KeySpecs {
    private Pkcs11KeySpecs() {
    }

    public static Pkcs11Signer.KeySpec fromConfig(SignerConfig config) {
        Pkcs11Uri uri = config.get("uri") == null ? null : Pkcs11Uri.parse(config.get("uri"));
        String library = first(config.get("library"), uri == null ? null : uri.modulePath());
        if (library == null) {
            throw new SignerException("pkcs11 signer: " + config.describe("library")
                    + " (the PKCS#11 module path, or module-path in the URI) is required");
        }
        String slot = first(config.get("slot"), uri == null ? null : uri.slotId());
        String keyId = config.get("keyId");
        byte[] id = keyId != null ? parseHex(keyId, config) : uri == null ? null : uri.id();
        return new Pkcs11Signer.KeySpec(config.path(library),
                first(config.get("token"), uri == null ? null : uri.token()),
                first(config.get("serial"), uri == null ? null : uri.serial()),
                slot == null ? null : parseSlot(slot, config),
                first(config.get("keyLabel"), uri == null ? null : uri.object()),
                id,
                algorithm(config.get("algorithm"), config),
                pinSupplier(config, uri));
    }

    /** Checked now, so a missing PIN source fails before any module is loaded; resolved on each login. */
    private static Supplier<char[]> pinSupplier(SignerConfig config, Pkcs11Uri uri) {
        String serverId = config.get("serverId");
        String pin = config.get("pin");
        if (serverId != null && pin != null) {
            throw new SignerException("pkcs11 signer: " + config.describe("serverId") + " and "
                    + config.describe("pin") + " both say where the PIN comes from; keep one");
        }
        if (serverId != null) {
            return () -> config.secrets().resolve("mvn:" + serverId, config.describe("serverId"));
        }
        if (pin != null) {
            return () -> config.secrets().resolve(pin, config.describe("pin"));
        }
        if (uri != null && uri.pinSource() != null) {
            return () -> config.secrets().resolve(uri.pinSource(), "pin-source of the PKCS#11 URI");
        }
        if (uri != null && uri.pinValue() != null) {
            if (!config.literalSecretsAllowed()) {
                throw new SignerException("pkcs11 signer: the URI's pin-value puts the PIN in the build file; use "
                        + config.describe("serverId") + " or " + config.describe("pin") + " (env:NAME, file:PATH)");
            }
            String value = uri.pinValue();
            return value::toCharArray;
        }
        throw new SignerException("pkcs11 signer: no PIN source: set " + config.describe("serverId")
                + " (a settings.xml server), " + config.describe("pin") + " (env:NAME or file:PATH), or pin-source in "
                + "the PKCS#11 URI");
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static long parseSlot(String slot, SignerConfig config) {
        try {
            return Long.parseLong(slot.trim());
        } catch (NumberFormatException e) {
            throw new SignerException("pkcs11 signer: " + config.describe("slot") + " must be a number, not '" + slot + "'");
        }
    }

    private static byte[] parseHex(String hex, SignerConfig config) {
        try {
            return HexFormat.of().parseHex(hex.replace(":", "").trim());
        } catch (IllegalArgumentException e) {
            throw new SignerException("pkcs11 signer: " + config.describe("keyId") + " must be hex, e.g. 01 or a1b2");
        }
    }

    private static SignatureAlgorithm algorithm(String name, SignerConfig config) {
        if (name == null) {
            return null;
        }
        String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            if (a.name().equals(n) || a.name().replace("_", "").equals(n.replace("_", ""))) {
                return a;
            }
        }
        throw new SignerException("pkcs11 signer: " + config.describe("algorithm") + " '" + name
                + "' is not one of ed25519, ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072");
    }
}
