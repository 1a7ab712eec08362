package org.zephyrsign;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks, before anything is signed or written, that the files a command is about to write can be
 * written and do not collide: two outputs naming the same file (after following symbolic links and
 * {@code ..}, through hard links, and on a case-insensitive file system where that can be told) or
 * an output naming one of the command's inputs would lose a file (the image overwritten by its
 * signature, the firmware by its image). Front ends name each path the way their users know it
 * ({@code OUTFILE}, {@code --sig-out}, {@code <outputFile>}), and the message names both sides.
 *
 * <p>An output that is a symbolic link is written through: its final target gets the new content and
 * the link stays, as imgtool's {@code open()} does. {@link AtomicFile} writes to {@link #resolve}'s
 * answer, so the file checked here is the file written.
 */
public final class OutputPaths {
    /** Something the user named cannot or must not be written; front ends treat it as bad usage. */
    public static final class RefusedException extends ZephyrSignException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /** A path as the user gave it, with the name the front end calls it by (null: the path alone). */
    private record Named(String label, Path path) {
        String describe() {
            return label == null ? path.toString() : label + " " + path;
        }
    }

    private static final int MAX_LINKS = 40; // Linux's limit (ELOOP)

    private final List<Named> outputs = new ArrayList<>();
    private final List<Named> inputs = new ArrayList<>();

    /** A file to be written; a null path is ignored, so an optional option can be passed as is. */
    public OutputPaths output(String label, Path path) {
        if (path != null) {
            outputs.add(new Named(label, path));
        }
        return this;
    }

    public OutputPaths output(String label, String path) {
        return output(label, path == null ? null : Path.of(path));
    }

    /**
     * A file the command reads; no output may name it. A null path, or a value that is no file here
     * (a {@code pkcs11:} URI, a file that does not exist), is ignored: nothing can overwrite it.
     */
    public OutputPaths input(String label, Path path) {
        if (path != null) {
            inputs.add(new Named(label, path));
        }
        return this;
    }

    public OutputPaths input(String label, String path) {
        if (path == null) {
            return this;
        }
        try {
            return input(label, Path.of(path));
        } catch (InvalidPathException notAFile) {
            return this;
        }
    }

    /** Throws {@link RefusedException} naming the first problem. */
    public void check() {
        resolved();
    }

    /** Checks, and returns each output's resolved path (the file that will be written), in order. */
    List<Path> resolved() {
        List<Path> targets = new ArrayList<>();
        for (Named out : outputs) {
            Path target = resolve(out);
            checkWritable(out, target);
            for (int i = 0; i < targets.size(); i++) {
                if (sameFile(targets.get(i), target)) {
                    throw new RefusedException(outputs.get(i).describe() + " and " + out.describe()
                            + " name the same file; give each output its own name");
                }
            }
            for (Named in : inputs) {
                if (isInput(target, in.path())) {
                    throw new RefusedException(out.describe() + " names the input " + in.describe()
                            + ": writing it would destroy the input; give the output another name");
                }
            }
            targets.add(target);
        }
        return targets;
    }

    /**
     * The file writing to {@code path} changes: symbolic links of the last component followed to
     * their final target (which may not exist yet), then the deepest existing directory replaced by
     * its real path, so links and {@code ..} in the directories are resolved as the system does.
     */
    static Path resolve(Path path) {
        return resolve(new Named(null, path));
    }

    private static Path resolve(Named named) {
        Path p = named.path().toAbsolutePath();
        try {
            for (int links = 0; Files.isSymbolicLink(p); links++) {
                if (links == MAX_LINKS) {
                    throw new RefusedException(named.describe() + ": too many levels of symbolic links");
                }
                Path to = Files.readSymbolicLink(p);
                p = to.isAbsolute() ? to : p.resolveSibling(to);
            }
            Path existing = p;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return p.normalize();
            }
            Path rest = existing.equals(p) ? null : p.subpath(existing.getNameCount(), p.getNameCount());
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest).normalize();
        } catch (IOException e) {
            throw new RefusedException(named.describe() + ": " + reason(e));
        }
    }

    private static void checkWritable(Named out, Path target) {
        if (Files.isDirectory(target)) {
            throw new RefusedException(out.describe() + " is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // A device or a pipe cannot be replaced atomically; replacing /dev/null with a file (as
            // root) would be worse. Refused rather than written in place.
            throw new RefusedException(out.describe() + " is not a regular file");
        }
        Path dir = target.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new RefusedException(out.describe() + ": no existing directory to write in");
        }
        if (!Files.isDirectory(dir)) {
            throw new RefusedException(out.describe() + ": " + dir + " is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new RefusedException(out.describe() + ": cannot write in the directory " + dir
                    + " (permission denied)");
        }
    }

    /** Whether two resolved paths name the same file, now or once both are written. */
    static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        boolean aExists = Files.exists(a);
        boolean bExists = Files.exists(b);
        if (aExists && bExists) {
            try {
                return Files.isSameFile(a, b); // hard links; a case-insensitive lookup finds the same file
            } catch (IOException e) {
                return false;
            }
        }
        if (aExists || bExists) {
            return false; // on a case-insensitive system both names would find the existing file
        }
        // Neither exists yet: the same file only if the names differ by case alone and the
        // directory they would be created in ignores case.
        return a.toString().equalsIgnoreCase(b.toString()) && ignoresCase(a.getParent());
    }

    private static boolean isInput(Path target, Path input) {
        try {
            return Files.exists(input) && Files.exists(target) && Files.isSameFile(target, input);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether names in {@code dir} (or its deepest existing ancestor) are looked up ignoring case,
     * told by creating a probe file there. When that cannot be told, true: two outputs whose names
     * differ only by case are refused rather than risked.
     */
    static boolean ignoresCase(Path dir) {
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return true;
        }
        Path probe = dir.resolve(".zephyrsign-case-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createFile(probe);
            try {
                return Files.exists(dir.resolve(probe.getFileName().toString().toUpperCase(Locale.ROOT)));
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** One line for an I/O failure, whatever the exception's own message looks like. */
    static String reason(IOException e) {
        String what = IoReasons.of(e);
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return what + " (" + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ")";
        }
        return what;
    }
}
