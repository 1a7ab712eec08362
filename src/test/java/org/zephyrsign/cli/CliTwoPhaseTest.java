package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.vectors.Vectors;

/** Where the CLI's two-phase signing does better than imgtool's (the vectors' imgtool_limitations). */
class CliTwoPhaseTest {
    @TempDir
    Path tmp;

    private String v(String p) {
        return Vectors.path(p).toString();
    }

    @Test
    void pureEd25519AcceptsThePublicKeyInPhaseTwo() throws Exception {
        Path out = tmp.resolve("signed.bin");
        Vectors.Run run = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v",
                "1.0.0", "--pure", "--fix-sig", v("cases/external-ed25519-pure-payload/signature.b64"),
                "--fix-sig-pubkey", v("keys/ed25519.pub.pem"), v("inputs/app-small.bin"), out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertArrayEquals(Vectors.bytes("cases/external-ed25519-pure-payload/signed.bin"), Files.readAllBytes(out));
    }

    @Test
    void p384PhaseOneWithTheKeyHandsOutASha384DigestAndDescribesIt() throws Exception {
        Path digest = tmp.resolve("digest.bin");
        Path info = tmp.resolve("digest.json");
        Vectors.Run run = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v",
                "1.0.0", "--vector-to-sign", "digest", "--fix-sig-pubkey", v("keys/ecdsa-p384.pub.pem"),
                "--vector-info", info.toString(), v("inputs/app-4k.bin"), digest.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        // The same digest imgtool hands out when told --sha 384 by hand.
        assertArrayEquals(Vectors.bytes("cases/external-ecdsa-p384-digest/digest.bin"), Files.readAllBytes(digest));
        String json = Files.readString(info);
        assertTrue(json.contains("\"algorithm\": \"ECDSA_P384\""), json);
        assertTrue(json.contains("\"hash\": \"SHA384\""), json);
    }

    @Test
    void aSignatureOverAnotherImageIsRefusedAndNothingIsWritten() {
        Path out = tmp.resolve("signed.bin");
        Vectors.Run run = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v",
                "1.0.0", "--fix-sig", v("cases/external-ed25519-digest/signature.b64"), "--fix-sig-pubkey",
                v("keys/ed25519.pub.pem"), v("inputs/app-small.bin"), out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().contains("does not verify against the expected public key"), run.stderr());
        assertFalse(Files.exists(out));
    }

    @Test
    void rawDerSignatureFromOpensslIsAccepted() throws Exception {
        Path out = tmp.resolve("signed.bin");
        Vectors.Run run = Vectors.runCli("sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v",
                "1.0.0", "--fix-sig", v("cases/external-ecdsa-p256-digest/signature.raw"), "--fix-sig-pubkey",
                v("keys/ecdsa-p256.pub.pem"), v("inputs/app-4k.bin"), out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertArrayEquals(Vectors.bytes("cases/external-ecdsa-p256-digest/signed.bin"), Files.readAllBytes(out));
    }
}
