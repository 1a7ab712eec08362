package org.zephyrsign.signer.cloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.zephyrsign.signer.SignerConfigException;

/**
 * A cloud key reference as a command line's {@code -k} gives it ({@code awskms:alias/fw},
 * {@code azurekv://fw.vault.azure.net/keys/app}, {@code gcpkms://projects/...}): the key, then
 * optionally {@code ?name=value&...} for the backend's other parameters (an {@code endpoint} or
 * {@code caBundle} for a private endpoint; never a secret: those stay {@code env:}/{@code file:}
 * references, and the backend refuses names it does not take).
 */
public final class CloudKeyReference {
    private CloudKeyReference() {
    }

    /**
     * @param rest the reference after its scheme
     * @param keyParameter the parameter the key part stands for
     * @param key turns the key part into that parameter's value
     */
    public static Map<String, String> parse(String scheme, String rest, String keyParameter, UnaryOperator<String> key) {
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new SignerConfigException(scheme + " key reference: '" + pair + "' is not NAME=VALUE");
                }
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                if (name.equals(keyParameter)) {
                    throw new SignerConfigException(scheme + " key reference: the key is named before '?', not as "
                            + name);
                }
                parameters.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        parameters.put(keyParameter, key.apply(path));
        return parameters;
    }
}
