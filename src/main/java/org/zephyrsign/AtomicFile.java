package org.zephyrsign;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file all or nothing: into a temporary file beside it, moved into place only when the
 * content is complete, so a failure never leaves a half-written image or signature.
 */
public final class AtomicFile {
    /** Produces the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    public static void write(Path file, Content content) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new ZephyrSignException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the name starts with a dot and ends in .tmp
                }
            }
        }
    }

    public static void write(Path file, byte[] content) {
        write(file, out -> out.write(content));
    }

    /**
     * Writes several files that belong together (an image and its signing request): all of them,
     * or none: when one fails, those already written are removed again.
     */
    public static void writeAll(java.util.Map<Path, Content> files) {
        java.util.List<Path> written = new java.util.ArrayList<>();
        try {
            for (java.util.Map.Entry<Path, Content> f : files.entrySet()) {
                write(f.getKey(), f.getValue());
                written.add(f.getKey());
            }
        } catch (RuntimeException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the failure being reported matters more
                }
            }
            throw e;
        }
    }
}
