package org.zephyrsign.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A finished image: header, payload, TLV areas and, when the settings ask for it, the trailer.
 * Writes itself as a binary or Intel HEX stream; writing files all-or-none is the caller's.
 */
public final class SignedImage {
    private final ImageSettings settings;
    private final ImageBody body;
    private final byte[] protectedArea;
    private final byte[] unprotectedArea;
    private final List<Tlv> unprotectedTlvs;
    private final byte[] digest;
    private final Long baseAddress;

    SignedImage(ImageSettings settings, ImageBody body, byte[] protectedArea, byte[] unprotectedArea,
            List<Tlv> unprotectedTlvs, byte[] digest, Long baseAddress) {
        this.settings = settings;
        this.body = body;
        this.protectedArea = protectedArea;
        this.unprotectedArea = unprotectedArea;
        this.unprotectedTlvs = List.copyOf(unprotectedTlvs);
        this.digest = digest;
        this.baseAddress = baseAddress;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** The signature TLV's value, or null for an unsigned image. */
    public byte[] signature() {
        for (Tlv t : unprotectedTlvs) {
            if (TlvType.isSignature(t.type())) {
                return t.value();
            }
        }
        return null;
    }

    /** Image length without trailer padding. */
    public long imageSize() {
        return body.length() + protectedArea.length + unprotectedArea.length;
    }

    /** Writes the binary form (padded to the slot with a trailer when the settings say so). */
    public void writeBinary(OutputStream out) throws IOException {
        body.writeTo(out);
        out.write(protectedArea);
        out.write(unprotectedArea);
        if (settings.get(ImageOption.PAD)) {
            byte[] tail = trailerTail();
            long fill = settings.get(ImageOption.SLOT_SIZE) - imageSize() - tail.length;
            byte[] erased = new byte[(int) Math.min(fill, 64 * 1024)];
            Arrays.fill(erased, erasedValue());
            for (long left = fill; left > 0; left -= erased.length) {
                out.write(erased, 0, (int) Math.min(left, erased.length));
            }
            out.write(tail);
        }
    }

    /** The end of the slot from the first trailer field that differs from erased flash. */
    private byte[] trailerTail() {
        List<Trailer.Field> fields = Trailer.of(settings).writtenFields(settings);
        byte[] tail = new byte[fields.stream().mapToInt(Trailer.Field::fromEnd).max().orElse(0)];
        Arrays.fill(tail, erasedValue());
        for (Trailer.Field f : fields) {
            System.arraycopy(f.bytes(), 0, tail, tail.length - f.fromEnd(), f.bytes().length);
        }
        return tail;
    }

    private byte erasedValue() {
        return (byte) (int) settings.get(ImageOption.ERASED_VAL);
    }

    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeBinary(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Intel HEX at the output address (or the input HEX file's address). Of the trailer it holds
     * only the fields that differ from erased flash, as imgtool writes it, so flashing the HEX leaves
     * the rest of the slot alone.
     */
    public void writeHex(Writer out) throws IOException {
        long address = hexAddress();
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        body.writeTo(image);
        image.write(protectedArea);
        image.write(unprotectedArea);
        List<IntelHex.Segment> segments = new ArrayList<>();
        segments.add(new IntelHex.Segment(address, image.toByteArray()));
        if (settings.get(ImageOption.PAD)) {
            long slotEnd = address + settings.get(ImageOption.SLOT_SIZE);
            for (Trailer.Field f : Trailer.of(settings).writtenFields(settings)) {
                segments.add(new IntelHex.Segment(slotEnd - f.fromEnd(), f.bytes()));
            }
        }
        IntelHex.write(segments, out);
    }

    private long hexAddress() {
        Long address = settings.isSet(ImageOption.HEX_ADDR) ? settings.get(ImageOption.HEX_ADDR) : baseAddress;
        if (address == null) {
            throw settings.invalid(ImageOption.HEX_ADDR,
                    "no address exists in the input file and none was given; set the HEX output address");
        }
        return address;
    }

    /**
     * Checks that the image can be written to {@code file}: HEX output needs an address. Called
     * before any file of a set is created, so a missing address leaves no file behind.
     */
    public void checkWritable(Path file) {
        if (Firmware.isHex(file)) {
            hexAddress();
        }
    }

    /** Writes the form {@code file}'s name asks for (Intel HEX for .hex) to {@code out}. */
    public void write(OutputStream out, Path file) throws IOException {
        if (Firmware.isHex(file)) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
            writeHex(w);
            w.flush();
        } else {
            writeBinary(out);
        }
    }
}
