package org.zephyrsign.signer;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A signer's parameters by name, as a front end collected them, plus the way that front end
 * names a parameter to its users ({@code <signer><keyFile>} in a POM, {@code -k} on the command
 * line), so a missing one is reported in their words.
 */
public final class SignerConfig {
    private final SignerType type;
    private final Map<String, String> parameters;
    private final Function<String, String> describe;
    private final Secrets secrets;
    private final boolean literalSecretsAllowed;

    /**
     * @param literalSecretsAllowed true only for a command line, where a secret typed by the user
     *     (an RFC 7512 pin-value) is theirs to give; never for build files
     */
    public SignerConfig(SignerType type, Map<String, String> parameters, Function<String, String> describe,
            Secrets secrets, boolean literalSecretsAllowed) {
        this.type = type;
        this.parameters = new TreeMap<>(parameters);
        this.describe = describe;
        this.secrets = secrets;
        this.literalSecretsAllowed = literalSecretsAllowed;
    }

    public boolean literalSecretsAllowed() {
        return literalSecretsAllowed;
    }

    public SignerType type() {
        return type;
    }

    public String get(String name) {
        String v = parameters.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String require(String name) {
        String v = get(name);
        if (v == null) {
            throw new SignerException(type.id() + " signer: " + describe.apply(name) + " is required");
        }
        return v;
    }

    public Path requirePath(String name) {
        return Path.of(require(name));
    }

    /** How the front end names a parameter, for messages. */
    public String describe(String name) {
        return describe.apply(name);
    }

    public Secrets secrets() {
        return secrets;
    }
}
