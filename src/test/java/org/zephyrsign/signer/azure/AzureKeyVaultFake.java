package org.zephyrsign.signer.azure;

import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.signer.cloud.CloudTestKeys;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer;
import org.zephyrsign.signer.remote.TestCa;

/**
 * Azure Key Vault on 127.0.0.1 with the Microsoft Entra token endpoint beside it, the subset the
 * azure-key-vault signer uses, as Microsoft documents it: {@code POST /{tenant}/oauth2/v2.0/token}
 * (client credentials grant; client id, secret and the vault scope checked), {@code GET
 * /keys/{name}[/{version}]?api-version=7.4} (the JWK: kid, kty EC/RSA, crv, x, y or n, e, key_ops;
 * attributes.enabled), {@code POST /keys/{name}/{version}/sign?api-version=7.4} ({@code alg} ES256,
 * ES384, PS256; {@code value} the base64url digest, whose length the algorithm fixes), answering ES*
 * with raw R||S (64/96 bytes, as Key Vault and the Lowkey Vault emulator do) and PS256 with salt 32;
 * bearer tokens checked, a 401 with Key Vault's challenge otherwise, Key Vault's error bodies
 * ({@code error.code/message}).
 *
 * <p>It stands in for the service because no Azure Key Vault emulator can be installed here (FACTS.md:
 * Lowkey Vault's server is not on Maven Central, and there is no Docker).
 */
public final class AzureKeyVaultFake extends LoopbackHttpsServer {
    public static final String TENANT = "72f988bf-0000-4000-8000-2d7cd011db47";
    public static final String CLIENT_ID = "0b5b8a5e-0000-4000-8000-000000c1e47d";

    /** A key version as Key Vault holds it. */
    public record Key(String name, String version, String kty, String crv, List<String> ops, KeyPair pair,
            boolean enabled) {
    }

    private final String clientSecret;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final List<String> unknown = new ArrayList<>();
    private volatile boolean corruptSignatures;

    public AzureKeyVaultFake(TestCa ca, String clientSecret) {
        super(ca, false);
        this.clientSecret = clientSecret;
    }

    /** Adds a key (one version); returns its versionless id, https://127.0.0.1:PORT/keys/NAME. */
    public String add(String kty, String crv, List<String> ops, KeyPair pair, boolean enabled) {
        String name = kty.toLowerCase().replace("-hsm", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
        String version = UUID.randomUUID().toString().replace("-", "");
        keys.put(name, new Key(name, version, kty, crv, ops, pair, enabled));
        return uri() + "/keys/" + name;
    }

    public Key key(String id) {
        return keys.get(id.substring(id.indexOf("/keys/") + 6).split("/")[0]);
    }

    /** The caller's role lacks keys/sign and keys/get on this key. */
    public void forbid(String id) {
        forbidden.add(key(id).name());
    }

    public void corruptSignatures(boolean on) {
        corruptSignatures = on;
    }

    /** Requests to paths this fake does not implement, for the tests' diagnostics. */
    public List<String> unknownRequests() {
        synchronized (unknown) {
            return List.copyOf(unknown);
        }
    }

    @Override
    protected Answer handle(Request r) {
        String path = r.path();
        if (r.method().equals("POST") && path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
            return token(r);
        }
        if (path.startsWith("/keys/")) {
            if (!"api-version=7.4".equals(r.query())) {
                return error(400, "BadParameter", "The specified version (" + r.query() + ") is not recognized.");
            }
            String auth = r.header("authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                return new Answer(401, Map.of("Content-Type", "application/json", "WWW-Authenticate",
                        "Bearer authorization=\"" + uri() + "/" + TENANT + "\", resource=\"https://vault.azure.net\""),
                        Json.write(Json.object("error", Json.object("code", "Unauthorized", "message",
                                "AKV10000: Request is missing a Bearer or PoP token."))));
            }
            String[] parts = path.substring(6).split("/");
            Key key = keys.get(parts[0]);
            if (key == null || parts.length > 1 && !parts[1].equals(key.version())) {
                return error(404, "KeyNotFound", "A key with (name/id) " + path.substring(6) + " was not found in "
                        + "this key vault.");
            }
            if (forbidden.contains(key.name())) {
                return error(403, "Forbidden", "Caller is not authorized to perform action on resource. Action: "
                        + "'Microsoft.KeyVault/vaults/keys/" + (parts.length > 2 ? "sign" : "read") + "/action'");
            }
            if (!key.enabled()) {
                return error(403, "Forbidden", "Operation " + (parts.length > 2 ? "sign" : "get")
                        + " is not allowed on a disabled key.");
            }
            if (r.method().equals("GET") && parts.length <= 2) {
                return Answer.json(200, Json.write(bundle(key)));
            }
            if (r.method().equals("POST") && parts.length == 3 && parts[2].equals("sign")) {
                return sign(key, Json.parseObject(r.body()));
            }
        }
        synchronized (unknown) {
            unknown.add(r.method() + " " + path + (r.query() == null ? "" : "?" + r.query()));
        }
        return error(404, "NotFound", "no such path in the fake: " + path);
    }

    private Answer token(Request r) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : r.body().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))) {
            return Answer.json(400, "{\"error\":\"unauthorized_client\",\"error_description\":\"AADSTS700016: "
                    + "Application not found in the directory.\"}");
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
            return Answer.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid "
                    + "client secret provided.\"}");
        }
        if (!String.valueOf(form.get("scope")).contains("https://vault.azure.net/.default")) {
            return Answer.json(400, "{\"error\":\"invalid_scope\",\"error_description\":\"AADSTS70011: scope "
                    + form.get("scope") + "\"}");
        }
        String token = "eyJ0eXAiOiJKV1QifQ.fake-" + UUID.randomUUID() + ".sig";
        tokens.add(token);
        return Answer.json(200, Json.write(Json.object("token_type", "Bearer", "expires_in", 3599, "ext_expires_in",
                3599, "access_token", token)));
    }

    private Map<String, Object> bundle(Key key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", uri() + "/keys/" + key.name() + "/" + key.version());
        jwk.put("kty", key.kty());
        jwk.put("key_ops", key.ops());
        if (key.kty().startsWith("EC")) {
            ECPublicKey pub = (ECPublicKey) key.pair().getPublic();
            int size = (pub.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("crv", key.crv());
            jwk.put("x", b64url(fixed(pub.getW().getAffineX(), size)));
            jwk.put("y", b64url(fixed(pub.getW().getAffineY(), size)));
        } else {
            RSAPublicKey pub = (RSAPublicKey) key.pair().getPublic();
            jwk.put("n", b64url(fixed(pub.getModulus(), (pub.getModulus().bitLength() + 7) / 8)));
            jwk.put("e", b64url(pub.getPublicExponent().toByteArray()));
        }
        return Json.object("key", jwk, "attributes", Json.object("enabled", key.enabled(), "created", 1796000000,
                "recoveryLevel", "Recoverable+Purgeable"));
    }

    private Answer sign(Key key, Map<String, Object> in) {
        if (!key.ops().contains("sign")) {
            return error(403, "Forbidden", "Operation sign is not permitted on this key.");
        }
        String alg = Json.string(in, "alg");
        byte[] digest = Base64.getUrlDecoder().decode(Json.string(in, "value"));
        int expected = switch (String.valueOf(alg)) {
            case "ES256", "PS256" -> 32;
            case "ES384" -> 48;
            default -> -1;
        };
        boolean fits = alg != null && (alg.startsWith("ES") && key.kty().startsWith("EC")
                && alg.equals(key.crv().equals("P-256") ? "ES256" : key.crv().equals("P-384") ? "ES384" : "ES512")
                || alg.equals("PS256") && key.kty().startsWith("RSA"));
        if (expected < 0 || !fits) {
            return error(400, "BadParameter", "Key and signing algorithm are incompatible.");
        }
        if (digest.length != expected) {
            return error(400, "BadParameter", "Invalid length of 'value': " + digest.length);
        }
        byte[] signature;
        if (alg.startsWith("ES")) {
            signature = SignatureCodec.rawFromDer(CloudTestKeys.ecdsaDer(key.pair(), digest), expected);
        } else {
            signature = CloudTestKeys.rsaPss(key.pair(), digest);
        }
        if (corruptSignatures) {
            signature[signature.length - 3] ^= 0x10;
        }
        return Answer.json(200, Json.write(Json.object("kid", uri() + "/keys/" + key.name() + "/" + key.version(),
                "value", b64url(signature))));
    }

    private static byte[] fixed(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        if (b.length == size) {
            return b;
        }
        byte[] out = new byte[size];
        if (b.length > size) {
            System.arraycopy(b, b.length - size, out, 0, size);
        } else {
            System.arraycopy(b, 0, out, size - b.length, b.length);
        }
        return out;
    }

    private static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Answer error(int status, String code, String message) {
        return Answer.json(status, Json.write(Json.object("error", Json.object("code", code, "message", message))));
    }

}
