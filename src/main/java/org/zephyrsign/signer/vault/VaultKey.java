package org.zephyrsign.signer.vault;

import java.net.URI;
import java.util.Locale;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;

/**
 * Which transit key a configuration names, with Vault's conventions for what is left out
 * ({@code VAULT_ADDR}, {@code VAULT_NAMESPACE}, mount {@code transit}).
 *
 * @param version the key version, or null for the latest
 */
record VaultKey(URI address, String namespace, String mount, String name, Integer version) {

    static VaultKey fromConfig(SignerConfig config) {
        String what = VaultSignerBackend.TYPE + " signer: ";
        String address = config.get(VaultSignerBackend.ADDRESS);
        if (address == null) {
            address = config.secrets().environmentVariable("VAULT_ADDR");
        }
        if (address == null) {
            throw new SignerConfigException(what + name(config, VaultSignerBackend.ADDRESS)
                    + " is required (or set VAULT_ADDR)");
        }
        URI uri;
        try {
            uri = URI.create(address.endsWith("/") ? address.substring(0, address.length() - 1) : address);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(what + "address '" + address + "' is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new SignerConfigException(what + "address '" + address + "' must be https://HOST[:PORT]: the "
                    + "token and the signatures never travel unencrypted");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            throw new SignerConfigException(what + "address '" + address + "' must be https://HOST[:PORT] without "
                    + "a path; the engine's path is " + name(config, VaultSignerBackend.MOUNT));
        }
        String namespace = config.get(VaultSignerBackend.NAMESPACE);
        if (namespace == null) {
            namespace = config.secrets().environmentVariable("VAULT_NAMESPACE");
        }
        String mount = config.get(VaultSignerBackend.MOUNT) == null ? "transit" : config.get(VaultSignerBackend.MOUNT);
        mount = strip(mount);
        String key = config.require(VaultSignerBackend.KEY);
        if (key.contains("/") || mount.isEmpty()) {
            throw new SignerConfigException(what + name(config, VaultSignerBackend.KEY) + " is a key name, without '/'");
        }
        Integer version = null;
        String v = config.get(VaultSignerBackend.KEY_VERSION);
        if (v != null && !v.toLowerCase(Locale.ROOT).equals("latest")) {
            try {
                version = Integer.valueOf(v);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                throw new SignerConfigException(what + name(config, VaultSignerBackend.KEY_VERSION)
                        + " must be a version number (1, 2, ...), not '" + v + "'");
            }
        }
        return new VaultKey(uri, namespace == null ? null : strip(namespace), mount, key, version);
    }

    /** "transit key 'fw' (version 2) at https://vault:8200, namespace ns1". */
    String describe() {
        return "transit key '" + mount + "/keys/" + name + "'" + (version == null ? "" : " version " + version)
                + " at " + address + (namespace == null ? "" : ", namespace " + namespace);
    }

    URI api(String path) {
        return URI.create(address + "/v1/" + mount + "/" + path + "/" + name);
    }

    private static String strip(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static String name(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }
}
