package org.zephyrsign.signer.command;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.zephyrsign.IoReasons;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerParameter;

/**
 * {@code command}: signs by running a command of the user's (a vendor HSM tool, {@code gcloud kms
 * asymmetric-sign}, {@code az keyvault key sign}, {@code openssl pkeyutl}) with placeholders for
 * what to sign and where the signature goes. Arguments are passed one by one, no shell unless
 * {@code shell} is true. On a command line: {@code -k command:FILE}, FILE a properties file with
 * these parameters.
 */
public final class CommandSignerBackend implements SignerBackend {
    static final String TYPE = "command";
    static final String COMMAND = "command";
    static final String PUBLIC_KEY = "publicKey";
    static final String PUBLIC_KEY_COMMAND = "publicKeyCommand";
    static final String SHELL = "shell";
    static final String TIMEOUT = "timeout";
    static final String SIGNATURE_ENCODING = "signatureEncoding";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "a command of yours signs (vendor HSM tool, cloud CLI, openssl pkeyutl), with placeholders";
    }

    @Override
    public List<SignerParameter> parameters() {
        return List.of(
                new SignerParameter(COMMAND, "the program and its arguments, split at spaces ('...' and \"...\" "
                        + "group); placeholders: {file} what to sign (the digest, or the image for pure Ed25519), "
                        + "{digestFile}, {digest} (hex), {digestBase64}, {hash} (sha256/sha384/sha512), {algorithm}, "
                        + "{signature} (where the command writes the signature; without it, its standard output is "
                        + "the signature)"),
                new SignerParameter(PUBLIC_KEY, "the key's public half (PEM)"),
                new SignerParameter(PUBLIC_KEY_COMMAND, "instead of publicKey: a command printing the public key PEM"),
                new SignerParameter(SHELL, "true: run the command through /bin/sh -c (placeholders are quoted); "
                        + "default false"),
                new SignerParameter(TIMEOUT, "seconds the command may take (default 120)"),
                new SignerParameter(SIGNATURE_ENCODING, "auto (default: base64 text or raw bytes; DER or r||s for "
                        + "ECDSA), base64, hex or raw"));
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return CommandSigner.open(config, log);
    }

    /** The command (hashed: it may hold more than it should) and the local public key; null with publicKeyCommand. */
    @Override
    public String keyIdentity(SignerConfig config) {
        if (config.get(PUBLIC_KEY) == null) {
            return null;
        }
        String command = config.require(COMMAND) + "|" + config.get(SHELL) + "|" + config.get(SIGNATURE_ENCODING);
        return TYPE + ", command " + HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(
                command.getBytes(StandardCharsets.UTF_8))).substring(0, 16) + ", public key " + HexFormat.of()
                .formatHex(PemKeys.publicKey(config.requirePath(PUBLIC_KEY)).keyHash(HashAlgorithm.SHA256));
    }

    /** {@code command:FILE}: the parameters from a properties file. */
    @Override
    public Map<String, String> fromKeyReference(String reference) {
        if (!reference.startsWith("command:")) {
            return null;
        }
        Path file = Path.of(reference.substring("command:".length()));
        byte[] bytes = IoReasons.readSmall(file, 64 * 1024,
                reason -> new SignerConfigException("command signer file " + file + ": " + reason));
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new SignerConfigException("command signer file " + file + ": not a properties file: "
                    + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        return m;
    }
}
