package org.zephyrsign.image;

import org.zephyrsign.ZephyrSignException;

/**
 * The few places that still hold a whole image in memory (Intel HEX, encryption, pure Ed25519
 * messages) allocate through here, so that running out of heap is one sentence saying how much the
 * image needs and how to give it, not an {@link OutOfMemoryError} trace.
 */
public final class ImageMemory {
    private static final long MIB = 1024 * 1024;

    private ImageMemory() {
    }

    /**
     * A new array of {@code size} bytes.
     *
     * @param what what needs it, for the message ("the plaintext of image.bin")
     */
    public static byte[] array(long size, String what) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new MalformedImageException(what + " would be " + size + " bytes, more than one array holds (2 GiB)");
        }
        try {
            return new byte[(int) size];
        } catch (OutOfMemoryError e) {
            throw outOfMemory(what, size);
        }
    }

    /** The failure to report when {@code what} ran out of heap while holding about {@code needed} bytes. */
    public static ZephyrSignException outOfMemory(String what, long needed) {
        long max = Runtime.getRuntime().maxMemory();
        String need = needed > 0 ? " needs about " + mib(needed) + " MiB of heap" : " ran out of heap";
        return new ZephyrSignException("out of memory: " + what + need + ", and this JVM's heap is limited to "
                + mib(max) + " MiB; give it more with -Xmx (for example -Xmx" + suggestedXmx(needed, max) + "m)");
    }

    /** The same, when the size is not known: what ran out and how to give more. */
    public static ZephyrSignException outOfMemory(String what) {
        return outOfMemory(what, -1);
    }

    private static long suggestedXmx(long needed, long max) {
        long wanted = needed > 0 ? Math.max(needed * 2 + 64 * MIB, max * 2) : max * 2;
        return (wanted + MIB - 1) / MIB;
    }

    private static long mib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
