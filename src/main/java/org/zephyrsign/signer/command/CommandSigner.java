package org.zephyrsign.signer.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.DetachedSignature;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.remote.RemoteImageSigner;
import org.zephyrsign.signer.remote.RemoteKeys;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.RemoteTarget;

/**
 * Runs the user's signing command once per signature: writes what to sign to temporary files,
 * fills the placeholders, waits at most the timeout, and reads the signature from the
 * {@code {signature}} file or the standard output. A failure quotes the command's last stderr
 * lines and exit status in one line. The signature is verified against the public key like every
 * remote signer's.
 */
final class CommandSigner extends RemoteImageSigner {
    private static final int MAX_OUTPUT = 1 << 20;

    private final List<String> command;
    private final boolean shell;
    private final long timeoutSeconds;
    private final String encoding;

    private CommandSigner(RemoteTarget target, McubootPublicKey key, List<String> command, boolean shell,
            long timeoutSeconds, String encoding) {
        super(target, key);
        this.command = command;
        this.shell = shell;
        this.timeoutSeconds = timeoutSeconds;
        this.encoding = encoding;
    }

    static CommandSigner open(SignerConfig config, SignerLog log) {
        String text = config.require(CommandSignerBackend.COMMAND);
        List<String> command = split(text);
        if (command.isEmpty()) {
            throw new SignerConfigException("command signer: " + name(config, CommandSignerBackend.COMMAND)
                    + " is empty");
        }
        String shellValue = config.get(CommandSignerBackend.SHELL);
        if (shellValue != null && !shellValue.equals("true") && !shellValue.equals("false")) {
            throw new SignerConfigException("command signer: " + name(config, CommandSignerBackend.SHELL)
                    + " must be true or false");
        }
        boolean shell = "true".equals(shellValue);
        long timeout = 120;
        if (config.get(CommandSignerBackend.TIMEOUT) != null) {
            try {
                timeout = Long.parseLong(config.get(CommandSignerBackend.TIMEOUT));
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 1 || timeout > 86400) {
                throw new SignerConfigException("command signer: " + name(config, CommandSignerBackend.TIMEOUT)
                        + " must be whole seconds from 1 to 86400");
            }
        }
        String encoding = config.get(CommandSignerBackend.SIGNATURE_ENCODING) == null ? "auto"
                : config.get(CommandSignerBackend.SIGNATURE_ENCODING).toLowerCase(Locale.ROOT);
        if (!List.of("auto", "base64", "hex", "raw").contains(encoding)) {
            throw new SignerConfigException("command signer: " + name(config, CommandSignerBackend.SIGNATURE_ENCODING)
                    + " must be auto, base64, hex or raw");
        }
        RemoteTarget target = new RemoteTarget(CommandSignerBackend.TYPE, "command '" + command.get(0) + "'", null);
        McubootPublicKey key;
        if (config.get(CommandSignerBackend.PUBLIC_KEY) != null) {
            try {
                key = PemKeys.publicKey(config.requirePath(CommandSignerBackend.PUBLIC_KEY));
            } catch (KeyException e) {
                throw new SignerConfigException("command signer: " + name(config, CommandSignerBackend.PUBLIC_KEY)
                        + ": " + e.getMessage());
            }
        } else if (config.get(CommandSignerBackend.PUBLIC_KEY_COMMAND) != null) {
            List<String> pubCommand = split(config.get(CommandSignerBackend.PUBLIC_KEY_COMMAND));
            RemoteTarget pubTarget = new RemoteTarget(CommandSignerBackend.TYPE, "public key command '"
                    + (pubCommand.isEmpty() ? "" : pubCommand.get(0)) + "'", null);
            byte[] out = run(pubTarget, shell ? List.of("/bin/sh", "-c", String.join(" ", pubCommand)) : pubCommand,
                    timeout, null);
            key = RemoteKeys.fromPem(pubTarget, new String(out, StandardCharsets.US_ASCII));
        } else {
            throw new SignerConfigException("command signer: " + name(config, CommandSignerBackend.PUBLIC_KEY) + " or "
                    + name(config, CommandSignerBackend.PUBLIC_KEY_COMMAND) + " is required: every signature is "
                    + "checked against the public key");
        }
        log.info("Signing with " + target.key() + " (" + key + ")");
        return new CommandSigner(target, key, command, shell, timeout, encoding);
    }

    @Override
    protected byte[] signRemotely(SigningRequest request) {
        Path work;
        try {
            work = Files.createTempDirectory("zephyr-sign-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path file = work.resolve("to-sign.bin");
            Path digestFile = work.resolve("digest.bin");
            Path signature = work.resolve("signature.bin");
            Files.write(file, request.message());
            Files.write(digestFile, request.digest());
            SignatureAlgorithm alg = publicKey().algorithm();
            boolean toFile = false;
            List<String> argv = new ArrayList<>();
            for (String arg : command) {
                toFile |= arg.contains("{signature}");
                argv.add(arg.replace("{file}", quote(file.toString()))
                        .replace("{digestFile}", quote(digestFile.toString()))
                        .replace("{digestBase64}", Base64.getEncoder().encodeToString(request.digest()))
                        .replace("{digest}", HexFormat.of().formatHex(request.digest()))
                        .replace("{hash}", "sha" + request.hash().bits())
                        .replace("{algorithm}", alg.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .replace("{signature}", quote(signature.toString())));
            }
            List<String> process = shell ? List.of("/bin/sh", "-c", String.join(" ", argv)) : argv;
            byte[] stdout = run(target(), process, timeoutSeconds, work);
            byte[] raw;
            if (toFile) {
                if (!Files.isRegularFile(signature) || Files.size(signature) == 0) {
                    throw target().failure(Kind.COMMAND_FAILED, "it wrote no signature to {signature}");
                }
                raw = Files.readAllBytes(signature);
            } else {
                raw = stdout;
            }
            return decode(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(work);
        }
    }

    private String quote(String s) {
        return shell ? "'" + s.replace("'", "'\\''") + "'" : s;
    }

    private byte[] decode(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
        try {
            return switch (encoding) {
                case "base64" -> Base64.getMimeDecoder().decode(text);
                case "hex" -> HexFormat.of().parseHex(text.replaceAll("\\s", "").toLowerCase(Locale.ROOT));
                case "raw" -> raw;
                default -> DetachedSignature.decode(raw);
            };
        } catch (IllegalArgumentException e) {
            throw target().failure(Kind.MALFORMED_RESPONSE, "the signature is not " + encoding);
        }
    }

    /** Runs it with stdin closed; stdout is returned, a failure quotes stderr's last lines. */
    static byte[] run(RemoteTarget target, List<String> argv, long timeoutSeconds, Path directory) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw target.failure(Kind.COMMAND_FAILED, "cannot start " + argv.get(0) + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readBounded(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(p.getErrorStream()));
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw target.failure(Kind.COMMAND_FAILED, "it did not finish within " + timeoutSeconds
                        + " s and was stopped" + tail(err.getNow(new byte[0])));
            }
            byte[] stdout = out.get(10, TimeUnit.SECONDS);
            byte[] stderr = err.get(10, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw target.failure(Kind.COMMAND_FAILED, "exit status " + p.exitValue() + tail(stderr));
            }
            return stdout;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw target.failure(Kind.COMMAND_FAILED, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw target.failure(Kind.COMMAND_FAILED, "its output could not be read");
        }
    }

    /**
     * "; stderr: FIRST | ... | LAST" from the command's error output (tools say what went wrong
     * first and sum up last; the middle is often a trace), or "".
     */
    private static String tail(byte[] stderr) {
        List<String> lines = new ArrayList<>();
        for (String l : new String(stderr, StandardCharsets.UTF_8).split("\\R")) {
            if (!l.isBlank()) {
                lines.add(l.strip());
            }
        }
        if (lines.isEmpty()) {
            return "";
        }
        String quoted = lines.size() == 1 ? lines.get(0) : lines.get(0) + (lines.size() > 2 ? " | ... | " : " | ")
                + lines.get(lines.size() - 1);
        return "; stderr: " + quoted;
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (out.size() < MAX_OUTPUT) {
                    out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Splits at whitespace; '...' and "..." group (no escapes inside single quotes, \" and \\ inside double). */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"'
                        || text.charAt(i + 1) == '\\')) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new SignerConfigException("command signer: unbalanced " + quote + " in the command");
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind holds no secret (digest and signature only)
        }
    }

    private static String name(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }
}
