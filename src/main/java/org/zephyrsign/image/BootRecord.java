package org.zephyrsign.image;

import org.zephyrsign.crypto.HashAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The BOOT_RECORD TLV: a CBOR map describing the software component for measured boot. Key order
 * is fixed (type, version, signer id, measurement description, measurement value) because the
 * bootloader overwrites the measurement value, which must come last, in place.
 */
final class BootRecord {
    /** imgtool's limit on the software type string. */
    static final int MAX_SW_TYPE_LENGTH = 12;

    private static final int TYPE = 1;
    private static final int MEASUREMENT_VALUE = 2;
    private static final int VERSION = 4;
    private static final int SIGNER_ID = 5;
    private static final int MEASUREMENT_DESCRIPTION = 6;

    private BootRecord() {
    }

    static byte[] encode(String swType, ImageVersion version, HashAlgorithm hash, byte[] signerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, 5); // map of five pairs
        head(out, 0, TYPE);
        text(out, swType);
        head(out, 0, VERSION);
        text(out, version.withoutBuild());
        head(out, 0, SIGNER_ID);
        bytes(out, signerId);
        head(out, 0, MEASUREMENT_DESCRIPTION);
        text(out, hash.recordName());
        head(out, 0, MEASUREMENT_VALUE);
        bytes(out, new byte[hash.length()]);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        head(out, 2, b.length);
        out.writeBytes(b);
    }

    /** CBOR initial byte and argument; the record never needs arguments past 16 bits. */
    private static void head(ByteArrayOutputStream out, int majorType, int value) {
        int mt = majorType << 5;
        if (value < 24) {
            out.write(mt | value);
        } else if (value < 0x100) {
            out.write(mt | 24);
            out.write(value);
        } else {
            out.write(mt | 25);
            out.write(value >>> 8);
            out.write(value);
        }
    }
}
