package org.zephyrsign.image;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Header and payload of an image, kept as pieces so that a large firmware array is hashed and
 * written in place, never copied: the 32-byte header, the rest of the header area, the payload
 * (a window on the input array) and the zero padding encryption needs.
 */
final class ImageBody {
    private final byte[] header;
    private final byte[] headerFill;
    private final byte[] payload;
    private final int payloadOffset;
    private final int payloadLength;
    private final byte[] tailPad;

    ImageBody(byte[] header, byte[] headerFill, byte[] payload, int payloadOffset, int payloadLength, byte[] tailPad) {
        this.header = header;
        this.headerFill = headerFill;
        this.payload = payload;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.tailPad = tailPad;
    }

    long length() {
        return (long) header.length + headerFill.length + payloadLength + tailPad.length;
    }

    byte[] header() {
        return header.clone();
    }

    void update(MessageDigest digest) {
        digest.update(header);
        digest.update(headerFill);
        digest.update(payload, payloadOffset, payloadLength);
        digest.update(tailPad);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(header);
        out.write(headerFill);
        out.write(payload, payloadOffset, payloadLength);
        out.write(tailPad);
    }

    byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(length())];
        copyInto(out);
        return out;
    }

    private void copyInto(byte[] out) {
        int off = 0;
        System.arraycopy(header, 0, out, off, header.length);
        off += header.length;
        System.arraycopy(headerFill, 0, out, off, headerFill.length);
        off += headerFill.length;
        System.arraycopy(payload, payloadOffset, out, off, payloadLength);
        off += payloadLength;
        System.arraycopy(tailPad, 0, out, off, tailPad.length);
    }

    /** The same header with the bytes after the header area replaced by {@code transform} of them. */
    ImageBody withPayload(java.util.function.UnaryOperator<byte[]> transform) {
        byte[] plain = new byte[payloadLength + tailPad.length];
        System.arraycopy(payload, payloadOffset, plain, 0, payloadLength);
        System.arraycopy(tailPad, 0, plain, payloadLength, tailPad.length);
        byte[] out = transform.apply(plain);
        return new ImageBody(header, headerFill, out, 0, out.length, new byte[0]);
    }
}
