package org.zephyrsign.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;

/**
 * Header and payload of an image, kept as pieces so that a large firmware is hashed and written in
 * place, never copied: the 32-byte header, the rest of the header area, the payload (a window on
 * the input array or on the mapped input file) and the zero padding encryption needs.
 */
final class ImageBody {
    /**
     * Payload bytes handed to a stream at once: big enough that calls cost nothing, small enough
     * that a file stream's temporary direct buffer stays small (it is as large as one write).
     */
    static final int CHUNK = 1 << 20;

    private final byte[] header;
    private final byte[] headerFill;
    private final ByteBuffer payload;
    private final byte[] tailPad;

    /** @param payload the firmware's bytes; the window {@code [payloadOffset, +payloadLength)} is used */
    ImageBody(byte[] header, byte[] headerFill, ByteBuffer payload, int payloadOffset, int payloadLength,
            byte[] tailPad) {
        this.header = header;
        this.headerFill = headerFill;
        this.payload = payload.slice(payloadOffset, payloadLength);
        this.tailPad = tailPad;
    }

    long length() {
        return (long) header.length + headerFill.length + payload.limit() + tailPad.length;
    }

    byte[] header() {
        return header.clone();
    }

    void update(MessageDigest digest) {
        digest.update(header);
        digest.update(headerFill);
        try {
            digest.update(payload.duplicate());
        } catch (InternalError e) {
            throw shrunk(e);
        }
        digest.update(tailPad);
    }

    /**
     * Writes header, payload and padding. A stream that is also a channel (the output file's) gets a
     * mapped payload straight from the mapping; any other gets it in chunks.
     */
    void writeTo(OutputStream out) throws IOException {
        out.write(header);
        out.write(headerFill);
        try {
            writePayload(out);
        } catch (InternalError e) {
            throw shrunk(e);
        }
        out.write(tailPad);
    }

    private void writePayload(OutputStream out) throws IOException {
        ByteBuffer p = payload.duplicate();
        if (!p.hasArray() && out instanceof WritableByteChannel channel) {
            while (p.hasRemaining()) {
                channel.write(p);
            }
            return;
        }
        byte[] chunk = p.hasArray() ? null : new byte[Math.min(CHUNK, p.remaining())];
        while (p.hasRemaining()) {
            int n = Math.min(CHUNK, p.remaining());
            if (chunk == null) {
                out.write(p.array(), p.arrayOffset() + p.position(), n);
                p.position(p.position() + n);
            } else {
                p.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
    }

    /** A mapped input file that was truncated under us faults on access; the JVM reports an InternalError. */
    private static MalformedImageException shrunk(InternalError e) {
        MalformedImageException m = new MalformedImageException("the input file became shorter while it was read");
        m.initCause(e);
        return m;
    }

    byte[] toByteArray() {
        byte[] out = ImageMemory.array(length(), "the image");
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(header).put(headerFill);
        try {
            b.put(payload.duplicate());
        } catch (InternalError e) {
            throw shrunk(e);
        }
        b.put(tailPad);
        return out;
    }

    /** The same header with the bytes after the header area replaced by {@code transform} of them. */
    ImageBody withPayload(java.util.function.UnaryOperator<byte[]> transform) {
        byte[] plain = ImageMemory.array((long) payload.limit() + tailPad.length, "encrypting the payload");
        ByteBuffer b = ByteBuffer.wrap(plain);
        try {
            b.put(payload.duplicate());
        } catch (InternalError e) {
            throw shrunk(e);
        }
        b.put(tailPad);
        byte[] out = transform.apply(plain);
        return new ImageBody(header, headerFill, ByteBuffer.wrap(out), 0, out.length, new byte[0]);
    }
}
