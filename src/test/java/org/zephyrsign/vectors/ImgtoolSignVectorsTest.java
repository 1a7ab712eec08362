package org.zephyrsign.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.Tlv;
import org.zephyrsign.image.TlvType;

/**
 * Every {@code imgtool sign} case of the shared vectors, run with imgtool's exact arguments through
 * our CLI. Deterministic cases must match byte for byte; randomized ones (ECDSA, RSA-PSS,
 * encryption) must match in structure, and each verifier must accept the other's image.
 */
class ImgtoolSignVectorsTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> signCases() {
        return Vectors.list("cases").stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(),
                () -> runCase(c)));
    }

    private void runCase(JsonObject c) throws IOException {
        Path out = Files.createDirectories(tmp.resolve(c.get("name").getAsString()));
        if (c.has("two_phase")) {
            JsonObject tp = c.getAsJsonObject("two_phase");
            String vectorOutput = tp.get("vector_output").getAsString();
            Vectors.Run phase1 = Vectors.run(Vectors.strings(tp.getAsJsonArray("vector_args")), List.of(vectorOutput), out);
            assertEquals(0, phase1.exitCode(), phase1.stderr());
            assertArrayEquals(Vectors.bytes(vectorOutput), Files.readAllBytes(out.resolve(Path.of(vectorOutput).getFileName())),
                    "phase 1 vector differs from imgtool's");
        }
        List<String> outputs = Vectors.strings(c.getAsJsonArray("outputs"));
        Vectors.Run run = Vectors.run(Vectors.strings(c.getAsJsonArray("args")), outputs, out);
        assertEquals(0, run.exitCode(), run.stderr());
        String expectedPath = c.get("output").getAsString();
        Path ours = out.resolve(Path.of(expectedPath).getFileName());
        if (c.get("deterministic").getAsBoolean()) {
            for (String o : outputs) {
                assertArrayEquals(Vectors.bytes(o), Files.readAllBytes(out.resolve(Path.of(o).getFileName())),
                        o + " differs from imgtool's");
            }
        } else {
            compareStructure(c, Vectors.path(expectedPath), ours);
        }
    }

    /** Same header and TLV list; values equal except signatures and key exchange; both verify. */
    private void compareStructure(JsonObject c, Path theirs, Path ours) {
        ParsedImage a = ImageReader.read(theirs);
        ParsedImage b = ImageReader.read(ours);
        assertEquals(a.header(), b.header(), "header");
        assertEquals(a.protectedTlvs(), b.protectedTlvs(), "protected TLVs");
        assertEquals(types(a.tlvs()), types(b.tlvs()), "TLV types and order");
        for (int i = 0; i < a.tlvs().size(); i++) {
            Tlv ta = a.tlvs().get(i);
            if (!isRandom(ta.type())) {
                assertEquals(ta, b.tlvs().get(i), "TLV " + TlvType.name(ta.type()));
            }
        }
        var key = c.has("verify_key") ? PemKeys.publicKey(Vectors.path(c.get("verify_key").getAsString())) : null;
        EncryptionKey dec = decryptionKey(c);
        ImageVerifier.Result theirsOk = ImageVerifier.verify(a, key, dec);
        assertTrue(theirsOk.ok(), "our verifier rejects imgtool's image: " + theirsOk.reason());
        ImageVerifier.Result oursOk = ImageVerifier.verify(b, key, dec);
        assertTrue(oursOk.ok(), "our image does not verify: " + oursOk.reason());
    }

    private static EncryptionKey decryptionKey(JsonObject c) {
        return c.has("encryption")
                ? EncryptionKey.fromPem(Vectors.path(c.getAsJsonObject("encryption").get("decrypt_key").getAsString()))
                : null;
    }

    private static boolean isRandom(int type) {
        return type == TlvType.ECDSASIG || type == TlvType.RSA2048 || type == TlvType.RSA3072
                || type == TlvType.ENCRSA2048 || type == TlvType.ENCEC256 || type == TlvType.ENCX25519
                || type == TlvType.ENCX25519_SHA512;
    }

    private static List<Integer> types(List<Tlv> tlvs) {
        List<Integer> t = new ArrayList<>();
        tlvs.forEach(x -> t.add(x.type()));
        return t;
    }
}
