package org.zephyrsign;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists, numbers, strings and byte arrays exactly as PyYAML 6's
 * {@code yaml.dump(data, sort_keys=False)} does, since imgtool's {@code dumpinfo -f yaml} output
 * is what ours must equal: block style with two-space indents, lists at their key's indent, empty
 * containers as {@code {}} and {@code []}, bytes as {@code !!binary |} blocks of 76 base64
 * characters a line, and strings plain when YAML reads them back as the same string, else quoted
 * (PyYAML's {@code analyze_scalar} and the YAML 1.1 resolver, for the characters a file name holds).
 */
public final class YamlWriter {
    private static final int BEST_WIDTH = 80;
    /** Plain scalars YAML 1.1 would read as something else: booleans, numbers, null, dates, merge keys. */
    private static final Pattern IMPLICIT = Pattern.compile(String.join("|",
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+",
            "[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?",
            "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)",
            "~|null|Null|NULL|",
            "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
                    + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?",
            "<<|="));

    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {
    }

    /** The document, ending in a newline. */
    public static String dump(Map<String, Object> document) {
        YamlWriter w = new YamlWriter();
        w.mapping(document, 0);
        return w.out.toString();
    }

    private void mapping(Map<String, Object> map, int indent) {
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!first) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(e.getKey()).append(':');
            value(e.getValue(), indent, false);
        }
    }

    /**
     * A value after "key:" (or "-" in a list): scalars on the same line, containers below it.
     * A list under a key starts at the key's indent; a mapping one level deeper.
     */
    @SuppressWarnings("unchecked")
    private void value(Object value, int indent, boolean inList) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append(" {}\n");
            } else if (inList) {
                out.append(' ');
                mapping((Map<String, Object>) map, indent + 2);
            } else {
                out.append('\n').append(" ".repeat(indent + 2));
                mapping((Map<String, Object>) map, indent + 2);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append(" []\n");
                return;
            }
            out.append('\n');
            for (Object element : list) {
                out.append(" ".repeat(indent)).append('-');
                value(element, indent, true);
            }
        } else if (value instanceof byte[] bytes) {
            binary(bytes, indent);
        } else if (value instanceof Number number) {
            out.append(' ').append(number).append('\n');
        } else {
            out.append(' ');
            scalar((String) value, indent);
            out.append('\n');
        }
    }

    /** Python's base64.encodebytes: 76 characters a line, each ending in a newline. */
    private void binary(byte[] bytes, int indent) {
        if (bytes.length == 0) {
            out.append(" !!binary \"\"\n");
            return;
        }
        out.append(" !!binary |\n");
        String b64 = Base64.getEncoder().encodeToString(bytes);
        for (int i = 0; i < b64.length(); i += 76) {
            out.append(" ".repeat(indent + 2)).append(b64, i, Math.min(b64.length(), i + 76)).append('\n');
        }
    }

    private void scalar(String s, int indent) {
        if (needsDoubleQuotes(s)) {
            doubleQuoted(s);
        } else if (canBePlain(s)) {
            plain(s, indent);
        } else {
            out.append('\'').append(s.replace("'", "''")).append('\'');
        }
    }

    private static boolean needsDoubleQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return true; // PyYAML writes only printable ASCII unquoted or single-quoted by default
            }
        }
        return false;
    }

    private static boolean canBePlain(String s) {
        if (s.isEmpty() || IMPLICIT.matcher(s).matches() || s.startsWith(" ") || s.endsWith(" ")) {
            return false;
        }
        char first = s.charAt(0);
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) {
            return false;
        }
        if ("-?:".indexOf(first) >= 0 && (s.length() == 1 || s.charAt(1) == ' ')) {
            return false;
        }
        return !s.contains(": ") && !s.contains(" #") && !s.endsWith(":");
    }

    /** Folds at a single space once the line has passed the width, as PyYAML's write_plain does. */
    private void plain(String s, int indent) {
        int lineStart = out.lastIndexOf("\n") + 1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean singleSpace = c == ' ' && i + 1 < s.length() && s.charAt(i + 1) != ' '
                    && (i == 0 || s.charAt(i - 1) != ' ');
            if (singleSpace && out.length() - lineStart > BEST_WIDTH) {
                out.append('\n').append(" ".repeat(indent + 2));
                lineStart = out.length() - indent - 2;
            } else {
                out.append(c);
            }
        }
    }

    private void doubleQuoted(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\0' -> out.append("\\0");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case 0x0b -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case 0x1b -> out.append("\\e");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x85 -> out.append("\\N");
                case 0xa0 -> out.append("\\_");
                case 0x2028 -> out.append("\\L");
                case 0x2029 -> out.append("\\P");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                        out.append(String.format("\\U%08X", s.codePointAt(i)));
                        i++;
                    } else if (c <= 0xff) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        out.append('"');
    }
}
