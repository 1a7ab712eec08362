package org.zephyrsign.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run of every command, for the class-data sharing archive the {@code zephyr-sign} launcher
 * starts the command line with ({@code -XX:ArchiveClassesAtExit}): the classes a run loads are
 * archived, so later runs map them instead of reading, parsing and verifying them. Uses keys it
 * makes itself, in a temporary directory it removes; prints nothing. Not a user command.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("zephyr-sign-cds");
        try {
            run(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(Path dir) throws Exception {
        Path firmware = Files.write(dir.resolve("app.bin"), new byte[64 * 1024]);
        Path hex = dir.resolve("app.hex");
        Path ed25519 = pem(dir.resolve("ed25519.pem"), KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        Path p256 = pem(dir.resolve("p256.pem"), ec.generateKeyPair());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsa2048 = pem(dir.resolve("rsa.pem"), rsa.generateKeyPair());
        for (Path key : List.of(ed25519, p256, rsa2048)) {
            Path signed = dir.resolve("signed.bin");
            cli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x20000", "-v", "1.0.0", "-k",
                    key.toString(), firmware.toString(), signed.toString());
            cli("verify", "-k", key.toString(), signed.toString());
            cli("dumpinfo", signed.toString());
            cli("dumpinfo", "-f", "json", signed.toString());
            cli("getpub", "-k", key.toString());
            cli("getpubhash", "-k", key.toString());
            cli("keyinfo", "-k", key.toString());
        }
        cli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x20000", "-v", "1.0.0", "--pad",
                "--confirm", "-x", "0x10000", "-k", ed25519.toString(), firmware.toString(), hex.toString());
        cli("verify", "-k", ed25519.toString(), hex.toString());
        Path compressed = dir.resolve("compressed.bin");
        cli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x20000", "-v", "1.0.0", "--compression",
                "lzma2", "-k", ed25519.toString(), firmware.toString(), compressed.toString());
        cli("verify", "-k", ed25519.toString(), compressed.toString());
        cli(2, "sign", "--no-such-option"); // the error path
    }

    private static Path pem(Path file, KeyPair pair) throws IOException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded());
        return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
    }

    private static void cli(String... args) {
        cli(0, args);
    }

    /** Runs one command; a training run that fails would leave its classes out of the archive. */
    private static void cli(int expectedExitCode, String... args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int code = Main.run(args, nowhere, nowhere);
        if (code != expectedExitCode) {
            throw new IllegalStateException("training run " + String.join(" ", args) + " exited " + code);
        }
    }
}
