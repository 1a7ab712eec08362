package org.zephyrsign.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.vectors.Vectors;

/**
 * Every key file a user may hand over by mistake is refused with one line naming the file and what
 * is wrong, never a parser's exception; and the PEM forms imgtool reads are read, giving the public
 * key openssl derives. The files and how they were made: src/test/resources/keys/README.md.
 */
class PemKeysTest {
    /** Where the refusal may name a path: %s is the file as given. */
    static final Map<String, String> BROKEN = Map.ofEntries(
            Map.entry("truncated.pem", "the PRIVATE KEY block at line 1 has no -----END PRIVATE KEY----- line; is "
                    + "the file truncated?"),
            Map.entry("private-key-armored-as-public.pem", "the PUBLIC KEY block at line 1 is not a valid public key "
                    + "(SubjectPublicKeyInfo)"),
            Map.entry("end-line-mismatch.pem", "the PRIVATE KEY block at line 1 ends with '-----END PUBLIC KEY-----' at "
                    + "line 5"),
            Map.entry("garbage-base64.pem", "the PRIVATE KEY block at line 1 is not valid base64"),
            Map.entry("not-pkcs8.pem", "the PRIVATE KEY block at line 1 is not a valid PKCS#8 private key"),
            Map.entry("empty-block.pem", "the PRIVATE KEY block at line 1 is empty"),
            Map.entry("certificate.pem", "holds no key, only CERTIFICATE; a certificate is not a key file (its public "
                    + "key: openssl x509 -in %s -pubkey -noout)"),
            Map.entry("encrypted-pkcs8.pem", "the key is password-protected; development keys must be unencrypted PEM, "
                    + "production keys belong in an HSM or key vault signer"),
            Map.entry("encrypted-sec1.pem", "the key is password-protected; development keys must be unencrypted PEM, "
                    + "production keys belong in an HSM or key vault signer"),
            Map.entry("secp256k1.pem", "holds an EC key on curve secp256k1 (1.3.132.0.10); " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("p521.pem", "holds an EC key on curve secp521r1 (1.3.132.0.35); " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("p521.pub.pem", "holds an EC key on curve secp521r1 (1.3.132.0.35); " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("p256-explicit.pem", "the EC key spells out its curve parameters instead of naming the curve; "
                    + "imgtool refuses such keys too. Rewrite it with the curve's name: openssl pkey -in %s "
                    + "-ec_param_enc named_curve -out NEW.pem"),
            Map.entry("p256-explicit.pub.pem", "the EC key spells out its curve parameters instead of naming the "
                    + "curve; imgtool refuses such keys too. Rewrite it with the curve's name: openssl pkey -pubin -in "
                    + "%s -ec_param_enc named_curve -out NEW.pem"),
            Map.entry("p384-explicit.pem", "the EC key spells out its curve parameters instead of naming the curve; "
                    + "imgtool refuses such keys too. Rewrite it with the curve's name: openssl pkey -in %s "
                    + "-ec_param_enc named_curve -out NEW.pem"),
            Map.entry("dsa.pem", "holds a DSA key; " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("dsa.pub.pem", "holds a DSA key; " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("x448.pem", "holds an X448 key; " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("ed448.pem", "holds an Ed448 key; " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("rsa-1024.pem", "holds an RSA-1024 key; " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("rsa-4096.pub.pem", "holds an RSA-4096 key; " + KeyTypes.MCUBOOT_KEYS),
            Map.entry("dh-parameters.pem", "holds no key, only DH PARAMETERS"),
            Map.entry("two-keys.pem", "holds 2 keys (PRIVATE KEY at line 1, PRIVATE KEY at line 6); a key file must "
                    + "hold exactly one"),
            Map.entry("public-and-private.pem", "holds 2 keys (PUBLIC KEY at line 1, PRIVATE KEY at line 5); a key "
                    + "file must hold exactly one"),
            Map.entry("public-half-of-another-key.pem", "the public key stored in the EC PRIVATE KEY block at line 1 "
                    + "does not belong to its private key; the file is damaged"),
            Map.entry("empty.pem", "is empty"),
            Map.entry("text.txt", "holds no PEM block (a line -----BEGIN ... KEY-----)"),
            Map.entry("ecdsa-p256.der", "holds no PEM block; it looks like DER (binary). Convert it: openssl pkey "
                    + "-inform DER -in %s -out KEY.pem"),
            Map.entry("openssh-ed25519.pem", "holds an OPENSSH PRIVATE KEY block, which is not a key format imgtool "
                    + "reads (PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY or PUBLIC KEY)"));

    /** A Java class name (package-qualified) or an exception's name: what no message may carry. */
    static final Pattern JAVA_NAMES = Pattern.compile("Exception|\\b(java|javax|org|sun)\\.[a-z]+\\.|\\$");

    @TempDir
    Path tmp;

    static Path dir(String name) {
        try {
            return Path.of(PemKeysTest.class.getResource("/keys/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String expected(String file, Path path) {
        return "key file " + path + ": " + String.format(BROKEN.get(file), path);
    }

    @Test
    void theTableCoversEveryBrokenKeyFile() throws IOException {
        try (Stream<Path> files = Files.list(dir("broken"))) {
            assertEquals(new TreeSet<>(BROKEN.keySet()),
                    new TreeSet<>(files.map(p -> p.getFileName().toString()).toList()));
        }
    }

    /** Every way of reading a key refuses each file with the same one line. */
    @TestFactory
    Stream<DynamicTest> brokenKeysAreRefusedWithOnePlainLine() {
        Map<String, Function<Path, Object>> readers = Map.of(
                "PemKeys.read", PemKeys::read,
                "PemKeys.publicKey", PemKeys::publicKey,
                "EncryptionKey.fromPem", EncryptionKey::fromPem,
                "PemKeySigner.open", p -> PemKeySigner.open(p, SignerLog.NONE));
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : new TreeSet<>(BROKEN.keySet())) {
            for (Map.Entry<String, Function<Path, Object>> reader : new java.util.TreeMap<>(readers).entrySet()) {
                tests.add(DynamicTest.dynamicTest(file + " / " + reader.getKey(), () -> {
                    Path path = dir("broken").resolve(file);
                    KeyException e = assertThrows(KeyException.class, () -> reader.getValue().apply(path));
                    assertEquals(expected(file, path), e.getMessage());
                    assertFalse(JAVA_NAMES.matcher(e.getMessage()).find(), e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                }));
            }
        }
        return tests.stream();
    }

    /** The forms imgtool reads (SEC1 without its public key, after EC PARAMETERS, PKCS#1, CRLF...). */
    @TestFactory
    Stream<DynamicTest> acceptedFormsGiveThePublicKeyOpensslDerives() throws IOException {
        List<Path> keys;
        try (Stream<Path> files = Files.list(dir("accepted"))) {
            keys = files.filter(p -> !p.getFileName().toString().endsWith(".expected.pub.pem")).sorted().toList();
        }
        assertEquals(7, keys.size());
        return keys.stream().map(key -> DynamicTest.dynamicTest(key.getFileName().toString(), () -> {
            String name = key.getFileName().toString();
            Path expected = key.resolveSibling(name.substring(0, name.length() - 4) + ".expected.pub.pem");
            assertEquals(Files.readString(expected), PemKeys.publicKey(key).pem());
        }));
    }

    @Test
    void aSec1KeyWithoutItsPublicHalfSigns() {
        PemKeySigner signer = PemKeySigner.open(dir("accepted").resolve("sec1-without-public-key.pem"), SignerLog.NONE);
        assertEquals(PemKeys.publicKey(dir("accepted").resolve("sec1-without-public-key.expected.pub.pem")),
                signer.publicKey());
    }

    @Test
    void filesThatCannotBeReadSayWhy() throws Exception {
        Path missing = tmp.resolve("missing.pem");
        assertEquals("key file " + missing + ": no such file", refusal(missing));
        assertEquals("key file " + tmp + ": is a directory", refusal(tmp));
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals("key file " + file.resolve("k.pem") + ": " + file + " is not a directory",
                refusal(file.resolve("k.pem")));
        Path huge = tmp.resolve("huge.pem");
        try (var channel = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 64L << 20); // sparse: 64 MiB
        }
        assertEquals("key file " + huge + ": larger than 1048576 bytes; not the kind of file expected here",
                refusal(huge));
        Path fifo = tmp.resolve("fifo.pem");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        assertEquals("key file " + fifo + ": is a named pipe (FIFO), not a regular file", refusal(fifo)); // no hang
    }

    private static String refusal(Path path) {
        return assertThrows(KeyException.class, () -> PemKeys.read(path)).getMessage();
    }

    @Test
    void keysOfTheWrongKindForTheirUseSaySo() {
        Path x25519 = Vectors.path("keys/enc-x25519.pem");
        assertEquals("key file " + x25519 + ": unsupported key type X25519; MCUboot signs with Ed25519, ECDSA "
                + "P-256/P-384 or RSA-2048/3072", assertThrows(KeyException.class, () -> PemKeys.publicKey(x25519))
                        .getMessage());
        Path p384 = Vectors.path("keys/ecdsa-p384.pem");
        assertEquals("encryption key " + p384 + " is EC P-384; MCUboot encrypts for X25519, EC P-256 or RSA-2048 "
                + "keys", assertThrows(KeyException.class, () -> EncryptionKey.fromPem(p384)).getMessage());
        Path rsa3072 = Vectors.path("keys/rsa-3072.pub.pem");
        assertEquals("encryption key " + rsa3072 + " is RSA-3072; MCUboot encrypts for X25519, EC P-256 or RSA-2048 "
                + "keys", assertThrows(KeyException.class, () -> EncryptionKey.fromPem(rsa3072)).getMessage());
    }

    @Test
    void derPublicKeysFromOtherSourcesAreCheckedToo() {
        assertEquals("not a DER SubjectPublicKeyInfo (malformed)",
                assertThrows(KeyException.class, () -> McubootPublicKey.fromDer(new byte[] {0x30, 0x03, 1})).getMessage());
        // the explicit-curve P-256 public key, as an HSM or vault might hand it over
        byte[] explicit;
        try (var pem = new org.bouncycastle.util.io.pem.PemReader(Files.newBufferedReader(
                dir("broken").resolve("p256-explicit.pub.pem")))) {
            explicit = pem.readPemObject().getContent();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String m = assertThrows(KeyException.class, () -> McubootPublicKey.fromDer(explicit)).getMessage();
        assertTrue(m.startsWith("the EC key spells out its curve parameters instead of naming the curve"), m);
    }
}
