package org.zephyrsign.signer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
     * @param what how the front end names the parameter, for messages ("<signer><pin>")
     */
    public char[] resolve(String reference, String what) {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                throw new SignerException(what + ": environment variable " + name + " is not set");
            }
            return value.toCharArray();
        }
        if (reference.startsWith("file:")) {
            Path file = baseDirectory.resolve(reference.substring(5));
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                int eol = content.indexOf('\n');
                String first = (eol < 0 ? content : content.substring(0, eol)).replace("\r", "");
                if (first.isEmpty()) {
                    throw new SignerException(what + ": secret file " + file + " is empty");
                }
                return first.toCharArray();
            } catch (IOException e) {
                throw new SignerException(what + ": cannot read secret file " + file);
            }
        }
        if (reference.startsWith("mvn:")) {
            String id = reference.substring(4);
            char[] password = servers == null ? null : servers.password(id);
            if (servers == null) {
                throw new SignerException(what + ": mvn:" + id + " works only inside Maven; use env: or file:");
            }
            if (password == null) {
                throw new SignerException(what + ": no <server> with id '" + id + "' and a password in settings.xml");
            }
            return password;
        }
        throw new SignerException(what + " must be a reference (env:NAME, file:PATH or mvn:SERVER_ID), "
                + "not the secret itself; secrets do not belong in build files");
    }
}
