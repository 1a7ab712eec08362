package org.zephyrsign.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The application binary to wrap: its bytes and, for Intel HEX input, the address they start at.
 * The array is shared, not copied: firmware can be large, and the builder only reads it.
 */
public final class Firmware {
    /** MCUboot's header stores sizes in 32 bits; a JVM array tops out a little below 2 GiB. */
    static final long MAX_SIZE = Integer.MAX_VALUE - 64L;

    private final byte[] data;
    private final Long baseAddress;

    public Firmware(byte[] data, Long baseAddress) {
        this.data = data;
        this.baseAddress = baseAddress;
    }

    /** Reads {@code .hex} files as Intel HEX and anything else as a raw binary. */
    public static Firmware read(Path file) {
        try {
            if (isHex(file)) {
                // Latin-1 decodes any byte, so a stray one is reported by IntelHex with its line.
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    return IntelHex.read(in, file.toString());
                }
            }
            long size = Files.size(file);
            if (size > MAX_SIZE) {
                throw new MalformedImageException("input " + file + " is " + size + " bytes, too large for an MCUboot image");
            }
            byte[] data = new byte[(int) size];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(data, 0, data.length);
                if (n != data.length) {
                    throw new MalformedImageException("input " + file + " changed while it was read");
                }
            }
            return new Firmware(data, null);
        } catch (NoSuchFileException e) {
            throw new MalformedImageException("input file " + file + " does not exist");
        } catch (IOException e) {
            throw new MalformedImageException("cannot read input " + file + ": " + org.zephyrsign.IoReasons.of(e));
        }
    }

    public static boolean isHex(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hex");
    }

    /** The bytes; not copied. */
    byte[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** Address of the first byte (HEX input), or null for a raw binary. */
    public Long baseAddress() {
        return baseAddress;
    }
}
