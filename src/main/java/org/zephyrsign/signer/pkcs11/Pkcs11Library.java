package org.zephyrsign.signer.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.StaticLogger;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.signer.SignerLog;

/**
 * One loaded PKCS#11 module per library path per JVM, initialized once and never finalized while
 * the build runs: every mojo execution of a build shares the plugin's class realm, and with
 * {@code mvn -T} per-execution initialize/finalize failed (CKR_USER_ALREADY_LOGGED_IN) and once
 * crashed the JVM inside C_Finalize. One lock serializes session, login and sign calls; each
 * token keeps one logged-in session until the front end says the build is over ({@link #closeAll}).
 *
 * <p>Why the front end closes the sessions rather than a JVM shutdown hook: in Maven the plugin's
 * class realm is closed with Maven's container, before the JVM runs its shutdown hooks, so a hook
 * that needs a class not loaded by then dies with a NoClassDefFoundError printed after the build
 * (it did, after every failed PKCS#11 build); and in a daemon JVM (mvnd) shutdown hooks never run,
 * so the token would stay logged in from one build to the next. Maven 3.8/3.9 give a plain
 * (non-extension) plugin no end-of-build callback of its own (lifecycle participants and event
 * spies need an extension), so the Maven front end calls {@link #closeAll} from the request's
 * execution listener when the session ends, while the realm is still open. A shutdown hook stays
 * for the command line and for a build cut short (Ctrl-C): it is loaded when registered, touches
 * no class that is not loaded already when nothing is open, waits for the lock only briefly, and
 * never lets anything escape to be printed.
 */
final class Pkcs11Library {
    private static final Map<Path, Pkcs11Library> LOADED = new ConcurrentHashMap<>();
    private static final AtomicBoolean EXIT_HOOK_REGISTERED = new AtomicBoolean();

    private final Path path;
    private final PKCS11Module module;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, LoggedIn> sessions = new HashMap<>();
    private final byte[] salt = new SecureRandom().generateSeed(16);

    private Pkcs11Library(Path path, PKCS11Module module) {
        this.path = path;
        this.module = module;
    }

    /**
     * The module at {@code library}, loaded on first use. Before the dynamic linker sees a file,
     * {@link Pkcs11ModuleFile} checks that it is a shared library for this JVM with PKCS#11's entry
     * point, so each way of naming the wrong file gets its own one-line message.
     */
    static Pkcs11Library load(Path library) {
        if (!Files.exists(library)) {
            throw new SignerException("PKCS#11 library " + library + " " + Pkcs11ModuleFile.problem(library));
        }
        Path key;
        try {
            key = library.toRealPath();
        } catch (IOException e) {
            throw new SignerException("PKCS#11 library " + library + " cannot be read: " + e.getMessage());
        }
        Pkcs11Library loaded = LOADED.get(key);
        if (loaded != null) {
            return loaded;
        }
        String problem = Pkcs11ModuleFile.problem(library);
        if (problem != null) {
            throw new SignerException("PKCS#11 library " + library + " " + problem);
        }
        return LOADED.computeIfAbsent(key, Pkcs11Library::initialize);
    }

    private static Pkcs11Library initialize(Path path) {
        StaticLogger.setLogger(new QuietPkcs11Log());
        PKCS11Module module;
        try {
            module = PKCS11Module.getInstance(path.toString());
        } catch (IOException e) {
            throw new SignerException("PKCS#11 library " + path + " " + loaderProblem(path, e.getMessage()), e);
        } catch (UnsatisfiedLinkError e) {
            throw new SignerException("PKCS#11 support could not start: the native part of ipkcs11wrapper did not "
                    + "load (" + e.getMessage() + "); if the temporary directory is mounted noexec, set the Java "
                    + "system property PKCS11_TEMP_DIR to a directory that allows executables", e);
        } catch (RuntimeException e) {
            throw new SignerException("PKCS#11 library " + path + " could not be loaded: " + e, e);
        }
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            // Another user in this JVM (the JDK's SunPKCS11, another plugin) got there first: fine.
            if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new SignerException("PKCS#11 library " + path + " failed to initialize (C_Initialize: "
                        + e.getErrorName() + "); check the module's own configuration", e);
            }
        }
        if (EXIT_HOOK_REGISTERED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new CloseAtExit());
        }
        return new Pkcs11Library(path, module);
    }

    /**
     * What the dynamic linker's message (through ipkcs11wrapper) says, as the end of a sentence
     * about the library. The wrapper hands back the linker's text for a failed dlopen, which names
     * the file; when C_GetFunctionList is missing it hands back freed memory, i.e. garbage.
     */
    static String loaderProblem(Path path, String message) {
        String m = message == null ? "" : message.strip();
        boolean printable = !m.isEmpty() && m.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (!printable || m.contains("C_GetFunctionList")) {
            return Pkcs11ModuleFile.notAModule();
        }
        String prefix = path + ": ";
        String reason = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        if (!m.startsWith(prefix) && m.contains("cannot open shared object file")) {
            // a library the module needs is missing, not the module
            return "could not be loaded: " + reason + "; 'ldd " + path + "' lists the libraries it needs";
        }
        return "could not be loaded: " + reason;
    }

    Path path() {
        return path;
    }

    ReentrantLock lock() {
        return lock;
    }

    Slot[] slotsWithTokens() throws TokenException {
        return module.getSlotList(true);
    }

    /**
     * The token's logged-in session, opened and logged in on first use and reused for every image
     * the build signs. Call with the lock held. A different PIN than the one that logged in forces
     * a fresh login, so a wrong PIN is never covered by an earlier right one.
     *
     * @param pin supplies the PIN; it is wiped after use
     */
    Session session(Token token, Supplier<char[]> pin, SignerLog log) throws TokenException {
        char[] secret = pin.get();
        try {
            byte[] fingerprint = fingerprint(secret);
            LoggedIn cached = sessions.get(token.getTokenID());
            if (cached != null && MessageDigest.isEqual(cached.pinFingerprint(), fingerprint) && alive(cached.session())) {
                return cached.session();
            }
            if (cached != null) {
                discard(token);
            }
            Session session = token.openSession(false);
            try {
                login(session, secret);
            } catch (TokenException | RuntimeException e) {
                closeQuietly(session);
                throw e;
            }
            String label = token.getTokenInfo().getLabel().trim();
            sessions.put(token.getTokenID(), new LoggedIn(session, fingerprint, label));
            log.info("Logged in to PKCS#11 token '" + label + "' (" + path
                    + "); the session serves every image of this build");
            return session;
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static void login(Session session, char[] pin) throws PKCS11Exception {
        try {
            session.logout();
        } catch (PKCS11Exception notLoggedIn) {
            // the usual case: nobody in this process is logged in to the token yet
        }
        try {
            session.login(PKCS11Constants.CKU_USER, pin);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN) {
                throw e;
            }
        }
    }

    private static boolean alive(Session s) {
        try {
            s.getSessionInfo();
            return true;
        } catch (PKCS11Exception stale) {
            return false;
        }
    }

    /** A salted hash, to compare PINs without keeping one. */
    private byte[] fingerprint(char[] pin) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin));
            sha.update(bytes.duplicate());
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record LoggedIn(Session session, byte[] pinFingerprint, String tokenLabel) {
    }

    /** Drops a session that failed (token removed, handle invalid) so the next use starts afresh. */
    void discard(Token token) {
        LoggedIn s = sessions.remove(token.getTokenID());
        if (s != null) {
            closeQuietly(s.session());
        }
    }

    /**
     * Closes every session of every loaded module (closing a token's last session logs it out);
     * the next signer logs in afresh. Modules stay loaded and initialized.
     *
     * @return what was closed, "token 'LABEL' (MODULE)" each, for the front end's log
     */
    static List<String> closeAll() {
        List<String> closed = new ArrayList<>();
        for (Pkcs11Library library : LOADED.values()) {
            library.lock.lock();
            try {
                library.closeSessions(closed);
            } finally {
                library.lock.unlock();
            }
        }
        return closed;
    }

    /**
     * What the shutdown hook runs. With nothing open it reaches only classes that are loaded by
     * then (the JDK's, this one's); it does not wait long for a lock a signing thread may hold.
     *
     * @return how many sessions it closed
     */
    static int closeAllAtExit() throws InterruptedException {
        int closed = 0;
        for (Pkcs11Library library : LOADED.values()) {
            if (library.lock.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    closed += library.closeSessions(null);
                } finally {
                    library.lock.unlock();
                }
            }
        }
        return closed;
    }

    /**
     * Call with the lock held. No lambda here: linking one loads the classes its signature names
     * (LoggedIn), even for an empty map, and at exit the class loader may be closed.
     */
    private int closeSessions(List<String> described) {
        int closed = 0;
        for (LoggedIn s : sessions.values()) {
            closeQuietly(s.session());
            closed++;
            if (described != null) {
                described.add("token '" + s.tokenLabel() + "' (" + path + ")");
            }
        }
        sessions.clear();
        return closed;
    }

    private static void closeQuietly(Session s) {
        try {
            s.closeSession();
        } catch (PKCS11Exception | RuntimeException ignored) {
            // already gone with its token; nothing to release
        }
    }

    /**
     * Closes what is still open when the JVM exits. The JVM is going away: there is nobody to tell
     * about a failure and nothing to undo, so nothing may escape (it would be printed).
     */
    private static final class CloseAtExit extends Thread {
        CloseAtExit() {
            super("zephyr-pkcs11-close");
        }

        @Override
        public void run() {
            try {
                closeAllAtExit();
            } catch (Throwable ignored) {
                // see above
            }
        }
    }
}
