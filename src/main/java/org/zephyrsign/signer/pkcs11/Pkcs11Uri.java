package org.zephyrsign.signer.pkcs11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.zephyrsign.signer.SignerConfigException;

/**
 * An RFC 7512 PKCS#11 URI naming a token and key, e.g.
 * {@code pkcs11:token=firmware;object=fw-p256;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin}.
 * Path attributes select; the query gives the module and where the PIN comes from.
 */
public final class Pkcs11Uri {
    private static final Set<String> PATH_ATTRIBUTES = Set.of("token", "manufacturer", "serial", "model",
            "library-manufacturer", "library-description", "library-version", "object", "type", "id", "slot-id",
            "slot-description", "slot-manufacturer");
    private static final Set<String> QUERY_ATTRIBUTES = Set.of("pin-source", "pin-value", "module-name",
            "module-path");

    private final Map<String, String> path;
    private final Map<String, String> query;
    private final byte[] id;

    private Pkcs11Uri(Map<String, String> path, Map<String, String> query, byte[] id) {
        this.path = path;
        this.query = query;
        this.id = id;
    }

    public static boolean isPkcs11Uri(String text) {
        return text != null && text.regionMatches(true, 0, "pkcs11:", 0, 7);
    }

    public static Pkcs11Uri parse(String text) {
        if (!isPkcs11Uri(text)) {
            throw new SignerConfigException("not a PKCS#11 URI (must start with pkcs11:)");
        }
        String rest = text.substring(7);
        int q = rest.indexOf('?');
        Map<String, String> path = attributes(q < 0 ? rest : rest.substring(0, q), ';', PATH_ATTRIBUTES, "path");
        Map<String, String> query = attributes(q < 0 ? "" : rest.substring(q + 1), '&', QUERY_ATTRIBUTES, "query");
        byte[] id = null;
        if (path.containsKey("id")) {
            id = path.get("id").getBytes(StandardCharsets.ISO_8859_1);
        }
        String type = path.get("type");
        if (type != null && !type.equals("private")) {
            throw new SignerConfigException("PKCS#11 URI: type=" + type + " cannot sign; use type=private or leave it out");
        }
        return new Pkcs11Uri(path, query, id);
    }

    private static Map<String, String> attributes(String part, char separator, Set<String> known, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (part.isEmpty()) {
            return out;
        }
        for (String attribute : part.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1)) {
            int eq = attribute.indexOf('=');
            if (eq <= 0) {
                throw new SignerConfigException("PKCS#11 URI: malformed " + where + " attribute " + safe(attribute, where)
                        + "; attributes are name=value");
            }
            String name = attribute.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
            if (!known.contains(name)) {
                throw new SignerConfigException("PKCS#11 URI: unknown " + where + " attribute '" + name + "'");
            }
            if (out.put(name, decode(attribute.substring(eq + 1), name)) != null) {
                throw new SignerConfigException("PKCS#11 URI: attribute '" + name + "' given twice");
            }
        }
        return out;
    }

    /** Percent-decoding; bytes are kept as ISO-8859-1 chars so that binary ids survive. */
    private static String decode(String value, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int b = i + 3 <= value.length() ? hexByte(value, i + 1) : -1;
                if (b < 0) {
                    throw new SignerConfigException("PKCS#11 URI: bad percent-encoding in '" + name + "'");
                }
                out.write(b);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = out.toByteArray();
        return name.equals("id") ? new String(bytes, StandardCharsets.ISO_8859_1)
                : new String(bytes, StandardCharsets.UTF_8);
    }

    private static int hexByte(String s, int at) {
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    /** Path attributes name tokens and keys; a query part could be (a piece of) a PIN, so it is not repeated. */
    private static String safe(String attribute, String where) {
        return where.equals("path") ? "'" + attribute + "'" : "(not shown: it may hold a PIN)";
    }

    public String token() {
        return path.get("token");
    }

    public String serial() {
        return path.get("serial");
    }

    public String slotId() {
        return path.get("slot-id");
    }

    public String object() {
        return path.get("object");
    }

    public byte[] id() {
        return id == null ? null : id.clone();
    }

    public String modulePath() {
        return query.get("module-path");
    }

    public String pinSource() {
        return query.get("pin-source");
    }

    /** The PIN written in the URI itself (pin-value); allowed on a command line, refused in a POM. */
    public String pinValue() {
        return query.get("pin-value");
    }
}
