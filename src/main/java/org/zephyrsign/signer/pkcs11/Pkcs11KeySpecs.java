package org.zephyrsign.signer.pkcs11;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;

/**
 * Turns pkcs11 signer parameters into a key spec. Parameters: {@code uri} (RFC 7512), or
 * {@code library}, {@code token} / {@code serial} / {@code slot}, {@code keyLabel} /
 * {@code keyId} (explicit ones override the URI's); {@code algorithm} (optional check); the PIN
 * from {@code serverId} (settings.xml), {@code pin} (env:NAME or file:PATH) or the URI's
 * pin-source.
 *
 * <p>Messages name each parameter the way the front end spells it; a parameter the front end has no
 * spelling for ({@link SignerConfig#describe} gives null: a command line has only the URI) is named
 * by its part of the URI ({@code module-path}, {@code pin-source}).
 */
public final class Pkcs11KeySpecs {
    private Pkcs11KeySpecs() {
    }

    public static Pkcs11Signer.KeySpec fromConfig(SignerConfig config) {
        return fromConfig(config, SignerLog.NONE);
    }

    /** @param log warned when the PIN is written in the URI itself (where a command line allows it) */
    public static Pkcs11Signer.KeySpec fromConfig(SignerConfig config, SignerLog log) {
        Pkcs11Uri uri = config.get("uri") == null ? null : Pkcs11Uri.parse(config.get("uri"));
        String library = first(config.get("library"), uri == null ? null : uri.modulePath());
        if (library == null) {
            throw new SignerConfigException("pkcs11 signer: " + either(config, "library", "module-path")
                    + " (the PKCS#11 module of the HSM) is required");
        }
        String slot = config.get("slot");
        String slotWhere = named(config, "slot");
        if (slot == null && uri != null && uri.slotId() != null) {
            slot = uri.slotId();
            slotWhere = "slot-id in the PKCS#11 URI";
        }
        String keyId = config.get("keyId");
        byte[] id = keyId != null ? parseHex(keyId, config) : uri == null ? null : uri.id();
        String label = first(config.get("keyLabel"), uri == null ? null : uri.object());
        if (label == null && id == null) {
            throw new SignerConfigException("pkcs11 signer: name the key: " + either(config, "keyLabel", "object")
                    + " (its label) or " + either(config, "keyId", "id") + " (its id)");
        }
        return new Pkcs11Signer.KeySpec(config.path(library),
                first(config.get("token"), uri == null ? null : uri.token()),
                first(config.get("serial"), uri == null ? null : uri.serial()),
                slot == null ? null : parseSlot(slot, slotWhere),
                label,
                id,
                algorithm(config.get("algorithm"), config),
                pinSupplier(config, uri, log));
    }

    /** Checked now, so a missing PIN source fails before any module is loaded; resolved on each login. */
    private static Supplier<char[]> pinSupplier(SignerConfig config, Pkcs11Uri uri, SignerLog log) {
        if (uri != null && uri.pinValue() != null) {
            if (!config.literalSecretsAllowed()) {
                throw new SignerConfigException("pkcs11 signer: the URI's pin-value puts the PIN in the build file; "
                        + "use " + pinSources(config, false) + ". " + Secrets.DISCLOSED);
            }
            log.warn("the PIN is written in the PKCS#11 URI (pin-value): other users see it in the process list "
                    + "and it stays in the shell's history; use pin-source=env:NAME or pin-source=file:PATH");
        }
        String serverId = config.get("serverId");
        String pin = config.get("pin");
        if (serverId != null && pin != null) {
            throw new SignerConfigException("pkcs11 signer: " + named(config, "serverId") + " and "
                    + named(config, "pin") + " both say where the PIN comes from; keep one");
        }
        if (serverId != null) {
            return () -> config.secrets().resolve("mvn:" + serverId, named(config, "serverId"));
        }
        if (pin != null) {
            checkReference(config, pin, named(config, "pin"));
            return () -> config.secrets().resolve(pin, named(config, "pin"));
        }
        if (uri != null && uri.pinSource() != null) {
            String what = "pin-source in the PKCS#11 URI";
            checkReference(config, uri.pinSource(), what);
            return () -> config.secrets().resolve(uri.pinSource(), what);
        }
        if (uri != null && uri.pinValue() != null) {
            String value = uri.pinValue();
            return value::toCharArray;
        }
        throw new SignerConfigException("pkcs11 signer: no PIN source: set " + pinSources(config, true));
    }

    /** A literal where a reference belongs: in a build file it must be considered disclosed. */
    private static void checkReference(SignerConfig config, String value, String what) {
        if (Secrets.isReference(value)) {
            return;
        }
        throw new SignerConfigException(what + " must be a reference (" + config.secrets().referenceForms()
                + "), not the secret itself"
                + (config.literalSecretsAllowed() ? "" : "; secrets do not belong in build files. " + Secrets.DISCLOSED));
    }

    /** Where this front end can say where the PIN comes from, e.g. "<signer><serverId> (a settings.xml server), ...". */
    private static String pinSources(SignerConfig config, boolean withUri) {
        List<String> ways = new ArrayList<>();
        if (config.describe("serverId") != null) {
            ways.add(config.describe("serverId") + " (a settings.xml server)");
        }
        if (config.describe("pin") != null) {
            ways.add(config.describe("pin") + " (" + config.secrets().referenceForms() + ")");
        }
        if (withUri || ways.isEmpty()) {
            ways.add("pin-source=env:NAME or pin-source=file:PATH in the PKCS#11 URI");
        }
        if (ways.size() == 1) {
            return ways.get(0);
        }
        return String.join(", ", ways.subList(0, ways.size() - 1)) + " or " + ways.get(ways.size() - 1);
    }

    /** The parameter as the front end spells it, or, when it has none, the URI part that stands for it. */
    private static String either(SignerConfig config, String parameter, String uriPart) {
        String named = config.describe(parameter);
        return named == null ? uriPart + " in the PKCS#11 URI" : named + " (or " + uriPart + " in the URI)";
    }

    private static String named(SignerConfig config, String parameter) {
        String named = config.describe(parameter);
        return named == null ? parameter : named;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static long parseSlot(String slot, String where) {
        try {
            return Long.parseLong(slot.trim());
        } catch (NumberFormatException e) {
            throw new SignerConfigException("pkcs11 signer: " + where + " must be a number, not '" + slot + "'");
        }
    }

    private static byte[] parseHex(String hex, SignerConfig config) {
        try {
            return HexFormat.of().parseHex(hex.replace(":", "").trim());
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException("pkcs11 signer: " + named(config, "keyId") + " must be hex, e.g. 01 or a1b2");
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
        throw new SignerConfigException("pkcs11 signer: " + named(config, "algorithm") + " '" + name
                + "' is not one of ed25519, ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072");
    }
}
