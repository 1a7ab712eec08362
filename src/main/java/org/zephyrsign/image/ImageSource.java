package org.zephyrsign.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Where a parsed image's bytes are: an array, or a file read piece by piece when they are needed,
 * so hashing a large image streams through a small buffer and never holds the image.
 */
abstract class ImageSource {
    /** Read size for hashing: large enough for full-speed reads, small enough to be nothing in memory. */
    static final int BUFFER = 1 << 20;

    abstract long size();

    /** {@code length} bytes at {@code offset}; for the small parts (header, TLV areas, trailer). */
    abstract byte[] read(long offset, int length);

    /** Feeds {@code [from, to)} to {@code digest}. */
    abstract void update(MessageDigest digest, long from, long to);

    /** {@code [from, to)} as a stream, for whoever decodes a part (decryption, decompression). */
    abstract InputStream open(long from, long to);

    static ImageSource of(byte[] bytes) {
        return new ArraySource(bytes);
    }

    /** The file, which must keep the size it had when it was parsed. */
    static ImageSource of(Path file, long size) {
        return new FileSource(file, size);
    }

    private static final class ArraySource extends ImageSource {
        private final byte[] bytes;

        ArraySource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        byte[] read(long offset, int length) {
            return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
        }

        @Override
        void update(MessageDigest digest, long from, long to) {
            digest.update(bytes, (int) from, (int) (to - from));
        }

        @Override
        InputStream open(long from, long to) {
            return new java.io.ByteArrayInputStream(bytes, (int) from, (int) (to - from));
        }
    }

    private static final class FileSource extends ImageSource {
        private final Path file;
        private final long size;

        FileSource(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        @Override
        long size() {
            return size;
        }

        private FileChannel openChannel() {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                if (channel.size() != size) {
                    channel.close();
                    throw changed();
                }
                return channel;
            } catch (NoSuchFileException e) {
                throw new MalformedImageException("image " + file + " was removed while it was read");
            } catch (IOException e) {
                throw cannotRead(e);
            }
        }

        private MalformedImageException changed() {
            return new MalformedImageException("image " + file + " changed while it was read");
        }

        private MalformedImageException cannotRead(IOException e) {
            return new MalformedImageException("cannot read image " + file + ": " + org.zephyrsign.IoReasons.of(e));
        }

        @Override
        byte[] read(long offset, int length) {
            ByteBuffer b = ByteBuffer.allocate(length);
            try (FileChannel channel = openChannel()) {
                readFully(channel, b, offset);
            } catch (IOException e) {
                throw cannotRead(e);
            }
            return b.array();
        }

        private void readFully(FileChannel channel, ByteBuffer b, long offset) throws IOException {
            long position = offset;
            while (b.hasRemaining()) {
                int n = channel.read(b, position);
                if (n < 0) {
                    throw changed();
                }
                position += n;
            }
        }

        @Override
        void update(MessageDigest digest, long from, long to) {
            // A direct buffer: the kernel copies into it once, and the digest reads it in place.
            ByteBuffer b = ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(1, to - from)));
            try (FileChannel channel = openChannel()) {
                for (long p = from; p < to; ) {
                    b.clear().limit((int) Math.min(b.capacity(), to - p));
                    readFully(channel, b, p);
                    p += b.flip().remaining();
                    digest.update(b);
                }
            } catch (IOException e) {
                throw cannotRead(e);
            }
        }

        @Override
        InputStream open(long from, long to) {
            FileChannel channel = openChannel();
            try {
                channel.position(from);
            } catch (IOException e) {
                throw cannotRead(e);
            }
            InputStream all = Channels.newInputStream(channel);
            return new java.io.FilterInputStream(new java.io.BufferedInputStream(all, 1 << 16)) {
                private long left = to - from;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b < 0) {
                        throw changed();
                    }
                    left--;
                    return b;
                }

                @Override
                public long skip(long n) throws IOException {
                    long skipped = super.skip(Math.min(n, left));
                    left -= skipped;
                    return skipped;
                }

                @Override
                public int available() throws IOException {
                    return (int) Math.min(super.available(), left);
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buf, off, (int) Math.min(len, left));
                    if (n < 0) {
                        throw changed();
                    }
                    left -= n;
                    return n;
                }
            };
        }
    }
}
