package org.zephyrsign.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.crypto.HashAlgorithm;

/** The command line's repository client against a Maven 2 layout served on 127.0.0.1. */
class HttpRepositoryTest {
    private static final String HINT = "ZEPHYRSIGN_REPO_USER and ZEPHYRSIGN_REPO_PASSWORD";
    private static final byte[] IMAGE = "not really an image, but bytes to fetch".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private HttpServer server;
    private String url;
    /** path below /repo/ → body; a missing path answers 404. */
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private String requiredAuthorization;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth);
            byte[] body = path.startsWith("/repo/") ? files.get(path.substring(6)) : null;
            int status = requiredAuthorization != null && !requiredAuthorization.equals(auth) ? 401
                    : path.startsWith("/moved/") ? 302 : body == null ? 404 : 200;
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "http://elsewhere.example/");
            }
            byte[] out = status == 200 ? body : ("<html>" + status + "</html>").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static final ArtifactCoordinates SIGNED = ArtifactCoordinates.parse("com.example:fw:1.0.0:signed", "a");

    @Test
    void fetchesTheFileAndChecksItsSha256() throws Exception {
        files.put("com/example/fw/1.0.0/fw-1.0.0-signed.bin", IMAGE);
        files.put("com/example/fw/1.0.0/fw-1.0.0-signed.bin.sha256",
                (hex(HashAlgorithm.SHA256.digest(IMAGE)) + "  fw-1.0.0-signed.bin\n").getBytes(StandardCharsets.US_ASCII));
        Path file = new HttpRepository(url, null, null, HINT).download(SIGNED, tmp, true).orElseThrow();
        assertEquals(tmp.resolve("fw-1.0.0-signed.bin"), file);
        assertArrayEquals(IMAGE, Files.readAllBytes(file));
        assertEquals(List.of("GET /repo/com/example/fw/1.0.0/fw-1.0.0-signed.bin",
                "GET /repo/com/example/fw/1.0.0/fw-1.0.0-signed.bin.sha256"), requests);
        assertEquals(List.of(), Files.list(tmp).filter(f -> f.toString().endsWith(".part")).toList());
    }

    @Test
    void aFileThatDoesNotMatchTheRepositorysChecksumIsRefused() throws Exception {
        files.put("com/example/fw/1.0.0/fw-1.0.0-signed.bin", IMAGE);
        String sha1 = hex(java.security.MessageDigest.getInstance("SHA-1").digest("other".getBytes()));
        files.put("com/example/fw/1.0.0/fw-1.0.0-signed.bin.sha1", sha1.getBytes(StandardCharsets.US_ASCII));
        var e = assertThrows(PublishedImageException.class,
                () -> new HttpRepository(url, null, null, HINT).download(SIGNED, tmp, true));
        assertEquals(url + "/com/example/fw/1.0.0/fw-1.0.0-signed.bin: the downloaded file's SHA-1 is "
                + hex(java.security.MessageDigest.getInstance("SHA-1").digest(IMAGE)) + ", the repository's .sha1 says "
                + sha1 + ": damaged in the repository or on the way", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("fw-1.0.0-signed.bin")));
        assertEquals(List.of(), Files.list(tmp).toList());
    }

    @Test
    void sendsBasicCredentialsAndNamesThemNeverInMessages() throws Exception {
        requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString("deployer:s3cret-pw".getBytes());
        files.put("com/example/fw/1.0.0/fw-1.0.0-signed.bin", IMAGE);
        new HttpRepository(url, "deployer", "s3cret-pw".toCharArray(), HINT).download(SIGNED, tmp, true);
        assertEquals(requiredAuthorization, authorizations.get(0));

        var wrong = assertThrows(PublishedImageException.class, () -> new HttpRepository(url, "deployer",
                "wrong-pw".toCharArray(), HINT).download(SIGNED, tmp, true));
        assertEquals(url + "/com/example/fw/1.0.0/fw-1.0.0-signed.bin answers 401 Unauthorized: the repository refuses "
                + "these credentials (" + HINT + ")", wrong.getMessage());
        var none = assertThrows(PublishedImageException.class, () -> new HttpRepository(url, null, null, HINT)
                .download(SIGNED, tmp, true));
        assertEquals(url + "/com/example/fw/1.0.0/fw-1.0.0-signed.bin answers 401 Unauthorized: the repository wants "
                + "credentials (" + HINT + ")", none.getMessage());
        assertFalse(wrong.getMessage().contains("pw"));
    }

    @Test
    void aMissingArtifactIsAnErrorOnlyWhenRequired() {
        var repository = new HttpRepository(url, null, null, HINT);
        assertTrue(repository.download(SIGNED.signingRecord(), tmp, false).isEmpty());
        var e = assertThrows(PublishedImageException.class, () -> repository.download(SIGNED, tmp, true));
        assertEquals("com.example:fw:1.0.0:signed is not in the repository: " + url
                + "/com/example/fw/1.0.0/fw-1.0.0-signed.bin answers 404 Not Found", e.getMessage());
    }

    @Test
    void aSnapshotsFileIsNamedByTheVersionsMetadata() throws Exception {
        files.put("com/example/fw/1.1-SNAPSHOT/maven-metadata.xml", ("<metadata><versioning><snapshot><timestamp>"
                + "20261130.221500</timestamp><buildNumber>3</buildNumber></snapshot><snapshotVersions>"
                + "<snapshotVersion><classifier>signed</classifier><extension>bin</extension>"
                + "<value>1.1-20261130.221500-3</value></snapshotVersion>"
                + "<snapshotVersion><extension>pom</extension><value>1.1-20261130.221500-3</value></snapshotVersion>"
                + "</snapshotVersions></versioning></metadata>").getBytes(StandardCharsets.UTF_8));
        files.put("com/example/fw/1.1-SNAPSHOT/fw-1.1-20261130.221500-3-signed.bin", IMAGE);
        var snapshot = ArtifactCoordinates.parse("com.example:fw:1.1-SNAPSHOT:signed", "a");
        Path file = new HttpRepository(url, null, null, HINT).download(snapshot, tmp, true).orElseThrow();
        assertArrayEquals(IMAGE, Files.readAllBytes(file));
    }

    @Test
    void metadataWithADoctypeIsRefused() {
        files.put("com/example/fw/1.1-SNAPSHOT/maven-metadata.xml", ("<!DOCTYPE m [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><metadata>&x;</metadata>").getBytes(StandardCharsets.UTF_8));
        var snapshot = ArtifactCoordinates.parse("com.example:fw:1.1-SNAPSHOT:signed", "a");
        var e = assertThrows(PublishedImageException.class,
                () -> new HttpRepository(url, null, null, HINT).download(snapshot, tmp, true));
        assertEquals(url + "/com/example/fw/1.1-SNAPSHOT/maven-metadata.xml is not repository metadata (malformed XML)",
                e.getMessage());
    }

    @Test
    void redirectsAreNotFollowed() {
        String moved = "http://127.0.0.1:" + server.getAddress().getPort() + "/moved";
        var e = assertThrows(PublishedImageException.class, () -> new HttpRepository(moved, "u", "p".toCharArray(),
                HINT).download(ArtifactCoordinates.parse("x:a:1", "a"), tmp, true));
        assertEquals(moved + "/x/a/1/a-1.bin answers 302, a redirect, which is not followed: give the URL it points to "
                + "as the repository", e.getMessage());
        assertEquals(1, requests.size());
    }

    @Test
    void badUrlsAreUsageErrors() {
        assertEquals("repository URL 'ftp://h/r' must be an http:// or https:// URL", assertThrows(
                PublishedImageException.Usage.class, () -> new HttpRepository("ftp://h/r", null, null, HINT)).getMessage());
        assertEquals("repository URL: credentials do not belong in the URL, where process lists and logs show them; "
                + "give them as the command's help says", assertThrows(PublishedImageException.Usage.class,
                        () -> new HttpRepository("https://u:p@h/r", null, null, HINT)).getMessage());
    }
}
