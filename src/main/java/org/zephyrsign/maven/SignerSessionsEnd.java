package org.zephyrsign.maven;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.maven.execution.AbstractExecutionListener;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.plugin.logging.Log;
import org.zephyrsign.signer.pkcs11.Pkcs11Signer;
import org.zephyrsign.signer.remote.RemoteSessions;

/**
 * Closes the PKCS#11 token sessions when the Maven build ends, so that a token is logged in once
 * per build (every mojo execution, every thread of {@code -T}) and not a moment longer.
 *
 * <p>Maven 3.8/3.9 offer a plain plugin (one not declared with {@code <extensions>true</extensions>})
 * no end-of-build callback: lifecycle participants and event spies are found only in extensions,
 * and a JVM shutdown hook runs after Maven has closed the plugin's class realm (and never in a
 * daemon such as mvnd). What a plugin can reach is the request's {@link ExecutionListener}: Maven
 * fetches it from the request for every event and fires SessionEnded once, in a {@code finally},
 * after every project of the reactor has finished, failed or not. This decorator forwards every
 * event unchanged and closes the sessions just before SessionEnded reaches the listener that
 * prints the build result.
 */
final class SignerSessionsEnd implements ExecutionListener {
    private static final Set<MavenExecutionRequest> INSTALLED = Collections.newSetFromMap(new WeakHashMap<>());

    private final ExecutionListener delegate;
    private final Log log;

    private SignerSessionsEnd(ExecutionListener delegate, Log log) {
        this.delegate = delegate != null ? delegate : new AbstractExecutionListener() { };
        this.log = log;
    }

    /** Once per build (request), before any session is opened; later calls do nothing. */
    static void install(MavenExecutionRequest request, Log log) {
        if (request == null) {
            return;
        }
        synchronized (INSTALLED) {
            if (INSTALLED.add(request)) {
                request.setExecutionListener(new SignerSessionsEnd(request.getExecutionListener(), log));
            }
        }
    }

    @Override
    public void sessionEnded(ExecutionEvent event) {
        try {
            for (String closed : Pkcs11Signer.closeSessions()) {
                log.info("Closed the PKCS#11 session of " + closed + " at the end of the build");
            }
        } catch (RuntimeException e) {
            // The build's result is decided; a token that cannot be closed cleanly must not change it.
            log.warn("Closing the PKCS#11 sessions at the end of the build failed: " + e.getMessage());
        } finally {
            RemoteSessions.closeAll(); // remote signers' credentials and clients live for one build

            delegate.sessionEnded(event);
        }
    }

    @Override
    public void projectDiscoveryStarted(ExecutionEvent event) {
        delegate.projectDiscoveryStarted(event);
    }

    @Override
    public void sessionStarted(ExecutionEvent event) {
        delegate.sessionStarted(event);
    }

    @Override
    public void projectSkipped(ExecutionEvent event) {
        delegate.projectSkipped(event);
    }

    @Override
    public void projectStarted(ExecutionEvent event) {
        delegate.projectStarted(event);
    }

    @Override
    public void projectSucceeded(ExecutionEvent event) {
        delegate.projectSucceeded(event);
    }

    @Override
    public void projectFailed(ExecutionEvent event) {
        delegate.projectFailed(event);
    }

    @Override
    public void mojoSkipped(ExecutionEvent event) {
        delegate.mojoSkipped(event);
    }

    @Override
    public void mojoStarted(ExecutionEvent event) {
        delegate.mojoStarted(event);
    }

    @Override
    public void mojoSucceeded(ExecutionEvent event) {
        delegate.mojoSucceeded(event);
    }

    @Override
    public void mojoFailed(ExecutionEvent event) {
        delegate.mojoFailed(event);
    }

    @Override
    public void forkStarted(ExecutionEvent event) {
        delegate.forkStarted(event);
    }

    @Override
    public void forkSucceeded(ExecutionEvent event) {
        delegate.forkSucceeded(event);
    }

    @Override
    public void forkFailed(ExecutionEvent event) {
        delegate.forkFailed(event);
    }

    @Override
    public void forkedProjectStarted(ExecutionEvent event) {
        delegate.forkedProjectStarted(event);
    }

    @Override
    public void forkedProjectSucceeded(ExecutionEvent event) {
        delegate.forkedProjectSucceeded(event);
    }

    @Override
    public void forkedProjectFailed(ExecutionEvent event) {
        delegate.forkedProjectFailed(event);
    }
}
