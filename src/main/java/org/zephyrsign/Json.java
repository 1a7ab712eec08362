package org.zephyrsign;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out of untrusted places: the remote signers' requests and the services' answers, a
 * signing record fetched from a repository. Parsing
 * gives {@code Map<String, Object>} (insertion order kept), {@code List<Object>}, {@code String},
 * {@link BigDecimal}, {@code Boolean} or null; it refuses anything that is not one complete JSON
 * value, bounded in depth so a hostile answer cannot exhaust the stack. Writing takes the same
 * types (any {@link Number}). RFC 8259, nothing more: these are small documents, and a library
 * for them would be a dependency every user carries. (Documents this tool writes for people, with
 * indentation and a stable layout, go through {@link JsonWriter}.)
 */
public final class Json {
    /** Thrown on text that is not JSON; callers say whose text it was (a service's answer, a record). */
    public static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 64;
    /** RFC 8259's number: no leading zeros, no bare '.', an exponent with digits. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** One JSON value; trailing whitespace only after it. */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("text after the JSON value");
        }
        return value;
    }

    /** A JSON object, as services answer; anything else is refused. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new JsonException("expected a JSON object, got " + typeName(v));
        }
        return (Map<String, Object>) v;
    }

    /**
     * The value at a path of object members ({@code "data", "keys", "1", "public_key"}), or null
     * when a member is missing or a step is no object.
     */
    public static Object at(Object root, String... path) {
        Object v = root;
        for (String name : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(name);
        }
        return v;
    }

    /** The string at a path, or null when missing or not a string. */
    public static String string(Object root, String... path) {
        return at(root, path) instanceof String s ? s : null;
    }

    /** "an object", "a string", ...: for messages about an unexpected answer. */
    public static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    /** Compact JSON of a value made of maps, lists, strings, numbers, booleans and null. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** An object from alternating names and values, in that order: {@code object("a", 1, "b", true)}. */
    public static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    private static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            JsonWriter.quote(s, out);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigDecimal
                || v instanceof java.math.BigInteger || v instanceof Short) {
            out.append(v instanceof BigDecimal b ? b.toPlainString() : v.toString());
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                JsonWriter.quote((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(l.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }


    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipWhitespace();
                if (peek('}')) {
                    pos++;
                    return m;
                }
                while (true) {
                    skipWhitespace();
                    if (!peek('"')) {
                        throw error("expected a member name");
                    }
                    String name = string();
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    if (m.containsKey(name)) {
                        throw error("member \"" + name + "\" given twice");
                    }
                    m.put(name, value(depth + 1));
                    skipWhitespace();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            case '[' -> {
                pos++;
                List<Object> l = new ArrayList<>();
                skipWhitespace();
                if (peek(']')) {
                    pos++;
                    return l;
                }
                while (true) {
                    skipWhitespace();
                    l.add(value(depth + 1));
                    skipWhitespace();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                return number();
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String number = text.substring(start, pos);
        if (!NUMBER.matcher(number).matches()) {
            pos = start;
            throw number.isEmpty() || number.equals("-") ? unexpected() : error("malformed number " + number);
        }
        return new BigDecimal(number);
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw unexpected();
        }
        pos += word.length();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error(pos >= text.length() ? "unexpected end" : "expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private JsonException unexpected() {
        return error(pos >= text.length() ? "unexpected end" : "unexpected character '" + text.charAt(pos) + "'");
    }

    private JsonException error(String what) {
        return new JsonException("not JSON: " + what + " at offset " + pos);
    }
}
