package org.zephyrsign.signer.remote;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a build keeps of its remote signers: one credential per service and credential source
 * (a Vault AppRole login, a cloud token) and one HTTP client per settings
 * ({@link RemoteHttpClient#shared}), so that signing every image of every module logs in once. A
 * front end calls {@link #closeAll} when the build ends; the next build starts afresh.
 */
public final class RemoteSessions {
    private static final Map<String, Object> CREDENTIALS = new HashMap<>();

    private RemoteSessions() {
    }

    /**
     * The credential kept under {@code key}, or the one {@code fetch} makes now (once per build).
     * A fetch that fails is not kept: the next signer tries again.
     *
     * @param key what selects the credential: service address and credential source, never a secret
     */
    public static <T> T credential(String key, Supplier<T> fetch) {
        synchronized (CREDENTIALS) {
            @SuppressWarnings("unchecked")
            T v = (T) CREDENTIALS.get(key);
            if (v == null) {
                v = fetch.get();
                CREDENTIALS.put(key, v);
            }
            return v;
        }
    }

    /** Forgets a credential the service refused (an expired token), so the next use fetches anew. */
    public static void forget(String key) {
        if (key == null) {
            return;
        }
        synchronized (CREDENTIALS) {
            CREDENTIALS.remove(key);
        }
    }

    /** Ends the build: forgets every credential and client. */
    public static void closeAll() {
        synchronized (CREDENTIALS) {
            CREDENTIALS.clear();
        }
        RemoteHttpClient.forgetShared();
    }
}
