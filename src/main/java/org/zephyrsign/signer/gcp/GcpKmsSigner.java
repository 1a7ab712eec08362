package org.zephyrsign.signer.gcp;

import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.SigningRequest;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.remote.HttpSettings;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.RemoteHttpClient;
import org.zephyrsign.signer.remote.RemoteImageSigner;
import org.zephyrsign.signer.remote.RemoteKeys;
import org.zephyrsign.signer.remote.RemoteSessions;
import org.zephyrsign.signer.remote.RemoteSignerException;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.RemoteTarget;

/**
 * Signs with Google Cloud KMS through its REST API ({@code cryptoKeyVersions.getPublicKey} and
 * {@code cryptoKeyVersions.asymmetricSign}), with a bearer token from google-auth-library's
 * application default credentials (a service account file, an {@code external_account} file for
 * workload identity federation such as CI OIDC, the metadata server) or a named credentials file.
 * The gRPC client library would add about 33 MB (README, "Cloud key services").
 *
 * <p>ECDSA and RSA-PSS keys sign the digest ({@code digest.sha256|sha384}); {@code EC_SIGN_ED25519}
 * signs {@code data}, the message itself (the digest, or a pure-Ed25519 image). Every payload goes
 * with its CRC32C, and every answer is checked the way Google documents: {@code verifiedDigestCrc32c}
 * (or {@code verifiedDataCrc32c}) true, {@code signatureCrc32c} and {@code pemCrc32c} matching.
 */
final class GcpKmsSigner extends RemoteImageSigner {
    static final String DEFAULT_ENDPOINT = "https://cloudkms.googleapis.com";
    static final String SCOPE = "https://www.googleapis.com/auth/cloudkms";
    private static final Pattern NAME = Pattern.compile(
            "projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+/cryptoKeyVersions/[^/]+");

    private final RemoteHttpClient http;
    private final URI base;
    private final GoogleCredentials credentials;

    private GcpKmsSigner(RemoteTarget target, McubootPublicKey key, RemoteHttpClient http, URI base,
            GoogleCredentials credentials) {
        super(target, key);
        this.http = http;
        this.base = base;
        this.credentials = credentials;
    }

    static GcpKmsSigner open(SignerConfig config, SignerLog log) {
        String name = config.require(GcpKmsSignerBackend.KEY_VERSION);
        if (!NAME.matcher(name).matches()) {
            throw new SignerConfigException(GcpKmsSignerBackend.TYPE + " signer: " + named(config,
                    GcpKmsSignerBackend.KEY_VERSION) + " must be projects/P/locations/L/keyRings/R/cryptoKeys/K/"
                    + "cryptoKeyVersions/V, not '" + name + "'");
        }
        String endpoint = config.get(GcpKmsSignerBackend.ENDPOINT);
        URI root = URI.create((endpoint == null ? DEFAULT_ENDPOINT : endpoint).replaceFirst("/+$", ""));
        if (!"https".equalsIgnoreCase(root.getScheme()) || root.getHost() == null) {
            throw new SignerConfigException(GcpKmsSignerBackend.TYPE + " signer: " + named(config,
                    GcpKmsSignerBackend.ENDPOINT) + " must be an https:// URL, not '" + endpoint + "'");
        }
        URI base = URI.create(root + "/v1/" + name);
        HttpSettings settings = HttpSettings.fromConfig(config, null);
        RemoteHttpClient http = RemoteHttpClient.shared(settings, GcpKmsSignerBackend.TYPE, log);

        String file = config.get(GcpKmsSignerBackend.CREDENTIALS_FILE);
        Path credentialsFile = file == null ? null : config.path(file);
        String source = credentialsFile != null ? "credentials file " + credentialsFile
                : "application default credentials";
        RemoteTarget target = new RemoteTarget(GcpKmsSignerBackend.TYPE, "key version " + name + " at " + root, source);
        RemoteTarget tokenTarget = target;
        HttpTransportFactory transport = () -> new GoogleTransport(http, tokenTarget);
        // Per credential source and HTTP client: the token requests go through that client's CA and proxies.
        GoogleCredentials credentials = RemoteSessions.credential("gcp-kms|" + source + "|" + System.identityHashCode(http),
                () -> credentials(tokenTarget, credentialsFile, transport));

        RemoteHttpClient.Response r = http.get(target, URI.create(base + "/publicKey"), auth(target, credentials));
        Map<String, Object> answer = answer(target, r);
        String algorithm = Json.string(answer, "algorithm");
        SignatureAlgorithm expected = switch (algorithm == null ? "" : algorithm) {
            case "EC_SIGN_P256_SHA256" -> SignatureAlgorithm.ECDSA_P256;
            case "EC_SIGN_P384_SHA384" -> SignatureAlgorithm.ECDSA_P384;
            case "RSA_SIGN_PSS_2048_SHA256" -> SignatureAlgorithm.RSA_2048;
            case "RSA_SIGN_PSS_3072_SHA256" -> SignatureAlgorithm.RSA_3072;
            case "EC_SIGN_ED25519" -> SignatureAlgorithm.ED25519;
            default -> throw target.failure(Kind.WRONG_KEY_TYPE, "its algorithm is " + algorithm + "; MCUboot "
                    + "verifies EC_SIGN_P256_SHA256, EC_SIGN_P384_SHA384, RSA_SIGN_PSS_2048_SHA256, "
                    + "RSA_SIGN_PSS_3072_SHA256 and EC_SIGN_ED25519 keys");
        };
        String pem = Json.string(answer, "pem");
        if (pem == null) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "no pem in the getPublicKey answer");
        }
        checkCrc(target, "pemCrc32c", answer.get("pemCrc32c"), pem.getBytes(StandardCharsets.UTF_8));
        McubootPublicKey key = RemoteKeys.fromPem(target, pem);
        if (key.algorithm() != expected) {
            throw target.failure(Kind.MALFORMED_RESPONSE, "the key is said to be " + algorithm + " but its PEM is "
                    + key.algorithm());
        }
        return new GcpKmsSigner(target, key, http, base, credentials);
    }

    @Override
    protected byte[] signRemotely(SigningRequest request) {
        boolean eddsa = request.algorithm() == SignatureAlgorithm.ED25519;
        byte[] payload = eddsa ? request.message() : request.digest();
        Map<String, Object> body = new LinkedHashMap<>();
        if (eddsa) {
            body.put("data", RemoteKeys.toBase64(payload));
            body.put("dataCrc32c", Long.toString(crc32c(payload)));
        } else {
            String field = request.hash() == HashAlgorithm.SHA384 ? "sha384" : "sha256";
            body.put("digest", Json.object(field, RemoteKeys.toBase64(payload)));
            body.put("digestCrc32c", Long.toString(crc32c(payload)));
        }
        RemoteHttpClient.Response r = http.postJson(target(), URI.create(base + ":asymmetricSign"),
                auth(target(), credentials), body);
        Map<String, Object> answer = answer(target(), r);
        String verifiedField = eddsa ? "verifiedDataCrc32c" : "verifiedDigestCrc32c";
        if (!Boolean.TRUE.equals(answer.get(verifiedField))) {
            throw target().failure(Kind.MALFORMED_RESPONSE, verifiedField + " is not true: the request was "
                    + "corrupted on the way; try again");
        }
        byte[] signature = RemoteKeys.base64(target(), "signature", Json.string(answer, "signature"));
        checkCrc(target(), "signatureCrc32c", answer.get("signatureCrc32c"), signature);
        return signature;
    }

    static long crc32c(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return c.getValue();
    }

    /** Google sends int64 values as JSON strings; a missing or different checksum means corruption. */
    private static void checkCrc(RemoteTarget target, String field, Object value, byte[] bytes) {
        long want = crc32c(bytes);
        String got = value == null ? null : value instanceof Number n ? Long.toString(n.longValue()) : value.toString();
        if (got == null || !got.equals(Long.toString(want))) {
            throw target.failure(Kind.MALFORMED_RESPONSE, field + " " + (got == null ? "is missing" : got
                    + " does not match the data (" + want + ")") + ": the answer was corrupted on the way");
        }
    }

    private static Map<String, String> auth(RemoteTarget target, GoogleCredentials credentials) {
        Map<String, List<String>> metadata;
        try {
            metadata = credentials.getRequestMetadata(null);
        } catch (IOException | RuntimeException e) {
            throw tokenFailure(target, e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        metadata.forEach((k, v) -> headers.put(k, String.join(",", v)));
        return headers;
    }

    /** A network failure on the way to the token endpoint is that failure; anything else is refused credentials. */
    static RemoteSignerException tokenFailure(RemoteTarget target, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteSignerException r) {
                return r;
            }
        }
        // google-auth's text: the status, the token endpoint and its error body; never the assertion or a token.
        return target.failure(Kind.AUTH, "no access token: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
    }

    private static GoogleCredentials credentials(RemoteTarget target, Path file, HttpTransportFactory transport) {
        try {
            GoogleCredentials c;
            if (file != null) {
                try (InputStream in = Files.newInputStream(file)) {
                    c = GoogleCredentials.fromStream(in, transport);
                }
            } else {
                c = GoogleCredentials.getApplicationDefault(transport);
            }
            return c.createScoped(List.of(SCOPE));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SignerConfigException(GcpKmsSignerBackend.TYPE + " signer: credentials file " + file
                    + " does not exist");
        } catch (IOException e) {
            throw target.failure(Kind.AUTH, "no Google credentials: " + firstLine(e.getMessage())
                    + (file == null ? " (set GOOGLE_APPLICATION_CREDENTIALS, run gcloud auth application-default "
                    + "login, or run where the metadata server answers)" : ""));
        }
    }

    /** The answer's JSON, or the failure Google's error body describes. */
    private static Map<String, Object> answer(RemoteTarget target, RemoteHttpClient.Response r) {
        if (r.ok()) {
            return r.json(target);
        }
        String status = null;
        String message = null;
        try {
            Map<String, Object> error = Json.parseObject(r.body());
            status = Json.string(error, "error", "status");
            message = Json.string(error, "error", "message");
        } catch (Json.JsonException notJson) {
            // the HTTP status alone then
        }
        if ("FAILED_PRECONDITION".equals(status) && message != null
                && message.toLowerCase(Locale.ROOT).contains("not enabled")) {
            return fail(target, Kind.KEY_DISABLED, r, status, message);
        }
        if ("FAILED_PRECONDITION".equals(status) || "INVALID_ARGUMENT".equals(status) && message != null
                && message.toLowerCase(Locale.ROOT).contains("purpose")) {
            return fail(target, Kind.WRONG_KEY_TYPE, r, status, message);
        }
        throw RemoteHttpClient.failure(target, r, (status == null ? "" : status + ": ")
                + (message == null ? "" : message));
    }

    private static Map<String, Object> fail(RemoteTarget target, Kind kind, RemoteHttpClient.Response r, String status,
            String message) {
        throw target.failure(kind, "HTTP " + r.status() + " " + status + ": " + message);
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        String s = m.strip().split("\\R", 2)[0];
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    private static String named(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }
}
