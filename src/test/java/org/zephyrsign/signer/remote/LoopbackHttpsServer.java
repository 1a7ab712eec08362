package org.zephyrsign.signer.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The base of every remote-service fake: an HTTPS server on 127.0.0.1 (a free port) with a
 * certificate from a {@link TestCa}, optionally demanding a client certificate from that CA
 * (mutual TLS). A fake subclasses it and implements {@link #handle}; the production client reaches
 * it through its ordinary endpoint setting (the address and {@code caBundle}), never through a
 * test-only branch. It records every request, and can be told to answer the next requests with
 * scripted statuses first (429 with Retry-After, 503, a dropped connection) to exercise retries.
 */
public abstract class LoopbackHttpsServer implements AutoCloseable {
    /** A request as the fake saw it; header names lower-case. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** An answer: status, headers, body (JSON text usually). */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        /** Drops the connection without answering: a reset, as the client sees it. */
        public static Answer drop() {
            return new Answer(-1, Map.of(), "");
        }
    }

    private final HttpsServer server;
    private final TestCa ca;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Answer> scripted = new ArrayDeque<>();

    /**
     * @param requireClientCertificate whether the TLS handshake demands a client certificate from the CA
     */
    protected LoopbackHttpsServer(TestCa ca, boolean requireClientCertificate) {
        this.ca = ca;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SSLContext ssl = serverContext(ca);
            server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = ssl.getDefaultSSLParameters();
                    p.setNeedClientAuth(requireClientCertificate);
                    params.setSSLParameters(p);
                }
            });
            server.createContext("/", this::dispatch);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, getClass().getSimpleName());
                t.setDaemon(true);
                return t;
            }));
            server.start();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** https://127.0.0.1:PORT, no trailing slash. */
    public URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TestCa ca() {
        return ca;
    }

    /** Every request so far, oldest first. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The next requests get these answers, in order, before {@link #handle} sees any again. */
    public void answerNext(Answer... answers) {
        synchronized (scripted) {
            scripted.addAll(List.of(answers));
        }
    }

    /** The service: answers one request. */
    protected abstract Answer handle(Request request);

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), headers, body);
            requests.add(r);
            Answer a;
            synchronized (scripted) {
                a = scripted.poll();
            }
            if (a == null) {
                try {
                    a = handle(r);
                } catch (RuntimeException e) {
                    a = Answer.json(500, "{\"errors\":[\"fake failed: " + e + "\"]}");
                }
            }
            if (a.status() < 0) {
                // Close the socket under the request: no status line ever reaches the client.
                throw new IOException("dropped on purpose");
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(bytes);
                }
            }
        }
    }

    private static SSLContext serverContext(TestCa ca) throws GeneralSecurityException, IOException {
        KeyStore keys = ca.serverKeyStore();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
