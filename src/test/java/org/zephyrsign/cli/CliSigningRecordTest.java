package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.imageset.SigningRecordSchema;
import org.zephyrsign.vectors.Vectors;

/** {@code sign --signing-record FILE}: the same record zephyr:sign attaches, for non-Maven flows. */
class CliSigningRecordTest {
    @TempDir
    Path tmp;

    private static Vectors.Run sign(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("sign", "-H", "0x200", "--pad-header", "--align", "4",
                "-S", "0x60000", "-v", "2.0.1+5"));
        args.addAll(List.of(extra));
        return Vectors.runCli(args.toArray(String[]::new));
    }

    @Test
    void signWritesAValidRecordOfTheImageItWrote() throws Exception {
        Path image = tmp.resolve("app.signed.bin");
        Path record = tmp.resolve("app.signed.bin.signing-record.json");
        Vectors.Run run = sign("-k", Vectors.path("keys/ecdsa-p256.pem").toString(), "--signing-record",
                record.toString(), Vectors.path("inputs/app-4k.bin").toString(), image.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of(), SigningRecordSchema.problems(record));
        JsonObject r = JsonParser.parseString(Files.readString(record)).getAsJsonObject();
        assertEquals(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(Files.readAllBytes(image))),
                r.getAsJsonObject("image").get("sha256").getAsString());
        assertEquals("2.0.1+5", r.getAsJsonObject("image").get("version").getAsString());
        assertTrue(r.getAsJsonObject("image").get("classifier").isJsonNull());
        assertEquals("pem", r.getAsJsonObject("signer").get("type").getAsString());
        assertEquals("file:ecdsa-p256.pem", r.getAsJsonObject("signer").get("keyReference").getAsString());
        assertEquals("ECDSA_P256", r.getAsJsonObject("signature").get("algorithm").getAsString());
    }

    @Test
    void anUnsignedImageHasNoSigningRecord() throws Exception {
        Path image = tmp.resolve("app.bin");
        Path record = tmp.resolve("record.json");
        Vectors.Run run = sign("--signing-record", record.toString(), Vectors.path("inputs/app-4k.bin").toString(),
                image.toString());
        assertEquals(2, run.exitCode());
        assertEquals("Error: --signing-record needs a signed image: give -k or --fix-sig" + System.lineSeparator(),
                run.stderr());
        assertFalse(Files.exists(image) || Files.exists(record));
    }
}
