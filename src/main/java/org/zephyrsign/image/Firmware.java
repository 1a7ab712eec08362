package org.zephyrsign.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The application binary to wrap: its bytes and, for Intel HEX input, the address they start at.
 * A binary file is mapped, not read into the heap: the builder hashes it and the image writer
 * copies it to the output straight from the mapping, so the payload is read once and the heap does
 * not grow with it. An array given to the constructor is shared, not copied.
 */
public final class Firmware {
    /**
     * The largest input or image file read: one mapping (and one Java array) tops out a little
     * below 2 GiB. MCUboot's own limit, its 32-bit {@code img_size}, is 4 GiB.
     */
    static final long MAX_SIZE = Integer.MAX_VALUE - 64L;

    private final ByteBuffer data;
    private final Long baseAddress;

    public Firmware(byte[] data, Long baseAddress) {
        this(ByteBuffer.wrap(data), baseAddress);
    }

    private Firmware(ByteBuffer data, Long baseAddress) {
        this.data = data; // package code only reads it; a mapped file is read-only anyway
        this.baseAddress = baseAddress;
    }

    /** Reads {@code .hex} files as Intel HEX and maps anything else as a raw binary. */
    public static Firmware read(Path file) {
        return read(file, isHex(file));
    }

    /** Reads {@code file} as Intel HEX or maps it as a raw binary, whatever its name. */
    static Firmware read(Path file, boolean hex) {
        long size = regularFileSize(file, "input");
        try {
            if (hex) {
                // Latin-1 decodes any byte, so a stray one is reported by IntelHex with its line.
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    return IntelHex.read(in, file.toString());
                } catch (OutOfMemoryError e) {
                    throw ImageMemory.outOfMemory("reading the Intel HEX input " + file, size / 2);
                }
            }
            if (size > MAX_SIZE) {
                throw new MalformedImageException("input " + file + " is " + size + " bytes; this tool signs inputs "
                        + "of up to 2 GiB (" + MAX_SIZE + " bytes)");
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                if (channel.size() != size) {
                    throw new MalformedImageException("input " + file + " changed while it was read");
                }
                // The mapping outlives the channel; pages are read when the builder first hashes them.
                return new Firmware(channel.map(FileChannel.MapMode.READ_ONLY, 0, size), null);
            }
        } catch (NoSuchFileException e) {
            throw new MalformedImageException("input file " + file + " does not exist");
        } catch (IOException e) {
            throw new MalformedImageException("cannot read input " + file + ": " + org.zephyrsign.IoReasons.of(e));
        }
    }

    /**
     * The size of {@code file}, refusing before anything is opened what is not a regular file: a FIFO
     * would block the read for ever, a device such as {@code /dev/zero} never ends.
     *
     * @param what "input" or "image", for the message
     */
    static long regularFileSize(Path file, String what) {
        if (!Files.exists(file)) {
            throw new MalformedImageException(what + " file " + file + " does not exist");
        }
        String problem = org.zephyrsign.IoReasons.problem(file);
        if (problem != null) {
            throw new MalformedImageException(what + " " + file + ": " + problem);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new MalformedImageException("cannot read " + what + " " + file + ": " + org.zephyrsign.IoReasons.of(e));
        }
    }

    public static boolean isHex(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hex");
    }

    /** The bytes as one array: the array itself when the firmware came from one, else a copy. */
    byte[] data() {
        ByteBuffer b = buffer();
        if (b.hasArray() && b.arrayOffset() == 0 && b.array().length == b.remaining()) {
            return b.array();
        }
        byte[] copy = ImageMemory.array(b.remaining(), "the firmware");
        b.get(copy);
        return copy;
    }

    /** A read-only view of the bytes, positioned at 0; not copied. */
    ByteBuffer buffer() {
        return data.duplicate();
    }

    public int size() {
        return data.limit();
    }

    /** Address of the first byte (HEX input), or null for a raw binary. */
    public Long baseAddress() {
        return baseAddress;
    }
}
