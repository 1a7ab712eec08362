package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * JsonWriter writes what Python's {@code json.dumps(obj, indent=2)} writes (imgtool's dumpinfo -f json),
 * escapes included (ensure_ascii). The expected strings were printed by /usr/bin/python3 (3.11):
 * {@code print(json.dumps(s))}.
 */
class JsonWriterTest {
    /** NUL, a control character, the short escapes, DEL, quote, backslash, slash, non-ASCII, an astral character, U+2028. */
    private static final String TRICKY = "a\u0000b\u001f\t\n\r\b\f\u007f\"\\/\u00e4\u20ac\uD83D\uDE00\u2028 ~";

    private static String string(String s) {
        return new JsonWriter().value(s).toString();
    }

    @Test
    void escapesAsPythonEnsureAscii() {
        assertEquals("\"a\\u0000b\\u001f\\t\\n\\r\\b\\f\\u007f\\\"\\\\/\\u00e4\\u20ac\\ud83d\\ude00\\u2028 ~\"",
                string(TRICKY));
        // json.dumps("".join(chr(c) for c in range(0x20)))
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        assertEquals("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d"
                + "\\u001e\\u001f\"", string(controls.toString()));
        assertEquals("\"\\u00e4\"", string("ä"));
        assertEquals("\" ~\"", string(" ~")); // printable ASCII stays as it is
    }

    @Test
    void layoutAsPythonIndent2() {
        // json.dumps({"k\u0001ä": s, "empty": [], "o": {}, "n": 5, "l": ["x", 1]}, indent=2)
        String json = new JsonWriter().beginObject()
                .name("k\u0001ä").value(TRICKY)
                .name("empty").beginArray().endArray()
                .name("o").beginObject().endObject()
                .name("n").value(5)
                .name("l").beginArray().element().value("x").element().value(1).endArray()
                .endObject().toString();
        assertEquals("{\n  \"k\\u0001\\u00e4\": \"a\\u0000b\\u001f\\t\\n\\r\\b\\f\\u007f\\\"\\\\/\\u00e4\\u20ac\\ud83d"
                + "\\ude00\\u2028 ~\",\n  \"empty\": [],\n  \"o\": {},\n  \"n\": 5,\n  \"l\": [\n    \"x\",\n    1\n  ]\n}",
                json);
    }
}
