package org.zephyrsign.signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.zephyrsign.IoReasons;

/**
 * Resolves secret references, never secret values: {@code env:NAME} (an environment variable),
 * {@code file:PATH} (first line of a file) and {@code mvn:SERVER_ID} (the password of a
 * settings.xml server, decrypted by Maven; only where a front end supplies it). A literal is
 * refused so that a PIN cannot end up in a POM. Messages name the reference, never the value.
 */
public final class Secrets {
    /** Looks up settings.xml server passwords; the Maven front end provides it. */
    @FunctionalInterface
    public interface ServerPasswords {
        /** The decrypted password of server {@code id}, or null when there is no such server. */
        char[] password(String id);
    }

    /** Said whenever a PIN turns up written in a build file: refusing it comes too late to keep it secret. */
    public static final String DISCLOSED = "A PIN written in a build file must be treated as disclosed (Maven "
            + "prints the plugin configuration with -X, before any plugin can refuse it): change it on the token";

    /** A secret file is one line; anything this large is not one. */
    private static final int MAX_SECRET_FILE = 64 * 1024;

    private final Map<String, String> environment;
    private final ServerPasswords servers;
    private final Path baseDirectory;

    /**
     * @param servers settings.xml passwords, or null outside Maven
     * @param baseDirectory what a relative {@code file:} path is relative to
     */
    public Secrets(Map<String, String> environment, ServerPasswords servers, Path baseDirectory) {
        this.environment = environment;
        this.servers = servers;
        this.baseDirectory = baseDirectory;
    }

    /** The process environment, no settings.xml, paths from the working directory: what the command line has. */
    public static Secrets fromEnvironment() {
        return new Secrets(System.getenv(), null, Path.of("").toAbsolutePath());
    }

    /**
     * An environment variable a backend reads by convention ({@code VAULT_ADDR}, {@code HTTPS_PROXY}),
     * from the same environment {@code env:} references read; null when unset or empty.
     */
    public String environmentVariable(String name) {
        String v = environment.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Whether the value says where a secret is ({@code env:}, {@code file:}, {@code mvn:}) rather than being one. */
    public static boolean isReference(String value) {
        return value.startsWith("env:") || value.startsWith("file:") || value.startsWith("mvn:");
    }

    /** The reference forms this front end resolves, for messages: "env:NAME, file:PATH or mvn:SERVER_ID". */
    public String referenceForms() {
        return servers == null ? "env:NAME or file:PATH" : "env:NAME, file:PATH or mvn:SERVER_ID";
    }

    /**
     * @param what how the front end names the parameter, for messages ("<signer><pin>")
     * @throws SignerConfigException when the reference is no reference or names nothing usable
     */
    public char[] resolve(String reference, String what) {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                throw new SignerConfigException(what + ": environment variable " + name + " is not set");
            }
            return value.toCharArray();
        }
        if (reference.startsWith("file:")) {
            Path file = baseDirectory.resolve(reference.substring(5));
            byte[] bytes = IoReasons.readSmall(file, MAX_SECRET_FILE,
                    reason -> new SignerConfigException(what + ": secret file " + file + ": " + reason));
            String content = new String(bytes, StandardCharsets.UTF_8);
            int eol = content.indexOf('\n');
            String first = (eol < 0 ? content : content.substring(0, eol)).replace("\r", "");
            if (first.isEmpty()) {
                throw new SignerConfigException(what + ": secret file " + file + " is empty");
            }
            return first.toCharArray();
        }
        if (reference.startsWith("mvn:")) {
            String id = reference.substring(4);
            if (servers == null) {
                throw new SignerConfigException(what + ": mvn:" + id + " works only inside Maven; use env: or file:");
            }
            char[] password = servers.password(id);
            if (password == null) {
                throw new SignerConfigException(what + ": no <server> with id '" + id
                        + "' and a password in settings.xml");
            }
            return password;
        }
        throw new SignerConfigException(what + " must be a reference (" + referenceForms()
                + "), not the secret itself; secrets do not belong in build files");
    }
}
