package org.zephyrsign.signer.remote;

import org.zephyrsign.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;

/**
 * The HTTPS client every remote backend talks through ({@code java.net.http}, no other library).
 * It connects with the {@link HttpSettings} (timeouts, CA bundle, client certificate, proxy),
 * retries per {@link RetryPolicy} (429/5xx/connection reset, honouring Retry-After, never 4xx),
 * follows no redirect (a token is never sent to another host), and turns every network failure
 * into one {@link RemoteSignerException} line naming the {@link RemoteTarget}. HTTP answers that
 * are not retried come back as a {@link Response} for the backend to read; {@link #failure} maps
 * the common statuses (401/403, 404, others).
 *
 * <p>One client per build and settings: {@link #shared} hands out the same instance to every signer
 * of the build with equal settings, so all images go over one connection pool.
 */
public final class RemoteHttpClient {
    /** No service answer the signers read comes near this. */
    static final int MAX_RESPONSE = 1 << 20;

    /** An HTTP answer: status, headers (names lower-case), body as text (UTF-8). */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public boolean ok() {
            return status >= 200 && status <= 299;
        }

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The body as a JSON object; anything else is a malformed-response failure. */
        public Map<String, Object> json(RemoteTarget target) {
            try {
                return Json.parseObject(body);
            } catch (Json.JsonException e) {
                throw target.failure(Kind.MALFORMED_RESPONSE, "HTTP " + status + ", " + e.getMessage());
            }
        }
    }

    private static final Map<String, RemoteHttpClient> SHARED = new LinkedHashMap<>();

    private final HttpClient http;
    private final HttpSettings settings;
    private final RetryPolicy retry;
    private final Proxies proxies;
    private volatile SignerLog log = SignerLog.NONE;

    /**
     * A client of its own (tests; a backend uses {@link #shared}).
     *
     * @param backend the backend's type, for messages about the TLS files
     */
    public RemoteHttpClient(HttpSettings settings, RetryPolicy retry, String backend) {
        this.settings = settings;
        this.retry = retry;
        this.proxies = new Proxies(settings.proxies(), settings.environment(), backend);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(proxies)
                .sslContext(TlsMaterial.context(settings, backend))
                .build();
    }

    /**
     * The build's client for these settings, made on first use; {@code log} receives the retry
     * notes. {@link RemoteSessions#closeAll} forgets them when the build ends.
     */
    public static RemoteHttpClient shared(HttpSettings settings, String backend, SignerLog log) {
        RemoteHttpClient c;
        synchronized (SHARED) {
            c = SHARED.computeIfAbsent(backend + "|" + settings.sharingKey(),
                    k -> new RemoteHttpClient(settings, RetryPolicy.standard(settings.retries()), backend));
        }
        c.log = log == null ? SignerLog.NONE : log;
        return c;
    }

    static void forgetShared() {
        synchronized (SHARED) {
            SHARED.clear();
        }
    }

    public HttpSettings settings() {
        return settings;
    }

    public Response get(RemoteTarget target, URI uri, Map<String, String> headers) {
        return send(target, "GET", uri, headers, null);
    }

    /** POSTs {@code body} as {@code application/json} ({@link Json#write}). */
    public Response postJson(RemoteTarget target, URI uri, Map<String, String> headers, Object body) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/json");
        return send(target, "POST", uri, h, Json.write(body));
    }

    /**
     * Sends a request, retrying as the policy says; returns the answer that ended the retries
     * (success or a status not worth retrying).
     *
     * @param headers request headers; their values (tokens) never reach a message
     * @param body the body text, or null for none
     * @throws RemoteSignerException UNREACHABLE, TLS, RATE_LIMITED (429/503 after the retries),
     *     SERVICE_ERROR (another 5xx after the retries, or a redirect)
     */
    public Response send(RemoteTarget target, String method, URI uri, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.readTimeout())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        HttpRequest request = b.build();
        int attempt = 0;
        while (true) {
            Response response;
            try {
                response = exchange(request);
            } catch (IOException e) {
                if (isReset(e) && attempt < retry.retries()) {
                    attempt++;
                    pause(target, retry.backoff(attempt), "the connection was reset", attempt);
                    continue;
                }
                throw networkFailure(target, uri, e, attempt);
            }
            if (RetryPolicy.retryable(response.status())) {
                Duration asked = retry.retryAfter(response.header("Retry-After"));
                if (asked != null && asked.compareTo(retry.maxRetryAfter()) > 0) {
                    throw target.failure(Kind.RATE_LIMITED, "HTTP " + response.status() + ", Retry-After "
                            + asked.toSeconds() + " s is longer than the " + retry.maxRetryAfter().toSeconds()
                            + " s this signer waits");
                }
                if (attempt < retry.retries()) {
                    attempt++;
                    Duration backoff = retry.backoff(attempt);
                    Duration wait = asked != null && asked.compareTo(backoff) > 0 ? asked : backoff;
                    pause(target, wait, "HTTP " + response.status(), attempt);
                    continue;
                }
                String detail = "HTTP " + response.status() + " after " + attempt + " retr" + (attempt == 1 ? "y" : "ies")
                        + serviceText(response);
                throw target.failure(response.status() == 429 || response.status() == 503 ? Kind.RATE_LIMITED
                        : Kind.SERVICE_ERROR, detail);
            }
            if (response.status() >= 300 && response.status() <= 399) {
                throw target.failure(Kind.SERVICE_ERROR, "HTTP " + response.status() + " redirect to "
                        + Optional.ofNullable(response.header("Location")).orElse("nowhere")
                        + "; name that address directly (credentials are never sent on a redirect)");
            }
            return response;
        }
    }

    /**
     * The failure for an answer the backend did not expect: 401/403 AUTH, 404 KEY_NOT_FOUND, else
     * SERVICE_ERROR, each with the status and {@code serviceMessage} (the service's own words, as the
     * backend found them in the body; may be null).
     */
    public static RemoteSignerException failure(RemoteTarget target, Response r, String serviceMessage) {
        String detail = "HTTP " + r.status() + (serviceMessage == null || serviceMessage.isBlank() ? ""
                : ": " + serviceMessage);
        Kind kind = switch (r.status()) {
            case 401, 403 -> Kind.AUTH;
            case 404 -> Kind.KEY_NOT_FOUND;
            default -> Kind.SERVICE_ERROR;
        };
        return target.failure(kind, detail);
    }

    private Response exchange(HttpRequest request) throws IOException {
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = r.body()) {
                bytes = in.readNBytes(MAX_RESPONSE + 1);
            }
            if (bytes.length > MAX_RESPONSE) {
                bytes = java.util.Arrays.copyOf(bytes, MAX_RESPONSE); // truncated: the JSON reader says malformed
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            return new Response(r.statusCode(), headers, new String(bytes, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void pause(RemoteTarget target, Duration wait, String why, int attempt) {
        log.info(target.describe() + ": " + why + "; retry " + attempt + " of " + retry.retries() + " in "
                + String.format(Locale.ROOT, "%.1f", wait.toMillis() / 1000.0) + " s");
        try {
            retry.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw target.failure(Kind.UNREACHABLE, "interrupted while waiting to retry");
        }
    }

    /** The service's words from an error body, short; "" when it said nothing readable. */
    private static String serviceText(Response r) {
        String s = RemoteTarget.oneLine(r.body());
        return s.isEmpty() ? "" : ": " + (s.length() > 160 ? s.substring(0, 157) + "..." : s);
    }

    /** A connection dropped under a request: worth another try (unlike a refusal or a TLS failure). */
    static boolean isReset(IOException e) {
        if (e instanceof HttpTimeoutException || e instanceof ConnectException || find(e, SSLException.class) != null) {
            return false;
        }
        if (find(e, EOFException.class) != null) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("connection reset") || m.contains("received no bytes") || m.contains("broken pipe")
                    || m.contains("connection closed") || m.contains("eof reached")) {
                return true;
            }
        }
        return false;
    }

    private RemoteSignerException networkFailure(RemoteTarget target, URI uri, IOException e, int retries) {
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String proxy = proxies.describe(uri);
        String via = proxy == null ? "" : " " + proxy;
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null) {
            return target.failure(Kind.TLS, where + via + ": " + tlsReason(ssl), e);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return target.failure(Kind.UNREACHABLE, "no connection to " + where + via + " within "
                    + settings.connectTimeout().toSeconds() + " s", e);
        }
        if (e instanceof HttpTimeoutException) {
            return target.failure(Kind.UNREACHABLE, "no answer from " + where + via + " within "
                    + settings.readTimeout().toSeconds() + " s", e);
        }
        if (find(e, UnresolvedAddressException.class) != null || find(e, UnknownHostException.class) != null) {
            return target.failure(Kind.UNREACHABLE, "unknown host " + (proxy == null ? uri.getHost() : where + via), e);
        }
        if (find(e, ConnectException.class) != null) {
            return target.failure(Kind.UNREACHABLE, "connection to " + where + via + " refused", e);
        }
        if (isReset(e)) {
            return target.failure(Kind.UNREACHABLE, "the connection to " + where + via + " was reset"
                    + (retries > 0 ? " " + (retries + 1) + " times" : ""), e);
        }
        return target.failure(Kind.UNREACHABLE, where + via + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }

    private String tlsReason(SSLException e) {
        String m = String.valueOf(deepest(e).getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("pkix") || lower.contains("unable to find valid certification path")
                || lower.contains("trust anchor")) {
            return "the server's certificate is not signed by a trusted CA ("
                    + (settings.caBundle() == null ? "the JDK's CAs; set caBundle for a private CA"
                    : "CA bundle " + settings.caBundle()) + ")";
        }
        if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
            return "the server's certificate does not name this host";
        }
        if (lower.contains("bad_certificate") || lower.contains("certificate_required")
                || lower.contains("unknown_ca") || lower.contains("certificate_unknown")) {
            return "the server refused the client certificate"
                    + (settings.clientCertificate() == null ? " (none was configured: set clientCertificate)"
                    : " " + settings.clientCertificate());
        }
        if (lower.contains("expired") || lower.contains("notafter")) {
            return "the server's certificate has expired";
        }
        return RemoteTarget.oneLine(m);
    }

    private static Throwable deepest(Throwable t) {
        Throwable d = t;
        while (d.getCause() != null && d.getCause() != d) {
            d = d.getCause();
        }
        return d.getMessage() == null ? t : d;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (type.isInstance(x)) {
                return type.cast(x);
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return null;
    }
}
