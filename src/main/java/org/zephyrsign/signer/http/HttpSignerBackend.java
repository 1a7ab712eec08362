package org.zephyrsign.signer.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerParameter;
import org.zephyrsign.signer.remote.HttpSettings;

/**
 * {@code http}: an in-house signing service speaking the JSON contract of the README ("Remote
 * signers", http). On a command line: {@code sign+https://HOST[:PORT]/BASE/keys/KEY_ID[?token=env:NAME]}.
 */
public final class HttpSignerBackend implements SignerBackend {
    static final String TYPE = "http";
    static final String URL = "url";
    static final String KEY_ID = "keyId";
    static final String TOKEN = "token";
    static final String PUBLIC_KEY = "publicKey";
    static final String PREFIX = "sign+https://";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "an in-house HTTPS signing service speaking this plugin's JSON contract";
    }

    @Override
    public List<SignerParameter> parameters() {
        List<SignerParameter> p = new ArrayList<>(List.of(
                new SignerParameter(URL, "the service's base URL, https://HOST[:PORT]/BASE (requests go to "
                        + "BASE/keys/KEY_ID and BASE/keys/KEY_ID/sign)"),
                new SignerParameter(KEY_ID, "the key's id at the service"),
                new SignerParameter(TOKEN, "where the bearer token comes from: env:NAME, file:PATH or mvn:SERVER_ID "
                        + "(none: the client certificate alone authenticates)"),
                new SignerParameter(PUBLIC_KEY, "the key's public half (PEM), when the service does not hand it "
                        + "out; checked against what it does hand out")));
        p.addAll(HttpSettings.PARAMETERS);
        return p;
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return HttpContractSigner.open(config, log);
    }

    /** Only with a local public key (its hash is part of it): a service key may change under the same id. */
    @Override
    public String keyIdentity(SignerConfig config) {
        if (config.get(PUBLIC_KEY) == null) {
            return null;
        }
        return TYPE + ", " + config.require(URL) + ", key " + config.require(KEY_ID) + ", public key "
                + HexFormat.of().formatHex(PemKeys.publicKey(config.requirePath(PUBLIC_KEY)).keyHash(HashAlgorithm.SHA256));
    }

    /** {@code sign+https://HOST[:PORT]/BASE/keys/KEY_ID[?token=env:NAME&caBundle=...]}. */
    @Override
    public Map<String, String> fromKeyReference(String reference) {
        if (!reference.startsWith(PREFIX)) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(reference.substring("sign+".length()));
        } catch (URISyntaxException e) {
            throw new SignerConfigException("http key reference: not a URI: " + e.getReason());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int keys = path.lastIndexOf("/keys/");
        if (uri.getHost() == null || keys < 0 || keys + 6 >= path.length() || path.indexOf('/', keys + 6) >= 0) {
            throw new SignerConfigException("http key reference must be " + PREFIX + "HOST[:PORT]/BASE/keys/KEY_ID"
                    + "[?token=env:NAME], e.g. " + PREFIX + "signing.example.com/api/v1/keys/firmware");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put(URL, "https://" + uri.getRawAuthority() + path.substring(0, keys));
        p.put(KEY_ID, decode(path.substring(keys + 6)));
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (name.equals(URL) || name.equals(KEY_ID)
                        || parameters().stream().noneMatch(s -> s.name().equals(name))) {
                    throw new SignerConfigException("http key reference: unknown query parameter '" + name
                            + "'; known: token, publicKey, caBundle, clientCertificate, clientKey, "
                            + "clientCertificatePassword, connectTimeout, timeout, retries");
                }
                p.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return p;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
