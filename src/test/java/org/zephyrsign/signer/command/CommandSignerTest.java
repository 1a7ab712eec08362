package org.zephyrsign.signer.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.vectors.Vectors;

/** The {@code command} signer running the real {@code openssl pkeyutl} over the vectors' PEM keys. */
class CommandSignerTest {
    @TempDir
    Path dir;

    static String key(String name) {
        return Vectors.path("keys/" + name + ".pem").toString();
    }

    private Path props(String name, Map<String, String> p) throws Exception {
        StringBuilder s = new StringBuilder();
        p.forEach((k, v) -> s.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path f = dir.resolve(name + ".properties");
        Files.writeString(f, s.toString());
        return f;
    }

    private Vectors.Run signCase(String name, String reference, Path out) {
        JsonObject c = Vectors.list("cases").stream().filter(o -> o.get("name").getAsString().equals(name))
                .findFirst().orElseThrow();
        List<String> args = new ArrayList<>(Vectors.strings(c.getAsJsonArray("args")));
        args.set(args.indexOf("-k") + 1, reference);
        return Vectors.run(args, List.of(args.get(args.size() - 1)), out);
    }

    @Test
    void opensslPkeyutlSignsEveryAlgorithmThroughTheCli() throws Exception {
        record Case(String name, String key, String command) { }
        String ecdsa = "openssl pkeyutl -sign -inkey %s -in {digestFile} -out {signature}";
        String rsa = "openssl pkeyutl -sign -inkey %s -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 "
                + "-pkeyopt digest:sha256 -in {digestFile} -out {signature}";
        String ed = "openssl pkeyutl -sign -inkey %s -rawin -in {file} -out {signature}";
        for (Case c : List.of(new Case("ed25519-basic", "ed25519", ed), new Case("ed25519-pure", "ed25519", ed),
                new Case("ecdsa-p256", "ecdsa-p256", ecdsa), new Case("ecdsa-p384", "ecdsa-p384", ecdsa),
                new Case("rsa-2048", "rsa-2048", rsa), new Case("rsa-3072", "rsa-3072", rsa))) {
            Path f = props(c.name(), Map.of("command", String.format(c.command(), key(c.key())),
                    "publicKeyCommand", "openssl pkey -in " + key(c.key()) + " -pubout"));
            Path out = Files.createDirectories(dir.resolve(c.name()));
            Vectors.Run run = signCase(c.name(), "command:" + f, out);
            assertEquals(0, run.exitCode(), c.name() + ": " + run.stderr());
            Path signed = out.resolve("signed.bin");
            Vectors.Run verify = Vectors.runCli("verify", "-k", Vectors.path("keys/" + c.key() + ".pub.pem").toString(),
                    signed.toString());
            assertEquals(0, verify.exitCode(), c.name() + ": " + verify.stderr());
            if (c.key().equals("ed25519")) {
                // Ed25519 is deterministic: the same bytes imgtool wrote with the same key.
                assertArrayEquals(Vectors.bytes("cases/" + c.name() + "/signed.bin"), Files.readAllBytes(signed));
            }
        }
    }

    private SignerConfig config(Map<String, String> p) {
        return new SignerConfig(SignerBackends.of("command"), p, new SignerConfig.Context(n -> "<signer><" + n + ">",
                new Secrets(Map.of(), null, dir), false, dir));
    }

    private byte[] sign(SignerConfig c) {
        try (ImageSigner s = c.backend().open(c, SignerLog.NONE)) {
            byte[] d = HashAlgorithm.SHA256.digest("fw".getBytes());
            return s.sign(new SigningRequest(s.publicKey().algorithm(), HashAlgorithm.SHA256, d, d, false));
        }
    }

    @Test
    void signatureOnStandardOutputInBase64ThroughAShellWhenAsked() {
        Map<String, String> p = new HashMap<>(Map.of("command", "openssl pkeyutl -sign -inkey " + key("ecdsa-p256")
                + " -in {digestFile} | base64", "shell", "true", "publicKey",
                Vectors.path("keys/ecdsa-p256.pub.pem").toString()));
        assertTrue(sign(config(p)).length > 64);
        p.put("signatureEncoding", "base64");
        sign(config(p));
    }

    @Test
    void noShellUnlessAsked() {
        Path marker = dir.resolve("marker");
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> sign(config(Map.of(
                "command", "echo {digest} > " + marker, "publicKey", Vectors.path("keys/ecdsa-p256.pub.pem").toString()))));
        assertEquals(Kind.MALFORMED_RESPONSE, e.kind(), e.getMessage());
        assertFalse(Files.exists(marker), "'>' went to echo as an argument, not to a shell");
    }

    @Test
    void failureQuotesStderrAndExitStatus() {
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> sign(config(Map.of(
                "command", "openssl pkeyutl -sign -inkey " + dir.resolve("missing.pem") + " -in {digestFile}",
                "publicKey", Vectors.path("keys/ecdsa-p256.pub.pem").toString()))));
        assertEquals(Kind.COMMAND_FAILED, e.kind());
        assertTrue(e.getMessage().startsWith("command signer, command 'openssl': the signing command failed (exit "
                + "status 1; stderr: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        RemoteSignerException notFound = assertThrows(RemoteSignerException.class, () -> sign(config(Map.of(
                "command", "no-such-signing-tool {file}", "publicKey", Vectors.path("keys/ecdsa-p256.pub.pem")
                        .toString()))));
        assertTrue(notFound.getMessage().contains("cannot start no-such-signing-tool"), notFound.getMessage());
    }

    @Test
    void timeoutStopsTheCommand() {
        long start = System.nanoTime();
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> sign(config(Map.of(
                "command", "sleep 30", "timeout", "1", "publicKey", Vectors.path("keys/ecdsa-p256.pub.pem").toString()))));
        assertEquals(Kind.COMMAND_FAILED, e.kind());
        assertTrue(e.getMessage().contains("did not finish within 1 s and was stopped"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        RemoteSignerException e = assertThrows(RemoteSignerException.class, () -> sign(config(Map.of(
                "command", "openssl pkeyutl -sign -inkey " + key("enc-ec256") + " -in {digestFile} -out {signature}",
                "publicKey", Vectors.path("keys/ecdsa-p256.pub.pem").toString()))));
        assertEquals(Kind.SIGNATURE_INVALID, e.kind(), e.getMessage());
    }

    @Test
    void splitsLikeAShellWithoutOne() {
        assertEquals(List.of("a", "b c", "d\"e", "", "f'g"), CommandSigner.split("a 'b c' \"d\\\"e\" '' \"f'g\""));
        assertThrows(SignerConfigException.class, () -> CommandSigner.split("a 'b"));
        assertThrows(SignerConfigException.class, () -> sign(config(Map.of("command", "true"))));
    }
}
