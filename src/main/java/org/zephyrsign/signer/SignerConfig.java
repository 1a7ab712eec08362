package org.zephyrsign.signer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A signer's parameters by name, as a front end collected them, with what that front end brings:
 * how it names a parameter to its users ({@code <signer><keyFile>} in a POM, {@code -k} on the
 * command line) so a problem is reported in their words, where secrets come from, and what a
 * relative path is relative to. A parameter the backend does not take is refused at once.
 */
public final class SignerConfig {
    /**
     * What the front end brings.
     *
     * @param describe how the front end spells a parameter ({@code <signer><keyFile>
     *     (-Dzephyr.signer.keyFile)}); null for a parameter it has no spelling of its own for (a
     *     command line gives only a key reference, whose parts stand for the parameters)
     */
    public record Context(Function<String, String> describe, Secrets secrets, boolean literalSecretsAllowed,
            Path baseDirectory, List<Proxy> proxies) {
        public Context {
            proxies = proxies == null ? List.of() : List.copyOf(proxies);
        }

        /** A front end with no proxy settings of its own (remote signers then read HTTPS_PROXY/NO_PROXY). */
        public Context(Function<String, String> describe, Secrets secrets, boolean literalSecretsAllowed,
                Path baseDirectory) {
            this(describe, secrets, literalSecretsAllowed, baseDirectory, List.of());
        }
    }

    /**
     * A proxy the front end knows of (Maven's settings.xml {@code <proxy>}, active ones only), for
     * the remote signers.
     *
     * @param protocol "http" or "https": which requests it carries (as Maven has it)
     * @param nonProxyHosts hosts reached directly, '|'-separated, '*' wildcards; null for none
     */
    public record Proxy(String protocol, String host, int port, String nonProxyHosts) {
    }

    private final SignerBackend backend;
    private final Map<String, String> parameters;
    private final Context context;

    public SignerConfig(SignerBackend backend, Map<String, String> parameters, Context context) {
        this.backend = backend;
        this.parameters = new TreeMap<>(parameters);
        this.context = context;
        List<String> known = new ArrayList<>();
        backend.parameters().forEach(p -> known.add(p.name()));
        for (String name : this.parameters.keySet()) {
            if (!known.contains(name)) {
                throw new SignerConfigException(backend.type() + " signer: " + named(name)
                        + " is not one of its parameters; they are: " + String.join(", ", known));
            }
        }
    }

    public SignerBackend backend() {
        return backend;
    }

    /** Whether a secret may be given literally (a command line), never in build files. */
    public boolean literalSecretsAllowed() {
        return context.literalSecretsAllowed();
    }

    /** The value, trimmed; null when unset or blank. */
    public String get(String name) {
        String v = parameters.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String require(String name) {
        String v = get(name);
        if (v == null) {
            throw new SignerConfigException(backend.type() + " signer: " + named(name) + " is required");
        }
        return v;
    }

    /** A path parameter, resolved against the front end's base directory (the project, the working directory). */
    public Path requirePath(String name) {
        return path(require(name));
    }

    /** A path the user wrote, resolved against the front end's base directory. */
    public Path path(String value) {
        return context.baseDirectory().resolve(value);
    }

    /** How the front end names a parameter, for messages; null when it has no spelling for it. */
    public String describe(String name) {
        return context.describe().apply(name);
    }

    private String named(String name) {
        String described = describe(name);
        return described == null ? name : described;
    }

    public Secrets secrets() {
        return context.secrets();
    }

    /** The front end's proxies; empty when it has none (then the environment's apply). */
    public List<Proxy> proxies() {
        return context.proxies();
    }
}
