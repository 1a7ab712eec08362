package org.zephyrsign.zephyr.ncs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.JsonWriter;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.MalformedImageException;

/**
 * {@code dfu_application.zip} as the nRF Connect SDK's {@code cmake/sysbuild/zip.cmake} has
 * {@code scripts/bootloader/generate_zip.py} write it, from the plugin's signed images: the
 * update images under the names zip.cmake gives them, then {@code manifest.json}
 * ({@code json.dumps(manifest, indent=4)}: {@code format-version} 1, {@code time}, {@code files},
 * {@code name}; each file's entries are the shared ones (type, board, soc) updated by its own, then
 * {@code size}, {@code file}, {@code modtime}; values starting with 0x as numbers, the rest as
 * strings). Unlike generate_zip.py, which takes the clock and the files' modification times, the
 * times are one given timestamp and the entries are stored in a fixed order, so the same images
 * give the same zip.
 */
public final class DfuApplicationZip {
    /** The manifest's name inside the zip. */
    public static final String MANIFEST = "manifest.json";

    /** One update image: its name in the zip, its file, its own manifest entries. */
    public record Member(String name, Path file, Map<String, Object> manifest) {
        public Member {
            manifest = new LinkedHashMap<>(manifest);
        }
    }

    private final Path zip;
    private final String name;
    private final List<Member> members;
    private final Map<String, Object> shared;

    public DfuApplicationZip(Path zip, String name, List<Member> members, Map<String, Object> shared) {
        this.zip = zip;
        this.name = name;
        this.members = List.copyOf(members);
        this.shared = new LinkedHashMap<>(shared);
    }

    /** Where the zip of a signed image set goes: beside its application image, named after it. */
    public static Path besides(Path applicationImage) {
        String base = applicationImage.getFileName().toString().replaceFirst("\\.(bin|hex)$", "");
        return applicationImage.toAbsolutePath().resolveSibling(base + "-dfu_application.zip");
    }

    public Path file() {
        return zip;
    }

    public List<Member> members() {
        return members;
    }

    /** The manifest for these members as they are on the disk now, with {@code time} and every {@code modtime} at {@code epochSeconds}. */
    public String manifest(long epochSeconds) {
        JsonWriter json = new JsonWriter(4).beginObject();
        json.name("format-version").value(1);
        json.name("time").value(epochSeconds);
        json.name("files").beginArray();
        for (Member m : members) {
            Map<String, Object> merged = new LinkedHashMap<>(shared);
            merged.putAll(m.manifest());
            merged.put("size", size(m.file()));
            merged.put("file", m.name());
            merged.put("modtime", epochSeconds);
            json.element().beginObject();
            for (Map.Entry<String, Object> e : merged.entrySet()) {
                json.name(e.getKey());
                if (e.getValue() instanceof Number n) {
                    json.value(n.longValue());
                } else {
                    json.value(String.valueOf(e.getValue()));
                }
            }
            json.endObject();
        }
        json.endArray();
        json.name("name").value(name);
        return json.endObject().toString();
    }

    /** Writes the zip (all or nothing): the members in order, then manifest.json, stored, every entry at {@code epochSeconds}. */
    public void write(long epochSeconds) {
        byte[] manifest = manifest(epochSeconds).getBytes(StandardCharsets.UTF_8);
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        AtomicFile.write(zip, out -> {
            ZipOutputStream z = new ZipOutputStream(out);
            for (Member m : members) {
                store(z, m.name(), Files.readAllBytes(m.file()), time);
            }
            store(z, MANIFEST, manifest, time);
            z.finish();
        });
    }

    private static void store(ZipOutputStream z, String name, byte[] data, LocalDateTime time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(time);
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read " + file + " for dfu_application.zip: " + e.getMessage());
        }
    }

    private static final Pattern FILE_ENTRY = Pattern.compile("\"file\": \"([^\"]+)\"");
    private static final Pattern SIZE_ENTRY = Pattern.compile("\"size\": (\\d+)");

    /**
     * Checks a dfu_application.zip: a manifest.json that lists every image in the zip with its
     * size, and each image verifying against {@code key} as MCUboot checks it.
     *
     * @return one line per image checked
     * @throws ZephyrSignException naming the zip and the member that is wrong
     */
    public static List<String> verify(Path zip, McubootPublicKey key) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                z.transferTo(b);
                if (entries.put(e.getName(), b.toByteArray()) != null) {
                    throw new ZephyrSignException(zip + " holds " + e.getName() + " twice");
                }
            }
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read " + zip + ": " + e.getMessage());
        }
        byte[] manifest = entries.remove(MANIFEST);
        if (manifest == null) {
            throw new ZephyrSignException(zip + " has no " + MANIFEST);
        }
        String text = new String(manifest, StandardCharsets.UTF_8);
        List<String> listed = new ArrayList<>();
        Matcher files = FILE_ENTRY.matcher(text);
        Matcher sizes = SIZE_ENTRY.matcher(text);
        List<String> checked = new ArrayList<>();
        while (files.find()) {
            String file = files.group(1);
            listed.add(file);
            byte[] data = entries.get(file);
            if (data == null) {
                throw new ZephyrSignException(zip + ": " + MANIFEST + " lists " + file + ", which the zip does not hold");
            }
            if (!sizes.find() || Long.parseLong(sizes.group(1)) != data.length) {
                throw new ZephyrSignException(zip + ": the size " + MANIFEST + " gives for " + file + " is not its size ("
                        + data.length + " bytes)");
            }
            ImageVerifier.Result r;
            try {
                r = ImageVerifier.verify(ImageReader.parse(data, zip.getFileName() + "!" + file), key, null);
            } catch (MalformedImageException e) {
                throw new ZephyrSignException(zip + ": " + file + " is no MCUboot image: " + e.getMessage());
            }
            if (!r.ok()) {
                throw new ZephyrSignException(zip + ": " + file + " does not verify: " + r.reason());
            }
            checked.add(file + " (version " + r.version() + ", digest " + r.digestHex() + ")");
        }
        if (!listed.containsAll(entries.keySet())) {
            List<String> extra = new ArrayList<>(entries.keySet());
            extra.removeAll(listed);
            throw new ZephyrSignException(zip + " holds " + extra + ", which " + MANIFEST + " does not list");
        }
        if (listed.isEmpty()) {
            throw new ZephyrSignException(zip + ": " + MANIFEST + " lists no files");
        }
        return checked;
    }
}
