package org.zephyrsign.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.zephyrsign.AtomicFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished image: header, payload, TLV areas and, when the settings ask for it, the trailer.
 * Writes itself as a binary or Intel HEX file, atomically: a failed write leaves no file behind.
 */
public final class SignedImage {
    private final ImageSettings settings;
    private final ImageBody body;
    private final byte[] protectedArea;
    private final byte[] unprotectedArea;
    private final List<Tlv> unprotectedTlvs;
    private final byte[] digest;
    private final int trailerSize;
    private final Long baseAddress;

    SignedImage(ImageSettings settings, ImageBody body, byte[] protectedArea, byte[] unprotectedArea,
            List<Tlv> unprotectedTlvs, byte[] digest, int trailerSize, Long baseAddress) {
        this.settings = settings;
        this.body = body;
        this.protectedArea = protectedArea;
        this.unprotectedArea = unprotectedArea;
        this.unprotectedTlvs = List.copyOf(unprotectedTlvs);
        this.digest = digest;
        this.trailerSize = trailerSize;
        this.baseAddress = baseAddress;
    }

    public byte[] digest() {
        return digest.clone();
    }

    public List<Tlv> unprotectedTlvs() {
        return unprotectedTlvs;
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

    public int trailerSize() {
        return trailerSize;
    }

    /** Writes the binary form (padded to the slot with a trailer when the settings say so). */
    public void writeBinary(OutputStream out) throws IOException {
        body.writeTo(out);
        out.write(protectedArea);
        out.write(unprotectedArea);
        if (settings.pad()) {
            byte[] tail = Trailer.tail(settings);
            long fill = settings.slotSize() - imageSize() - tail.length;
            byte[] erased = new byte[(int) Math.min(fill, 64 * 1024)];
            java.util.Arrays.fill(erased, (byte) settings.erasedValue());
            for (long left = fill; left > 0; left -= erased.length) {
                out.write(erased, 0, (int) Math.min(left, erased.length));
            }
            out.write(tail);
        }
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
     * Intel HEX at {@code hexAddress} (or the input HEX file's address). With a trailer it holds
     * only the fields that differ from erased flash, as imgtool writes it.
     */
    public void writeHex(Writer out, Long hexAddress) throws IOException {
        long address = hexAddress(hexAddress);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        body.writeTo(image);
        image.write(protectedArea);
        image.write(unprotectedArea);
        List<IntelHex.Segment> segments = new ArrayList<>();
        segments.add(new IntelHex.Segment(address, image.toByteArray()));
        if (settings.pad()) {
            long slotEnd = address + settings.slotSize();
            int okFromEnd = Trailer.imageOkFromEnd(settings);
            if (okFromEnd > 0) {
                byte[] flag = new byte[settings.maxAlign()];
                java.util.Arrays.fill(flag, (byte) settings.erasedValue());
                flag[0] = 1;
                segments.add(new IntelHex.Segment(slotEnd - okFromEnd, flag));
            }
            segments.add(new IntelHex.Segment(slotEnd - Trailer.MAGIC_SIZE, Trailer.bootMagic(settings)));
        }
        IntelHex.write(segments, out);
    }

    private long hexAddress(Long requested) {
        Long address = requested != null ? requested : baseAddress;
        if (address == null) {
            throw new InvalidOptionException(ImageOption.HEX_ADDR,
                    "no address exists in the input file and none was given; set the HEX output address");
        }
        return address;
    }

    /** Writes to {@code file}, as Intel HEX when its name ends in .hex; all or nothing. */
    public void save(Path file, Long hexAddress) {
        if (Firmware.isHex(file)) {
            hexAddress(hexAddress); // checked before anything is created: a missing address leaves no file
        }
        AtomicFile.write(file, out -> write(out, file, hexAddress));
    }

    /** Writes the form {@code file}'s name asks for (Intel HEX for .hex) to {@code out}. */
    public void write(OutputStream out, Path file, Long hexAddress) throws IOException {
        if (Firmware.isHex(file)) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
            writeHex(w, hexAddress);
            w.flush();
        } else {
            writeBinary(out);
        }
    }
}
