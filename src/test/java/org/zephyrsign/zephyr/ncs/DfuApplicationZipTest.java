package org.zephyrsign.zephyr.ncs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;

class DfuApplicationZipTest {
    @TempDir
    Path dir;

    private DfuApplicationZip twoImages() throws IOException {
        Path app = Files.write(dir.resolve("app.bin"), new byte[10]);
        Path net = Files.write(dir.resolve("net.bin"), new byte[3]);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("load_address", 0xc200L);
        a.put("image_index", "0");
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("image_index", "1");
        n.put("board", "nrf5340dk/nrf5340/cpunet");
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("type", "application");
        shared.put("board", "nrf5340dk");
        return new DfuApplicationZip(dir.resolve("dfu.zip"), "blinky", List.of(
                new DfuApplicationZip.Member("blinky.signed.bin", app, a),
                new DfuApplicationZip.Member("ipc_radio.bin", net, n)), shared);
    }

    /** generate_zip.py: shared entries first, a file's own update them in place, then size, file, modtime. */
    @Test
    void manifestAsGenerateZipWritesIt() throws IOException {
        assertEquals("""
                {
                    "format-version": 1,
                    "time": 1700000000,
                    "files": [
                        {
                            "type": "application",
                            "board": "nrf5340dk",
                            "load_address": 49664,
                            "image_index": "0",
                            "size": 10,
                            "file": "blinky.signed.bin",
                            "modtime": 1700000000
                        },
                        {
                            "type": "application",
                            "board": "nrf5340dk/nrf5340/cpunet",
                            "image_index": "1",
                            "size": 3,
                            "file": "ipc_radio.bin",
                            "modtime": 1700000000
                        }
                    ],
                    "name": "blinky"
                }""", twoImages().manifest(1_700_000_000L));
    }

    @Test
    void sameImagesSameZip() throws IOException {
        DfuApplicationZip zip = twoImages();
        zip.write(1_700_000_000L);
        byte[] first = Files.readAllBytes(zip.file());
        zip.write(1_700_000_000L);
        assertArrayEquals(first, Files.readAllBytes(zip.file()));
        try (ZipFile z = new ZipFile(zip.file().toFile())) {
            assertEquals(List.of("blinky.signed.bin", "ipc_radio.bin", "manifest.json"),
                    z.stream().map(ZipEntry::getName).toList());
            assertEquals(ZipEntry.STORED, z.getEntry("manifest.json").getMethod());
        }
    }

    private Path zipOf(Map<String, String> entries) throws IOException {
        Path zip = dir.resolve("in.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void verifyNamesWhatIsWrong() throws IOException {
        Path noManifest = zipOf(Map.of("a.bin", "x"));
        assertEquals(noManifest + " has no manifest.json", assertThrows(ZephyrSignException.class,
                () -> DfuApplicationZip.verify(noManifest, null)).getMessage());
        Path missing = zipOf(Map.of("manifest.json", "{\"files\": [{\"size\": 1, \"file\": \"a.bin\"}]}"));
        assertEquals(missing + ": manifest.json lists a.bin, which the zip does not hold", assertThrows(
                ZephyrSignException.class, () -> DfuApplicationZip.verify(missing, null)).getMessage());
        Path wrongSize = zipOf(Map.of("manifest.json", "{\"files\": [{\"size\": 2, \"file\": \"a.bin\"}]}", "a.bin", "x"));
        assertEquals(wrongSize + ": the size manifest.json gives for a.bin is not its size (1 bytes)", assertThrows(
                ZephyrSignException.class, () -> DfuApplicationZip.verify(wrongSize, null)).getMessage());
        Path noImage = zipOf(Map.of("manifest.json", "{\"files\": [{\"size\": 1, \"file\": \"a.bin\"}]}", "a.bin", "x"));
        String m = assertThrows(ZephyrSignException.class, () -> DfuApplicationZip.verify(noImage, null)).getMessage();
        assertEquals(true, m.startsWith(noImage + ": a.bin is no MCUboot image: "), m);
    }
}
