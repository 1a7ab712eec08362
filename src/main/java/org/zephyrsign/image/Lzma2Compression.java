package org.zephyrsign.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.tukaani.xz.ARMThumbOptions;
import org.tukaani.xz.FinishableOutputStream;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;

/**
 * The compressed body of an MCUboot image as imgtool 2.4.0 writes it ({@code sign --compression}):
 * a two-byte LZMA2 header (dictionary size, then lc/lp/pb) followed by a raw LZMA2 stream (no .xz
 * container, ended by the LZMA2 end marker) of the application, run through the ARM-Thumb BCJ
 * filter first for {@link Type#LZMA2_ARM_THUMB}. The settings are imgtool's: preset 9, dictionary
 * 128 KiB, lc 3, lp 1, pb 2 (main.py, {@code comp_default_*}).
 *
 * <p>The stream decodes to the same bytes as imgtool's, and liblzma decodes it, but it is not
 * byte-identical to what imgtool (liblzma) writes: XZ for Java's normal-mode encoder recomputes its
 * match-length prices on another schedule than liblzma's, so its optimal parse picks other matches
 * now and then. An image compressed here therefore has its own body, hash and signature.
 */
public final class Lzma2Compression {
    public static final int DICT_SIZE = 128 * 1024;
    public static final int LC = 3;
    public static final int LP = 1;
    public static final int PB = 2;
    public static final int PRESET = 9;
    /** The dictionary-size byte and the lc/lp/pb byte before the LZMA2 stream. */
    public static final int HEADER_LENGTH = 2;

    private static final int LZMA2_DICT_MIN = LZMA2InputStream.DICT_SIZE_MIN;

    /** What {@code --compression} asks for, with the header flags it sets. */
    public enum Type {
        LZMA2("lzma2", ImageFlags.COMPRESSED_LZMA2),
        LZMA2_ARM_THUMB("lzma2armthumb", ImageFlags.COMPRESSED_LZMA2 | ImageFlags.COMPRESSED_ARM_THUMB);

        private final String optionValue;
        private final int flags;

        Type(String optionValue, int flags) {
            this.optionValue = optionValue;
            this.flags = flags;
        }

        /** imgtool's spelling: {@code lzma2} or {@code lzma2armthumb}. */
        public String optionValue() {
            return optionValue;
        }

        /** The header flags of an image compressed this way. */
        public int flags() {
            return flags;
        }

        /**
         * The type imgtool's {@code --compression VALUE} names. Empty for anything else, including
         * imgtool's default {@code disabled}, which the caller handles.
         */
        public static Optional<Type> ofOptionValue(String value) {
            for (Type t : values()) {
                if (t.optionValue.equals(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }

        /**
         * How an image with these header flags is compressed; empty when it is not. Refuses the
         * combinations no tool writes and MCUboot does not decompress: LZMA1, LZMA1 with LZMA2, and
         * ARM-Thumb without LZMA2.
         */
        public static Optional<Type> ofFlags(long flags) {
            boolean lzma1 = (flags & ImageFlags.COMPRESSED_LZMA1) != 0;
            boolean lzma2 = (flags & ImageFlags.COMPRESSED_LZMA2) != 0;
            boolean thumb = (flags & ImageFlags.COMPRESSED_ARM_THUMB) != 0;
            if (lzma1) {
                throw new MalformedImageException("header flag COMPRESSED_LZMA1 (0x200) is set: LZMA1 images are not"
                        + " supported (imgtool writes LZMA2 only)");
            }
            if (thumb && !lzma2) {
                throw new MalformedImageException("header flag COMPRESSED_ARM_THUMB (0x800) is set without"
                        + " COMPRESSED_LZMA2 (0x400)");
            }
            if (!lzma2) {
                return Optional.empty();
            }
            return Optional.of(thumb ? LZMA2_ARM_THUMB : LZMA2);
        }
    }

    private Lzma2Compression() {
    }

    /** imgtool's two-byte header for its settings: {@code 0x0a 0x66}. */
    public static byte[] header() {
        return header(DICT_SIZE, LC, LP, PB);
    }

    /**
     * The header imgtool's {@code create_lzma2_header} writes: the smallest LZMA2 dictionary-size
     * code whose size holds {@code dictSize}, then {@code (pb * 5 + lp) * 9 + lc}.
     */
    static byte[] header(int dictSize, int lc, int lp, int pb) {
        int code = 0;
        while (code < 40 && dictSize > dictSizeOfCode(code)) {
            code++;
        }
        if (code == 40) {
            throw new IllegalArgumentException("dictionary size out of range: " + dictSize);
        }
        return new byte[] {(byte) code, (byte) ((pb * 5 + lp) * 9 + lc)};
    }

    /** The dictionary size an LZMA2 dictionary-size code stands for. */
    static long dictSizeOfCode(int code) {
        return (2L | (code & 1)) << (code / 2 + 11);
    }

    /**
     * The compressed body imgtool writes for {@code data} (the application without the image
     * header): {@link #header()} followed by the raw LZMA2 stream.
     */
    public static byte[] compress(byte[] data, Type type) {
        LZMA2Options options;
        try {
            options = new LZMA2Options(PRESET);
            options.setDictSize(DICT_SIZE);
            options.setLcLp(LC, LP);
            options.setPb(PB);
        } catch (UnsupportedOptionsException e) {
            throw new IllegalStateException("XZ for Java refused imgtool's LZMA2 settings", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        out.writeBytes(header());
        try {
            FinishableOutputStream lzma2 = options.getOutputStream(new FinishableWrapperOutputStream(out));
            FinishableOutputStream stream = type == Type.LZMA2_ARM_THUMB
                    ? new ARMThumbOptions().getOutputStream(lzma2)
                    : lzma2;
            stream.write(data);
            stream.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("compressing in memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * imgtool's rule for keeping the compressed image (main.py, {@code sign}): the raw LZMA2 stream
     * (without the two-byte header) plus the values of the DECOMP_SIZE, DECOMP_SHA and
     * DECOMP_SIGNATURE TLVs (without their 4-byte TLV headers) must be shorter than the
     * uncompressed application. Otherwise imgtool silently writes the uncompressed image.
     *
     * @param compressedBody what {@link #compress} returned
     * @param decompTlvValueBytes 4 + the hash length + the signature length (0 when unsigned)
     * @param uncompressedLength the application's length (the input without the image header)
     */
    public static boolean imgtoolKeepsCompressed(byte[] compressedBody, int decompTlvValueBytes,
            int uncompressedLength) {
        return compressedBody.length - HEADER_LENGTH + decompTlvValueBytes < uncompressedLength;
    }

    /**
     * Decompresses an image body ({@code hdr_size} to {@code hdr_size + img_size}, or to
     * COMP_DEC_SIZE for a decrypted encrypted image): checks the two-byte header, decodes the
     * LZMA2 stream, undoes the ARM-Thumb filter for {@link Type#LZMA2_ARM_THUMB}, and insists that
     * the stream ends exactly at the end of {@code body}.
     *
     * @param maxLength the most the result may hold (DECOMP_SIZE, or the slot size); a stream that
     *        decodes to more is refused, so a hostile image cannot exhaust memory
     */
    public static byte[] decompress(byte[] body, Type type, int maxLength) {
        if (body.length < HEADER_LENGTH) {
            throw new MalformedImageException("compressed payload is " + body.length
                    + " bytes, shorter than its 2-byte LZMA2 header");
        }
        int code = body[0] & 0xff;
        if (code >= 40) {
            throw new MalformedImageException(String.format(
                    "LZMA2 header: dictionary size code 0x%02x is out of range (0x00 to 0x27)", code));
        }
        int props = body[1] & 0xff;
        int lc = props % 9;
        int lp = props / 9 % 5;
        int pb = props / 45;
        if (props >= 9 * 5 * 5 || lc + lp > 4) {
            throw new MalformedImageException(String.format(
                    "LZMA2 header: properties byte 0x%02x is invalid (lc %d + lp %d must be at most 4, pb at most 4)",
                    props, lc, lp));
        }
        // An LZMA chunk that sets new properties (control byte 0xc0 and up) carries them at offset 5.
        if (body.length > HEADER_LENGTH + 5 && (body[HEADER_LENGTH] & 0xff) >= 0xc0
                && (body[HEADER_LENGTH + 5] & 0xff) != props) {
            throw new MalformedImageException(String.format(
                    "LZMA2 header says properties 0x%02x but the stream's first chunk uses 0x%02x", props,
                    body[HEADER_LENGTH + 5] & 0xff));
        }
        // No match reaches further back than the output is long, so a dictionary that holds the
        // whole output is enough whatever the header asks for (up to 3 GiB).
        int dictSize = (int) Math.max(LZMA2_DICT_MIN, Math.min(dictSizeOfCode(code), Math.max(maxLength, 0)));
        ByteArrayInputStream compressed = new ByteArrayInputStream(body, HEADER_LENGTH, body.length - HEADER_LENGTH);
        byte[] data;
        try {
            InputStream in = new LZMA2InputStream(compressed, dictSize);
            if (type == Type.LZMA2_ARM_THUMB) {
                in = new ARMThumbOptions().getInputStream(in);
            }
            data = in.readNBytes(maxLength + 1);
        } catch (EOFException e) {
            throw new MalformedImageException("LZMA2 stream is truncated: it ends before its end marker");
        } catch (IOException e) {
            throw new MalformedImageException("LZMA2 stream is corrupt: " + e.getMessage());
        }
        if (data.length > maxLength) {
            throw new MalformedImageException("LZMA2 stream decompresses to more than " + maxLength + " bytes");
        }
        if (compressed.available() > 0) {
            throw new MalformedImageException(compressed.available()
                    + " byte(s) after the end marker of the LZMA2 stream");
        }
        return data;
    }
}
