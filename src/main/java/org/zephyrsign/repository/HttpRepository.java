package org.zephyrsign.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.zephyrsign.IoReasons;

/**
 * A Maven repository read over plain HTTP(S) GETs of the Maven 2 layout, for the command line
 * (the Maven front end resolves through Maven's own repository system). A snapshot's file name
 * comes from the version's {@code maven-metadata.xml}. Every file is checked against the
 * repository's {@code .sha256}, else its {@code .sha1}, when the repository has one. Credentials go
 * out as HTTP Basic; redirects are not followed, so they never reach another host. Messages name
 * URLs and status codes, never credentials.
 */
public final class HttpRepository {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    /** maven-metadata.xml and checksum files are small; anything larger is not one. */
    private static final long MAX_SMALL_FILE = 1 << 20;

    private final URI base;
    private final String authorization;
    private final String credentialsHint;
    private final HttpClient client;

    /**
     * @param url the repository's base URL (http or https, no user info)
     * @param user the user name, or null for anonymous access
     * @param password the password (only with a user)
     * @param credentialsHint where credentials come from, for a 401 message ("ZEPHYRSIGN_REPO_USER and ...")
     */
    public HttpRepository(String url, String user, char[] password, String credentialsHint) {
        this.base = baseUri(url);
        this.credentialsHint = credentialsHint;
        if (user != null) {
            CharBuffer chars = CharBuffer.allocate(user.length() + 1 + password.length);
            chars.put(user).put(':').put(password).flip();
            var bytes = StandardCharsets.UTF_8.encode(chars);
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(raw);
            java.util.Arrays.fill(raw, (byte) 0);
            java.util.Arrays.fill(chars.array(), '\0');
        } else {
            this.authorization = null;
        }
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static URI baseUri(String url) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new PublishedImageException.Usage("repository URL '" + url + "' is malformed: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new PublishedImageException.Usage("repository URL '" + url + "' must be an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new PublishedImageException.Usage("repository URL: credentials do not belong in the URL, where "
                    + "process lists and logs show them; give them as the command's help says");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new PublishedImageException.Usage("repository URL '" + url + "' must not have a query or fragment");
        }
        return uri;
    }

    /**
     * Downloads the artifact into {@code directory} (under its Maven 2 file name) and checks it
     * against the repository's checksum.
     *
     * @return the file, or empty when the repository does not have the artifact and it is optional
     * @throws PublishedImageException when a required artifact is missing, the repository refuses,
     *         or the file does not match the repository's checksum
     */
    public Optional<Path> download(ArtifactCoordinates artifact, Path directory, boolean required) {
        String fileVersion = artifact.version();
        if (artifact.isSnapshot()) {
            Optional<String> timestamped = snapshotVersion(artifact);
            if (timestamped.isEmpty()) {
                return missing(artifact, base.resolve(artifact.versionDirectory() + "maven-metadata.xml"), required);
            }
            fileVersion = timestamped.get();
        }
        String path = artifact.path(fileVersion);
        URI uri = base.resolve(path);
        Path target = directory.resolve(path.substring(path.lastIndexOf('/') + 1));
        Path partial = directory.resolve(target.getFileName() + ".part");
        HttpResponse<Path> response = send(uri, HttpResponse.BodyHandlers.ofFile(partial));
        if (response.statusCode() == 404) {
            deleteQuietly(partial);
            return missing(artifact, uri, required);
        }
        if (response.statusCode() != 200) {
            deleteQuietly(partial);
            throw refused(uri, response.statusCode());
        }
        try {
            checkChecksum(uri, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": " + IoReasons.of(e), e);
        } finally {
            deleteQuietly(partial);
        }
        return Optional.of(target);
    }

    /** The URL an artifact's file has (a release's; a snapshot's directory), for messages. */
    public String location(ArtifactCoordinates artifact) {
        return base.resolve(artifact.isSnapshot() ? artifact.versionDirectory() : artifact.path(artifact.version()))
                .toString();
    }

    private Optional<Path> missing(ArtifactCoordinates artifact, URI uri, boolean required) {
        if (required) {
            throw new PublishedImageException(artifact + " is not in the repository: " + uri + " answers 404 Not Found");
        }
        return Optional.empty();
    }

    /** Checks the file against {@code .sha256}, else {@code .sha1}; a repository with neither gets no check. */
    private void checkChecksum(URI file, Path downloaded) throws IOException {
        for (String algorithm : new String[] {"SHA-256", "SHA-1"}) {
            URI checksumUri = URI.create(file + (algorithm.equals("SHA-256") ? ".sha256" : ".sha1"));
            HttpResponse<byte[]> response = send(checksumUri, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                continue;
            }
            if (response.statusCode() != 200) {
                throw refused(checksumUri, response.statusCode());
            }
            byte[] body = response.body();
            String text = new String(body, 0, (int) Math.min(body.length, MAX_SMALL_FILE), StandardCharsets.US_ASCII)
                    .strip();
            String expected = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            String actual = HexFormat.of().formatHex(digest(downloaded, algorithm));
            if (!expected.equals(actual)) {
                throw new PublishedImageException(file + ": the downloaded file's " + algorithm + " is " + actual
                        + ", the repository's " + checksumUri.getPath().substring(checksumUri.getPath().lastIndexOf('.'))
                        + " says " + (expected.matches("[0-9a-f]{1,128}") ? expected : "something else")
                        + ": damaged in the repository or on the way");
            }
            return;
        }
    }

    private static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256 and SHA-1
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    /** The timestamped version of a snapshot's file, from the version's maven-metadata.xml. */
    private Optional<String> snapshotVersion(ArtifactCoordinates artifact) {
        URI uri = base.resolve(artifact.versionDirectory() + "maven-metadata.xml");
        HttpResponse<byte[]> response = send(uri, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw refused(uri, response.statusCode());
        }
        if (response.body().length > MAX_SMALL_FILE) {
            throw new PublishedImageException(uri + " is too large for repository metadata");
        }
        Document metadata = parseXml(uri, response.body());
        NodeList versions = metadata.getElementsByTagName("snapshotVersion");
        String wanted = artifact.classifier() == null ? "" : artifact.classifier();
        for (int i = 0; i < versions.getLength(); i++) {
            Element v = (Element) versions.item(i);
            if (wanted.equals(child(v, "classifier")) && artifact.extension().equals(child(v, "extension"))) {
                return Optional.of(child(v, "value"));
            }
        }
        // Older deployers list only the last build: timestamp and build number.
        String timestamp = first(metadata, "timestamp");
        String buildNumber = first(metadata, "buildNumber");
        if (!timestamp.isEmpty() && !buildNumber.isEmpty()) {
            return Optional.of(artifact.version().replace("SNAPSHOT", timestamp + "-" + buildNumber));
        }
        return Optional.empty();
    }

    private static Document parseXml(URI uri, byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new PublishedImageException(uri + " is not repository metadata (malformed XML)");
        }
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static String first(Document document, String name) {
        NodeList nodes = document.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private PublishedImageException refused(URI uri, int status) {
        String reason = switch (status) {
            case 401 -> "401 Unauthorized: " + (authorization == null ? "the repository wants credentials ("
                    + credentialsHint + ")" : "the repository refuses these credentials (" + credentialsHint + ")");
            case 403 -> "403 Forbidden: this user may not read it";
            default -> status >= 300 && status < 400 ? status + ", a redirect, which is not followed: give the URL "
                    + "it points to as the repository" : "HTTP " + status;
        };
        return new PublishedImageException(uri + " answers " + reason);
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), body);
        } catch (HttpTimeoutException e) {
            throw new PublishedImageException(uri + ": no answer within " + REQUEST_TIMEOUT.toMinutes() + " minutes");
        } catch (ConnectException e) {
            throw new PublishedImageException(uri + ": cannot connect" + (e.getMessage() == null ? ""
                    : " (" + e.getMessage() + ")"));
        } catch (IOException e) {
            throw new PublishedImageException(uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishedImageException(uri + ": interrupted");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file in a temporary directory the caller removes
        }
    }
}
