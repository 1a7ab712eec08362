package org.zephyrsign.signer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/** The signer backends on the class path, found once. */
public final class SignerBackends {
    private static final List<SignerBackend> ALL = load();

    private SignerBackends() {
    }

    private static List<SignerBackend> load() {
        // The class loader that loaded this class, not the thread's: inside Maven that is the
        // plugin's realm, where the service entries are.
        List<SignerBackend> backends = new ArrayList<>();
        ServiceLoader.load(SignerBackend.class, SignerBackend.class.getClassLoader()).forEach(backends::add);
        return List.copyOf(backends);
    }

    public static List<SignerBackend> all() {
        return ALL;
    }

    /** The backend of this type; an unknown one fails with the list of valid types. */
    public static SignerBackend of(String type) {
        String wanted = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        for (SignerBackend b : ALL) {
            if (b.type().equals(wanted)) {
                return b;
            }
        }
        throw new SignerException("unknown signer type '" + type + "'; valid types: " + types());
    }

    /** "pem, detached, pkcs11". */
    public static String types() {
        return String.join(", ", ALL.stream().map(SignerBackend::type).toList());
    }

    /**
     * The signer a command line's {@code -k} value names: whatever backend claims it (a
     * {@code pkcs11:} URI), else a PEM key file (optionally written {@code pem:PATH}).
     */
    public static SignerConfig fromKeyReference(String reference, SignerConfig.Context context) {
        for (SignerBackend b : ALL) {
            Map<String, String> parameters = b.fromKeyReference(reference);
            if (parameters != null) {
                return new SignerConfig(b, parameters, context);
            }
        }
        String path = reference.startsWith("pem:") ? reference.substring(4) : reference;
        return new SignerConfig(of(PemSignerBackend.TYPE), Map.of(PemSignerBackend.KEY_FILE, path), context);
    }
}
