package org.zephyrsign.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.zephyrsign.vectors.Vectors;

/** Malformed images and HEX files give a clean message, never an exception trace or a huge allocation. */
class ImageReaderTest {
    private final byte[] good = Vectors.bytes("cases/ed25519-custom-tlv/signed.bin");

    private static String failure(byte[] b) {
        return assertThrows(MalformedImageException.class, () -> ImageReader.parse(b, "img.bin")).getMessage();
    }

    @Test
    void truncatedHeader() {
        assertEquals("img.bin: 10 bytes, too short for an MCUboot header", failure(Arrays.copyOf(good, 10)));
    }

    @Test
    void badMagic() {
        byte[] b = good.clone();
        b[0] = 0;
        assertTrue(failure(b).startsWith("img.bin: invalid image magic 0x96f3b800"));
    }

    @Test
    void payloadPastTheEnd() {
        assertTrue(failure(Arrays.copyOf(good, 0x300)).contains("run past the end of the file"));
    }

    @Test
    void hugeImageSizeIsAnErrorNotAnAllocation() {
        byte[] b = good.clone();
        Endian.LITTLE.putU32(b, 12, 0xfffffff0L);
        assertTrue(failure(b).contains("truncated"));
    }

    @Test
    void tlvLengthPastTheArea() {
        byte[] b = good.clone();
        int firstProtectedTlv = 0x200 + 0x3e8 + 4;
        Endian.LITTLE.putU16(b, firstProtectedTlv + 2, 0x7fff);
        assertTrue(failure(b).contains("past the area's end"), failure(b));
    }

    @Test
    void unprotectedAreaMissing() {
        assertTrue(failure(Arrays.copyOf(good, 0x200 + 0x3e8 + 0x13 + 2)).contains("no TLV area"));
    }
}
