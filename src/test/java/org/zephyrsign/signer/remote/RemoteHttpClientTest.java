package org.zephyrsign.signer.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.remote.LoopbackHttpsServer.Answer;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;

/** The shared HTTPS client against a loopback server with a test CA: TLS, mTLS, retries, failures. */
class RemoteHttpClientTest {
    @TempDir
    static Path dir;
    static TestCa ca;

    static final RemoteTarget TARGET = new RemoteTarget("test", "key 'k' at loopback", "token from env:T");

    /** Answers 200 {"ok":true} to everything. */
    static final class Ok extends LoopbackHttpsServer {
        Ok(boolean mtls) {
            super(ca, mtls);
        }

        @Override
        protected Answer handle(Request request) {
            return Answer.json(200, "{\"ok\":true}");
        }
    }

    @BeforeAll
    static void makeCa() {
        ca = TestCa.create(dir, "client-test");
    }

    final List<Duration> slept = new ArrayList<>();

    RetryPolicy policy(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60),
                slept::add, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC), () -> 0.999);
    }

    static HttpSettings settings(Path caBundle, Path clientCert, String password, Map<String, String> env,
            List<SignerConfig.Proxy> proxies) {
        return new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 4, caBundle, clientCert, null,
                password == null ? null : password::toCharArray, password == null ? null : "env:P12_PASSWORD",
                proxies, env::get);
    }

    RemoteHttpClient client(Path caBundle, int retries) {
        return new RemoteHttpClient(settings(caBundle, null, null, Map.of(), List.of()), policy(retries), "test");
    }

    @Test
    void retriesA429HonouringRetryAfterThenSucceeds() {
        try (Ok server = new Ok(false)) {
            server.answerNext(new Answer(429, Map.of("Retry-After", "3"), "{\"errors\":[\"slow down\"]}"));
            RemoteHttpClient.Response r = client(ca.caPem(), 4).get(TARGET, server.uri().resolve("/x"), Map.of());
            assertEquals(200, r.status());
            assertEquals(Boolean.TRUE, r.json(TARGET).get("ok"));
            assertEquals(2, server.requests().size());
            assertEquals(List.of(Duration.ofSeconds(3)), slept, "Retry-After wins over the shorter backoff");
        }
    }

    @Test
    void retryAfterAsAnHttpDate() {
        try (Ok server = new Ok(false)) {
            server.answerNext(new Answer(503, Map.of("Retry-After", "Mon, 30 Nov 2026 12:00:07 GMT"), ""));
            assertEquals(200, client(ca.caPem(), 4).get(TARGET, server.uri(), Map.of()).status());
            assertEquals(List.of(Duration.ofSeconds(7)), slept);
        }
    }

    @Test
    void backoffGrowsAndIsCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60),
                d -> { }, Clock.systemUTC(), () -> 0.0);
        assertEquals(Duration.ofMillis(250), p.backoff(1), "jitter: at least half the step");
        assertEquals(Duration.ofMillis(500), p.backoff(2));
        assertEquals(Duration.ofSeconds(4), p.backoff(10), "capped at 8 s, jittered down to half");
        RetryPolicy high = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60),
                d -> { }, Clock.systemUTC(), () -> 0.999);
        assertTrue(high.backoff(10).compareTo(Duration.ofSeconds(8)) <= 0);
    }

    @Test
    void neverRetries401() {
        try (Ok server = new Ok(false)) {
            server.answerNext(Answer.json(401, "{\"errors\":[\"permission denied\"]}"));
            RemoteHttpClient.Response r = client(ca.caPem(), 4).get(TARGET, server.uri(), Map.of());
            assertEquals(401, r.status());
            assertEquals(1, server.requests().size());
            assertTrue(slept.isEmpty());
            RemoteSignerException e = RemoteHttpClient.failure(TARGET, r, "permission denied");
            assertEquals(Kind.AUTH, e.kind());
            assertEquals("test signer, key 'k' at loopback (token from env:T): the service refused the credentials "
                    + "(HTTP 401: permission denied); check that the credential is valid and allowed to read the "
                    + "key and sign with it", e.getMessage());
        }
    }

    @Test
    void rateLimitedAfterTheRetries() {
        try (Ok server = new Ok(false)) {
            for (int i = 0; i < 3; i++) {
                server.answerNext(new Answer(429, Map.of(), "{\"errors\":[\"rate limit quota exceeded\"]}"));
            }
            RemoteSignerException e = assertThrows(RemoteSignerException.class,
                    () -> client(ca.caPem(), 2).get(TARGET, server.uri(), Map.of()));
            assertEquals(Kind.RATE_LIMITED, e.kind());
            assertEquals(3, server.requests().size());
            assertEquals(2, slept.size());
            assertTrue(e.getMessage().contains("HTTP 429 after 2 retries"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aRetryAfterLongerThanTheLimitIsReportedAtOnce() {
        try (Ok server = new Ok(false)) {
            server.answerNext(new Answer(429, Map.of("Retry-After", "3600"), ""));
            RemoteSignerException e = assertThrows(RemoteSignerException.class,
                    () -> client(ca.caPem(), 4).get(TARGET, server.uri(), Map.of()));
            assertEquals(Kind.RATE_LIMITED, e.kind());
            assertTrue(e.getMessage().contains("Retry-After 3600 s"), e.getMessage());
            assertTrue(slept.isEmpty());
        }
    }

    @Test
    void aDroppedConnectionIsRetried() {
        try (Ok server = new Ok(false)) {
            server.answerNext(Answer.drop());
            // A POST: the JDK's client retries a dropped GET once by itself, a POST it leaves to us.
            assertEquals(200, client(ca.caPem(), 4).postJson(TARGET, server.uri(), Map.of(), Map.of("a", 1))
                    .status());
            assertEquals(2, server.requests().size());
            assertEquals(1, slept.size());
        }
    }

    @Test
    void untrustedServerIsATlsFailureNeverTrusted() {
        try (Ok server = new Ok(false)) {
            RemoteSignerException e = assertThrows(RemoteSignerException.class,
                    () -> client(null, 4).get(TARGET, server.uri(), Map.of()));
            assertEquals(Kind.TLS, e.kind());
            assertTrue(e.getMessage().contains("not signed by a trusted CA (the JDK's CAs; set caBundle"),
                    e.getMessage());
            TestCa other = TestCa.create(dir.resolve("other"), "other");
            e = assertThrows(RemoteSignerException.class,
                    () -> client(other.caPem(), 4).get(TARGET, server.uri(), Map.of()));
            assertEquals(Kind.TLS, e.kind());
            assertTrue(e.getMessage().contains("CA bundle " + other.caPem()), e.getMessage());
            assertTrue(slept.isEmpty(), "a TLS failure is not retried");
        }
    }

    @Test
    void hostNameIsChecked() {
        try (Ok server = new Ok(false)) {
            // The certificate names 127.0.0.1 and localhost, not 127.0.0.2 (also this machine).
            URI other = URI.create("https://127.0.0.2:" + server.port() + "/");
            RemoteSignerException e = assertThrows(RemoteSignerException.class,
                    () -> client(ca.caPem(), 0).get(TARGET, other, Map.of()));
            assertTrue(e.kind() == Kind.TLS || e.kind() == Kind.UNREACHABLE, e.getMessage());
        }
    }

    @Test
    void mutualTlsWithPkcs12AndPem() {
        try (Ok server = new Ok(true)) {
            RemoteSignerException e = assertThrows(RemoteSignerException.class,
                    () -> client(ca.caPem(), 0).get(TARGET, server.uri(), Map.of()));
            assertTrue(e.kind() == Kind.TLS || e.kind() == Kind.UNREACHABLE, e.getMessage());
            Path p12 = ca.clientPkcs12("ci-client", "s3cret-p12");
            RemoteHttpClient withP12 = new RemoteHttpClient(settings(ca.caPem(), p12, "s3cret-p12", Map.of(),
                    List.of()), policy(0), "test");
            assertEquals(200, withP12.get(TARGET, server.uri(), Map.of()).status());
            Path pem = ca.clientPem("ci-client-pem");
            RemoteHttpClient withPem = new RemoteHttpClient(settings(ca.caPem(), pem, null, Map.of(), List.of()),
                    policy(0), "test");
            assertEquals(200, withPem.get(TARGET, server.uri(), Map.of()).status());
        }
    }

    @Test
    void wrongPkcs12PasswordNamesItsSourceNotTheValue() {
        Path p12 = ca.clientPkcs12("pw-client", "right-one");
        org.zephyrsign.signer.SignerConfigException e = assertThrows(
                org.zephyrsign.signer.SignerConfigException.class,
                () -> new RemoteHttpClient(settings(ca.caPem(), p12, "wrong-one", Map.of(), List.of()), policy(0),
                        "test"));
        assertTrue(e.getMessage().contains("env:P12_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-one"));
    }

    @Test
    void connectionRefusedIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteSignerException e = assertThrows(RemoteSignerException.class,
                () -> client(ca.caPem(), 3).get(TARGET, URI.create("https://127.0.0.1:" + port + "/"), Map.of()));
        assertEquals(Kind.UNREACHABLE, e.kind());
        assertEquals("test signer, key 'k' at loopback (token from env:T): cannot reach the service (connection to "
                + "127.0.0.1:" + port + " refused); check the address, the network and the proxy settings",
                e.getMessage());
        assertTrue(slept.isEmpty(), "a refused connection is not retried");
    }

    @Test
    void proxyFromEnvironmentAndMavenSettings() {
        URI vault = URI.create("https://vault.example.com:8200/v1/x");
        Proxies env = new Proxies(List.of(), Map.of("HTTPS_PROXY", "http://user:pw@proxy.corp:3128",
                "NO_PROXY", "localhost,.internal")::get, "test");
        assertEquals("proxy.corp:3128", env.select(vault).get(0).address().toString().replace("/<unresolved>", ""));
        assertEquals(java.net.Proxy.NO_PROXY, env.select(URI.create("https://vault.internal/")).get(0));
        assertEquals(java.net.Proxy.NO_PROXY, env.select(URI.create("https://localhost:1/")).get(0));
        Proxies lower = new Proxies(List.of(), Map.of("https_proxy", "proxy2:8080")::get, "test");
        assertTrue(lower.select(vault).get(0).address().toString().startsWith("proxy2"));
        Proxies maven = new Proxies(List.of(new SignerConfig.Proxy("http", "mproxy", 3128, "*.example.com|localhost")),
                Map.of("HTTPS_PROXY", "ignored:1")::get, "test");
        assertEquals(java.net.Proxy.NO_PROXY, maven.select(vault).get(0), "nonProxyHosts wildcard");
        assertTrue(maven.select(URI.create("https://kms.cloud.test/")).get(0).address().toString()
                .startsWith("mproxy"), "Maven's proxy wins over the environment's");
        Proxies none = new Proxies(List.of(), Map.<String, String>of()::get, "test");
        assertEquals(java.net.Proxy.NO_PROXY, none.select(vault).get(0));
    }

    @Test
    void requestsGoThroughTheConfiguredProxy() throws Exception {
        // A proxy that refuses connections: the failure names it, proving the request went there.
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteHttpClient c = new RemoteHttpClient(settings(ca.caPem(), null, null,
                Map.of("HTTPS_PROXY", "127.0.0.1:" + port), List.of()), policy(0), "test");
        RemoteSignerException e = assertThrows(RemoteSignerException.class,
                () -> c.get(TARGET, URI.create("https://vault.example.com/"), Map.of()));
        assertEquals(Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("through proxy 127.0.0.1"), e.getMessage());
    }
}
