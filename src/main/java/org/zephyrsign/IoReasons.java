package org.zephyrsign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Plain reasons for a file that cannot be read ("no such file", "is a directory", "permission
 * denied", "is a named pipe (FIFO), not a regular file"), whatever the exception's own message
 * looks like: Java's often repeats the path and nothing else ({@code cannot read X: X}). Callers
 * write the file's name, as their users know it, in front: {@code key file k.pem: no such file}.
 */
public final class IoReasons {
    private IoReasons() {
    }

    /** One plain reason for an I/O failure; never an exception class name, never the path twice. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return "a directory is in the way";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lower(f.getReason()); // the system's own words: "Is a directory", "Not a directory"
        }
        if (e instanceof FileSystemException) {
            return "cannot be accessed";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "is not text";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "read error" : m;
    }

    /**
     * What keeps {@code path} from being read as a regular file, or null when nothing does: a
     * missing file or directory, a directory, a pipe or device (reading one could block forever
     * or never end), no permission.
     */
    public static String problem(Path path) {
        if (!Files.exists(path)) {
            if (Files.isSymbolicLink(path)) {
                return "a symbolic link to a file that does not exist";
            }
            for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    if (!Files.isDirectory(p)) {
                        return p + " is not a directory";
                    }
                    return p.equals(path.toAbsolutePath().getParent()) ? "no such file"
                            : "no such file or directory";
                }
            }
            return "no such file or directory";
        }
        if (Files.isDirectory(path)) {
            return "is a directory";
        }
        if (!Files.isRegularFile(path)) {
            return "is " + kind(path) + ", not a regular file";
        }
        if (!Files.isReadable(path)) {
            return "permission denied";
        }
        return null;
    }

    /**
     * Reads a small file whole (a key, a signature, a PIN): a regular file of at most {@code maxBytes}.
     *
     * @param failure makes the caller's exception from a reason, e.g. {@code r -> new KeyException("key file " + f + ": " + r)}
     */
    public static byte[] readSmall(Path path, long maxBytes, Function<String, ? extends RuntimeException> failure) {
        String problem = problem(path);
        if (problem != null) {
            throw failure.apply(problem);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw failure.apply("larger than " + maxBytes + " bytes; not the kind of file expected here");
            }
            return content;
        } catch (IOException e) {
            throw failure.apply(of(e));
        }
    }

    private static String kind(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(path)) {
                mode = Files.getAttribute(path, "unix:mode");
            }
            int type = ((Integer) mode) & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    private static String lower(String reason) {
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
