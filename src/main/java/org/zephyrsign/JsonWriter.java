package org.zephyrsign;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON exactly as Python's {@code json.dump(obj, indent=2)} does, since imgtool's
 * {@code dumpinfo -f json} output is what ours must equal byte for byte: two-space indents,
 * {@code ": "} and {@code ","} separators, empty containers as {@code {}} and {@code []}, and
 * strings escaped as with {@code ensure_ascii}: everything outside printable ASCII as
 * {@code \\uXXXX} (lower-case hex, UTF-16 units), the usual short escapes for the rest.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** Per open container: true until its first member is written. */
    private final Deque<Boolean> first = new ArrayDeque<>();
    private final String indent;

    /** {@code indent=2}, as imgtool's dumpinfo. */
    public JsonWriter() {
        this(2);
    }

    /** @param indent spaces per level, as {@code json.dumps(obj, indent=N)} */
    public JsonWriter(int indent) {
        this.indent = " ".repeat(indent);
    }

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}', "{}");
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']', "[]");
    }

    /** Starts a member of the enclosing object; its value follows. */
    public JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(": ");
        return this;
    }

    /** Starts an element of the enclosing array; its value follows. */
    public JsonWriter element() {
        separate();
        return this;
    }

    public JsonWriter value(String v) {
        if (v == null) {
            out.append("null");
        } else {
            quote(v);
        }
        return this;
    }

    public JsonWriter value(long v) {
        out.append(v);
        return this;
    }

    /** true, false, or null. */
    public JsonWriter value(Boolean v) {
        out.append(v == null ? "null" : v.toString());
        return this;
    }

    /** The document, with the newline {@code json.dump} leaves out and {@code print} adds. */
    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        out.append(bracket);
        first.push(true);
        return this;
    }

    private JsonWriter close(char bracket, String empty) {
        boolean wasEmpty = first.pop();
        if (wasEmpty) {
            out.setLength(out.length() - 1);
            out.append(empty);
            return this;
        }
        newline();
        out.append(bracket);
        return this;
    }

    private void separate() {
        if (first.isEmpty()) {
            return;
        }
        if (!first.pop()) {
            out.append(',');
        }
        first.push(false);
        newline();
    }

    private void newline() {
        out.append('\n').append(indent.repeat(first.size()));
    }

    private void quote(String s) {
        quote(s, out);
    }

    /**
     * A JSON string, ASCII only (as Python's json.dumps writes it, and imgtool's dumpinfo with it):
     * what {@link Json} sends to services too.
     */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
