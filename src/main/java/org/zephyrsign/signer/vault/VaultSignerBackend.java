package org.zephyrsign.signer.vault;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerParameter;
import org.zephyrsign.signer.remote.HttpSettings;

/**
 * {@code vault}: a key in a HashiCorp Vault or OpenBao transit secrets engine. On a command line:
 * {@code vault://HOST[:PORT]/MOUNT/keys/NAME[?version=N&namespace=NS]} (always HTTPS).
 */
public final class VaultSignerBackend implements SignerBackend {
    static final String TYPE = "vault";
    static final String ADDRESS = "address";
    static final String MOUNT = "mount";
    static final String KEY = "key";
    static final String KEY_VERSION = "keyVersion";
    static final String NAMESPACE = "namespace";
    static final String TOKEN = "token";
    static final String SERVER_ID = "serverId";
    static final String ROLE_ID = "roleId";
    static final String SECRET_ID = "secretId";
    static final String AUTH_MOUNT = "authMount";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "a key in a HashiCorp Vault or OpenBao transit secrets engine";
    }

    @Override
    public List<SignerParameter> parameters() {
        List<SignerParameter> p = new ArrayList<>(List.of(
                new SignerParameter(ADDRESS, "the Vault address, https://HOST:PORT (default: VAULT_ADDR)"),
                new SignerParameter(MOUNT, "the transit engine's mount path (default transit)"),
                new SignerParameter(KEY, "the transit key's name"),
                new SignerParameter(KEY_VERSION, "the key version to sign with (default: the latest; set it so "
                        + "that an unchanged build is not signed again)"),
                new SignerParameter(NAMESPACE, "the Vault Enterprise/HCP namespace (default: VAULT_NAMESPACE)"),
                new SignerParameter(TOKEN, "where the Vault token comes from: env:NAME, file:PATH or mvn:SERVER_ID "
                        + "(default: env:VAULT_TOKEN, else ~/.vault-token as vault login leaves it)"),
                new SignerParameter(SERVER_ID, "the settings.xml <server> whose password is the Vault token"),
                new SignerParameter(ROLE_ID, "AppRole login: the role id (or env:NAME/file:PATH)"),
                new SignerParameter(SECRET_ID, "AppRole login: where the secret id comes from: env:NAME, file:PATH "
                        + "or mvn:SERVER_ID"),
                new SignerParameter(AUTH_MOUNT, "AppRole login: the auth method's mount path (default approle)")));
        p.addAll(HttpSettings.PARAMETERS);
        return p;
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return VaultSigner.open(VaultKey.fromConfig(config), config, log);
    }

    /**
     * Address, namespace, mount, key and version: the same text, the same key. Null without a
     * version: "the latest" changes when the key is rotated, so every build asks.
     */
    @Override
    public String keyIdentity(SignerConfig config) {
        VaultKey key = VaultKey.fromConfig(config);
        if (key.version() == null) {
            return null;
        }
        return TYPE + ", " + key.address() + ", namespace " + key.namespace() + ", " + key.mount() + "/keys/"
                + key.name() + ", version " + key.version();
    }

    /** {@code vault://HOST[:PORT]/MOUNT/keys/NAME[?version=N&namespace=NS&token=env:X&...]}. */
    @Override
    public Map<String, String> fromKeyReference(String reference) {
        if (!reference.startsWith("vault://")) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(reference);
        } catch (URISyntaxException e) {
            throw new SignerConfigException("vault key reference: not a URI: " + e.getReason());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int keys = path.lastIndexOf("/keys/");
        if (uri.getHost() == null || keys <= 0 || keys + 6 >= path.length() || path.indexOf('/', keys + 6) >= 0) {
            throw new SignerConfigException("vault key reference must be vault://HOST[:PORT]/MOUNT/keys/NAME"
                    + "[?version=N], e.g. vault://vault.example.com:8200/transit/keys/firmware");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ADDRESS, "https://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        p.put(MOUNT, decode(path.substring(1, keys)));
        p.put(KEY, decode(path.substring(keys + 6)));
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                String param = name.equals("version") ? KEY_VERSION : name;
                if (param.equals(ADDRESS) || param.equals(MOUNT) || param.equals(KEY)
                        || parameters().stream().noneMatch(s -> s.name().equals(param))) {
                    throw new SignerConfigException("vault key reference: unknown query parameter '" + name
                            + "'; known: version, namespace, token, roleId, secretId, authMount, caBundle, "
                            + "clientCertificate, clientKey, clientCertificatePassword, connectTimeout, timeout, retries");
                }
                p.put(param, value);
            }
        }
        return p;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
