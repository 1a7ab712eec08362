package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.PublishedKeys;
import org.zephyrsign.image.ImageDump;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.PublishedKeyImages;
import org.zephyrsign.vectors.Vectors;

/**
 * The CLI accepts MCUboot's published keys as imgtool does (same exit codes, same stdout bytes) and
 * says so on stderr: one {@code Warning:} line naming the key. The project holds only their public
 * halves: signing is exercised up to the signing request (phase one), and images that name a
 * published key are images of our own key with their key TLV replaced ({@link PublishedKeyImages}).
 */
class CliPublishedKeyTest {
    private static final String SIGNING = "MCUboot's published root-ed25519 development key (root-ed25519.pem): "
            + "its private key is public in the MCUboot repository, so anyone can sign images that a bootloader "
            + "with this key accepts";
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    private Path firmware;
    private Path rootEd25519Public;

    @BeforeEach
    void inputs() throws IOException {
        firmware = Files.copy(Vectors.path("inputs/app-small.bin"), tmp.resolve("fw.bin"));
        rootEd25519Public = resource("root-ed25519.pub.pem");
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = PublishedKeys.class.getResourceAsStream("known-dev-keys/" + name)) {
            Path file = tmp.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    /** The Warning: lines on stderr about published keys (the PEM signer adds its own, about a key in a file). */
    private static List<String> warnings(Vectors.Run run) {
        return run.stderr().lines().filter(l -> l.startsWith("Warning: ") && l.contains("published")).toList();
    }

    private static Vectors.Run sign(String... extra) {
        List<String> args = new ArrayList<>(List.of("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S",
                "0x60000", "-v", "1.2.3"));
        args.addAll(List.of(extra));
        return Vectors.runCli(args.toArray(String[]::new));
    }

    @Test
    void signWarnsOnceAndBehavesAsWithAnyOtherKey() throws IOException {
        // phase one: the signing request needs only the public key
        Path digest = tmp.resolve("digest.bin");
        Vectors.Run published = sign("-k", rootEd25519Public.toString(), "--vector-to-sign", "digest",
                firmware.toString(), digest.toString());
        assertEquals(0, published.exitCode(), published.stderr());
        assertEquals("Warning: the key (-k) is " + SIGNING + NL, published.stderr());
        Path ownDigest = tmp.resolve("own-digest.bin");
        Vectors.Run own = sign("-k", Vectors.path("keys/ed25519.pub.pem").toString(), "--vector-to-sign", "digest",
                firmware.toString(), ownDigest.toString());
        assertEquals(0, own.exitCode(), own.stderr());
        assertEquals(List.of(), warnings(own), "no warning for a key of one's own");
        assertEquals(own.stderr().lines().count() + 1, published.stderr().lines().count());
        assertArrayEquals(own.stdout(), published.stdout());
        assertArrayEquals(Files.readAllBytes(ownDigest), Files.readAllBytes(digest), "the key is not hashed");

        // the same request for a detached signature over the published key's public half
        Path fixDigest = tmp.resolve("fix-digest.bin");
        Vectors.Run detached = sign("--fix-sig-pubkey", rootEd25519Public.toString(), "--vector-to-sign", "digest",
                firmware.toString(), fixDigest.toString());
        assertEquals(0, detached.exitCode(), detached.stderr());
        assertEquals("Warning: the key (--fix-sig-pubkey) is " + SIGNING + NL, detached.stderr());
        assertArrayEquals(Files.readAllBytes(digest), Files.readAllBytes(fixDigest));
    }

    @Test
    void aBadOptionKeepsImgtoolsExitCodeAndError() {
        Vectors.Run run = sign("-k", rootEd25519Public.toString(), "--vector-to-sign", "digest", "--align", "3",
                firmware.toString(), tmp.resolve("x.bin").toString());
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(1, run.stderr().lines().filter(l -> l.startsWith("Error: ")).count(), run.stderr());
    }

    @Test
    void aPublishedEncryptionKeyWarns() throws IOException {
        Path enc = resource("enc-x25519-priv.pub.pem");
        Vectors.Run run = sign("-k", Vectors.path("keys/ed25519.pem").toString(), "-E", enc.toString(),
                firmware.toString(), tmp.resolve("enc.bin").toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of("Warning: the encryption key (-E/--encrypt) is MCUboot's published enc-x25519-priv "
                + "development key (enc-x25519-priv.pem): its private key is public in the MCUboot repository, so "
                + "anyone can decrypt images encrypted for it"), warnings(run));
    }

    @Test
    void getpubAndGetpubhashWarnAndPrintTheKeyAsImgtoolDoes() throws IOException {
        Vectors.Run pem = Vectors.runCli("getpub", "-e", "pem", "-k", rootEd25519Public.toString());
        assertEquals(0, pem.exitCode(), pem.stderr());
        // imgtool prints the SubjectPublicKeyInfo PEM: what openssl pkey -pubout wrote for MCUboot's list
        assertArrayEquals(Files.readAllBytes(rootEd25519Public), pem.stdout());
        assertEquals("Warning: the key (-k) is " + SIGNING + NL, pem.stderr());
        Vectors.Run hash = Vectors.runCli("getpubhash", "-k", rootEd25519Public.toString());
        assertEquals(0, hash.exitCode(), hash.stderr());
        assertEquals("Warning: the key (-k) is " + SIGNING + NL, hash.stderr());
        assertTrue(hash.out().contains("0xc1, 0x90, 0x7f, 0xa4"), hash.out()); // SHA-256 of the SPKI, c1907fa4...
    }

    @Test
    void dumpinfoAndVerifyNameTheKeyOnStderrOnly() throws IOException {
        Path own = tmp.resolve("own.bin");
        Vectors.Run signed = sign("-k", Vectors.path("keys/ed25519.pem").toString(), firmware.toString(),
                own.toString());
        assertEquals(0, signed.exitCode(), signed.stderr());
        Path image = Files.write(tmp.resolve("signed.bin"), PublishedKeyImages.naming(Files.readAllBytes(own),
                PublishedKeyImages.published("root-ed25519")));
        String warning = "Warning: signed.bin names " + SIGNING.replace("): its", ") as its signing key (KEYHASH "
                + "TLV): its") + NL;

        for (String format : List.of("human", "json")) {
            Vectors.Run dump = Vectors.runCli("dumpinfo", "-f", format, image.toString());
            assertEquals(0, dump.exitCode(), dump.stderr());
            String expected = format.equals("json") ? ImageDump.json(ImageReader.read(image))
                    : ImageDump.format(ImageReader.read(image));
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), dump.stdout(), format);
            assertEquals(warning, dump.stderr());
        }
        Vectors.Run ownDump = Vectors.runCli("dumpinfo", own.toString());
        assertEquals(0, ownDump.exitCode(), ownDump.stderr());
        assertEquals("", ownDump.stderr(), "no warning for an image of one's own key");

        // the KEYHASH names the published key, the signature is our own key's: verify warns, then
        // fails as imgtool does, whichever key it is given
        Vectors.Run verify = Vectors.runCli("verify", "-k", rootEd25519Public.toString(), image.toString());
        assertEquals(1, verify.exitCode(), verify.stderr());
        assertEquals("", verify.out());
        assertTrue(verify.stderr().startsWith(warning + "Error: signed.bin: signature does not verify against "),
                verify.stderr());

        Vectors.Run wrongKey = Vectors.runCli("verify", "-k", Vectors.path("keys/ed25519.pub.pem").toString(),
                image.toString());
        assertEquals(1, wrongKey.exitCode(), wrongKey.stderr());
        assertEquals("", wrongKey.out());
        assertTrue(wrongKey.stderr().startsWith(warning + "Error: signed.bin: the image's KEYHASH TLV names another "
                + "key"), wrongKey.stderr());

        Vectors.Run ownVerify = Vectors.runCli("verify", "-k", Vectors.path("keys/ed25519.pub.pem").toString(),
                own.toString());
        assertEquals(0, ownVerify.exitCode(), ownVerify.stderr());
        assertTrue(ownVerify.out().startsWith("Image was correctly validated" + NL + "Image version: 1.2.3+0" + NL
                + "Image digest: "), ownVerify.out());
        assertEquals("", ownVerify.stderr());
    }
}
