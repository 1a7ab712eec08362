package org.zephyrsign;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes files all or none: an image and its signature, or the bytes to sign and their description,
 * either all get their new content or every one of them stays exactly as it was (existing files keep
 * their bytes, files that did not exist still do not), and no half-written file is ever seen under
 * an output's name.
 *
 * <h2>How</h2>
 * <ol>
 * <li>{@link OutputPaths} checks the outputs first: distinct, writable, not a directory; a symbolic
 * link is followed, so its target gets the new content and the link stays (as imgtool's
 * {@code open()} does).</li>
 * <li>Every file is written to a temporary file beside its target, then forced to disk
 * ({@code fsync}); meanwhile a caller's {@link Check} may read them (the image writers verify each
 * image as MCUboot will). Nothing under a target's name has changed yet; a failure here, or a check
 * that throws, removes the temporary files (and directories this call created) and leaves everything
 * as it was.</li>
 * <li>Then each target in turn: an existing one is first kept aside under a second name (a hard link
 * to it, so the name itself never goes missing; where the file system has no hard links it is
 * renamed aside), then the temporary file is renamed over it. When a rename fails, the files
 * already replaced get their kept-aside file renamed back, and files that are new are removed.</li>
 * <li>The directories are forced to disk, then the kept-aside files are deleted.</li>
 * </ol>
 * <p><b>The window that remains:</b> a crash (kill -9, power loss) between two renames of step 3
 * leaves the group mixed: the targets renamed so far have their new content, the others their old.
 * The old content of each replaced target then stays beside it as {@code .NAME.TOKEN.zephyrsign-old}
 * (deliberately never removed by a later run: it may be the only copy of the previous file); moving
 * it back over NAME restores the old group, running the command again completes the new one. Without
 * hard links the rename-aside fallback also leaves, for that moment, a target missing under its name.
 *
 * <h2>Temporary files</h2>
 * Named {@code .NAME.TOKEN.zephyrsign-tmp} beside the target (TOKEN: 16 random hex digits, so two
 * processes never share one), and locked (an OS advisory lock) by their writer for as long as they
 * exist. Only a crash leaves one behind. Every write removes, in the directories it writes to, such
 * files that are stale: last modified before this process started and not locked by a live process
 * (a killed process's locks are gone with it).
 *
 * <h2>File modes</h2>
 * A new file gets the system's default permissions (0666 less the umask, 0644 for a umask of 022,
 * what Zephyr's and imgtool's own writes give). A file that is replaced keeps its POSIX permissions,
 * as it would if it were rewritten in place; its owner and group become the writer's. Another hard
 * link to a replaced file keeps the old content.
 */
public final class AtomicFile {
    /** Produces the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static final String TMP_SUFFIX = ".zephyrsign-tmp";
    static final String OLD_SUFFIX = ".zephyrsign-old";
    private static final Pattern STALE = Pattern.compile("\\..*\\.[0-9a-f]{16}" + Pattern.quote(TMP_SUFFIX));
    private static final int MAX_NAME_IN_TMP = 100; // keeps .NAME.TOKEN.zephyrsign-old within 255 bytes

    /**
     * When this process started; asked for only when a stale-looking file is found, since the
     * process information costs milliseconds (it also looks up the user) that most runs do not need.
     */
    private static final class Started {
        static final Instant AT = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    }

    private AtomicFile() {
    }

    public static void write(Path file, Content content) {
        Map<Path, Content> one = new LinkedHashMap<>();
        one.put(file, content);
        writeAll(one);
    }

    public static void write(Path file, byte[] content) {
        write(file, out -> out.write(content));
    }

    /**
     * Writes several files that belong together, all or none (see the class comment). Throws
     * {@link OutputPaths.RefusedException} before writing anything when two of them name the same
     * file or one cannot be written, and {@link ZephyrSignException} when writing fails.
     */
    public static void writeAll(Map<Path, Content> files) {
        writeAll(files, true, null);
    }

    /** Looks at the new files before any of them replaces its target; throws to abandon them all. */
    @FunctionalInterface
    public interface Check {
        /** @param written each file asked for, with the temporary file that holds its new content */
        void check(Map<Path, Path> written);
    }

    /**
     * {@link #writeAll(Map)}, with {@code check} run on the written temporary files (while they are
     * forced to disk) before any target is replaced: when it throws, every target stays as it was.
     */
    public static void writeAll(Map<Path, Content> files, Check check) {
        writeAll(files, true, check);
    }

    /** {@code hardLinks} false: keeps existing files aside by renaming them, the fallback. */
    static void writeAll(Map<Path, Content> files, boolean hardLinks) {
        writeAll(files, hardLinks, null);
    }

    private static void writeAll(Map<Path, Content> files, boolean hardLinks, Check check) {
        OutputPaths paths = new OutputPaths();
        files.keySet().forEach(p -> paths.output(null, p));
        List<Path> targets = paths.resolved();
        new Group(files, targets, hardLinks, check).run();
    }

    /** One target on its way: its temporary file (open and locked), and what was done to it. */
    private static final class Entry {
        final Path requested;
        final Path target;
        final Content content;
        Path tmp;
        FileChannel channel;
        Path old; // where the previous content was kept aside, once it was
        boolean linked; // old is a hard link (the target still has it too), not the target renamed
        boolean committed;

        Entry(Path requested, Path target, Content content) {
            this.requested = requested;
            this.target = target;
            this.content = content;
        }
    }

    /** Forces temporary files to disk on a thread of its own; remembers the first failure. */
    private static final class Forcing extends Thread {
        private final List<Entry> entries;
        volatile IOException failure;
        volatile Entry failed;

        Forcing(List<Entry> entries) {
            super("force-to-disk");
            setDaemon(true);
            this.entries = entries;
        }

        @Override
        public void run() {
            for (Entry e : entries) {
                try {
                    e.channel.force(true);
                } catch (IOException x) {
                    failure = x;
                    failed = e;
                    return;
                }
            }
        }

        /** Waits for the disk: the files are not closed or renamed while they are being forced. */
        void finish() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    join();
                } catch (InterruptedException x) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Group {
        private final List<Entry> entries = new ArrayList<>();
        private final List<Path> createdDirectories = new ArrayList<>();
        private final boolean hardLinks;
        private final Check check;
        /** The entry being worked on, for the message when it fails. */
        private Entry current;

        Group(Map<Path, Content> files, List<Path> targets, boolean hardLinks, Check check) {
            int i = 0;
            for (Map.Entry<Path, Content> f : files.entrySet()) {
                entries.add(new Entry(f.getKey(), targets.get(i++), f.getValue()));
            }
            this.hardLinks = hardLinks;
            this.check = check;
        }

        void run() {
            Set<Path> directories = new LinkedHashSet<>();
            entries.forEach(e -> directories.add(e.target.getParent()));
            directories.forEach(AtomicFile::removeStale);
            current = null;
            boolean done = false;
            try {
                for (Entry e : entries) {
                    current = e;
                    createDirectories(e.target.getParent());
                    writeTemporary(e);
                }
                current = null;
                forceAndCheck();
                for (Entry e : entries) {
                    current = e;
                    commit(e);
                }
                current = null;
                directories.forEach(AtomicFile::syncDirectory);
                done = true;
            } catch (IOException e) {
                String failure = "cannot write " + current.requested + ": " + OutputPaths.reason(e);
                throw new ZephyrSignException(failure + rollBack(), e);
            } catch (RuntimeException | Error e) {
                String notRestored = rollBack();
                if (!notRestored.isEmpty()) {
                    throw new ZephyrSignException(e.getMessage() + notRestored, e);
                }
                throw e;
            } finally {
                if (done) {
                    finish();
                }
            }
        }

        private void createDirectories(Path dir) throws IOException {
            List<Path> missing = new ArrayList<>();
            for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
                missing.add(0, d);
            }
            for (Path d : missing) {
                Files.createDirectory(d);
                createdDirectories.add(d);
            }
        }

        private void writeTemporary(Entry e) throws IOException {
            String name = e.target.getFileName().toString();
            if (name.length() > MAX_NAME_IN_TMP) {
                name = name.substring(0, MAX_NAME_IN_TMP);
            }
            while (e.channel == null) {
                String token = String.format("%016x", ThreadLocalRandom.current().nextLong());
                e.tmp = e.target.resolveSibling("." + name + "." + token + TMP_SUFFIX);
                try {
                    // No permissions given: the file gets 0666 less the umask, as open() would.
                    e.channel = FileChannel.open(e.tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    e.tmp = null;
                }
            }
            e.channel.lock();
            PosixFileAttributeView existing = Files.getFileAttributeView(e.target, PosixFileAttributeView.class);
            if (existing != null && Files.exists(e.target)) {
                // Before the content is written, so it is never readable by more than the old file was.
                Files.setPosixFilePermissions(e.tmp, existing.readAttributes().permissions());
            }
            try (OutputStream out = new TemporaryFileStream(e.channel)) {
                e.content.writeTo(out);
            }
        }

        /**
         * Forces the temporary files to disk and runs the check on them. The check (which reads them
         * back) runs while another thread waits for the disk, instead of after it.
         */
        private void forceAndCheck() throws IOException {
            if (check == null) {
                for (Entry e : entries) {
                    current = e;
                    e.channel.force(true);
                }
                return;
            }
            Map<Path, Path> written = new LinkedHashMap<>();
            entries.forEach(e -> written.put(e.requested, e.tmp));
            Forcing forcing = new Forcing(entries);
            forcing.start();
            try {
                check.check(written);
            } finally {
                forcing.finish();
            }
            if (forcing.failure != null) {
                current = forcing.failed;
                throw forcing.failure;
            }
        }

        private void commit(Entry e) throws IOException {
            if (Files.exists(e.target, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isRegularFile(e.target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("it is no longer a regular file");
                }
                Path old = e.tmp.resolveSibling(e.tmp.getFileName().toString().replace(TMP_SUFFIX, OLD_SUFFIX));
                if (hardLinks && link(old, e.target)) {
                    e.old = old;
                    e.linked = true;
                } else {
                    Files.move(e.target, old, StandardCopyOption.ATOMIC_MOVE);
                    e.old = old;
                }
            }
            Files.move(e.tmp, e.target, StandardCopyOption.ATOMIC_MOVE);
            e.committed = true;
        }

        private static boolean link(Path link, Path existing) throws IOException {
            try {
                Files.createLink(link, existing);
                return true;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                if (noHardLinks instanceof FileAlreadyExistsException) {
                    throw (FileAlreadyExistsException) noHardLinks;
                }
                return false;
            }
        }

        /**
         * Puts every target back as it was; returns "" or, when something could not be put back,
         * the sentence that says where the old content is.
         */
        private String rollBack() {
            StringBuilder lost = new StringBuilder();
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                close(e);
                try {
                    if (e.committed) {
                        if (e.old != null) {
                            Files.move(e.old, e.target, StandardCopyOption.ATOMIC_MOVE);
                        } else {
                            Files.deleteIfExists(e.target);
                        }
                    } else if (e.old != null && e.linked) {
                        Files.delete(e.old); // the target itself was never touched
                    } else if (e.old != null) {
                        Files.move(e.old, e.target, StandardCopyOption.ATOMIC_MOVE); // renamed aside
                    }
                } catch (IOException | RuntimeException failed) {
                    if (e.committed || !e.linked) {
                        lost.append("; ").append(e.requested).append(e.old != null
                                ? " could not be put back: its previous content is in " + e.old
                                : " could not be removed again");
                    }
                }
                if (!e.committed && e.tmp != null) {
                    try {
                        Files.deleteIfExists(e.tmp);
                    } catch (IOException ignored) {
                        // recognisable by name; removed as stale by a later write
                    }
                }
            }
            for (int i = createdDirectories.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(createdDirectories.get(i)); // only when empty
                } catch (IOException notEmpty) {
                    // someone else put a file there meanwhile: it stays
                }
            }
            return lost.toString();
        }

        private void finish() {
            for (Entry e : entries) {
                if (e.old != null) {
                    try {
                        Files.deleteIfExists(e.old);
                    } catch (IOException ignored) {
                        // the new file is in place; the old one stays under its recognisable name
                    }
                }
                close(e);
            }
        }

        private static void close(Entry e) {
            if (e.channel != null) {
                try {
                    e.channel.close(); // releases the lock
                } catch (IOException ignored) {
                    // forced to disk already, or the file is being removed
                }
                e.channel = null;
            }
        }
    }

    /**
     * What {@link Content} writes to: a buffered stream on the temporary file that is also its channel,
     * so large direct buffers (a mapped input's payload) go to the file without a copy through the heap.
     * Closing it flushes; the channel stays open, holding the lock until the file is in place.
     */
    private static final class TemporaryFileStream extends BufferedOutputStream implements WritableByteChannel {
        private final FileChannel channel;

        TemporaryFileStream(FileChannel channel) {
            super(Channels.newOutputStream(channel), 1 << 16);
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            flush();
            int n = src.remaining();
            while (src.hasRemaining()) {
                channel.write(src);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Makes the renames in {@code dir} durable; not possible everywhere (Windows), so best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException | RuntimeException notSupported) {
            // the files themselves are on disk; only the names could be lost in a crash
        }
    }

    /**
     * Removes the temporary files a killed writer left in {@code dir}: ours by name, last modified
     * before this process started, and not locked by a live process. Best effort.
     */
    static void removeStale(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir,
                p -> STALE.matcher(p.getFileName().toString()).matches())) {
            for (Path p : found) {
                try {
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            || Files.getLastModifiedTime(p).compareTo(FileTime.from(Started.AT)) >= 0) {
                        continue;
                    }
                    try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE);
                            FileLock lock = c.tryLock()) {
                        if (lock != null) {
                            Files.delete(p);
                        }
                    } catch (OverlappingFileLockException heldInThisProcess) {
                        // a writer of this JVM has it
                    }
                } catch (IOException ignored) {
                    // gone already, or not ours to remove
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException ignored) {
            // nothing to clean here
        }
    }
}
