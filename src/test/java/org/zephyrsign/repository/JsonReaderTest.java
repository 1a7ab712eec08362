package org.zephyrsign.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
    @Test
    void readsWhatASigningRecordHolds() {
        Object json = JsonReader.parse("{\"a\": {\"s\": \"x\\n\\u00e9\\\"\", \"n\": -1.5e2, \"t\": true, \"z\": null},"
                + " \"l\": [1, \"two\", [], {}]}");
        assertEquals(List.of(1.0, "two", List.of(), Map.of()), ((Map<?, ?>) json).get("l"));
        Map<?, ?> a = (Map<?, ?>) ((Map<?, ?>) json).get("a");
        assertEquals("x\n\u00e9\"", a.get("s"));
        assertEquals(-150.0, a.get("n"));
        assertEquals(true, a.get("t"));
        assertEquals(true, a.containsKey("z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "{\"a\": 01}", "\"\\x\"", "{} x",
        "{\"a\": 1, \"a\": 2}", "tru", "\"a\nb\""})
    void refusesWhatIsNoJson(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(text));
        assertEquals(true, e.getMessage().startsWith("not JSON: "), e.getMessage());
    }

    @Test
    void refusesDeepNesting() {
        var e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[".repeat(100) + "]".repeat(100)));
        assertEquals(true, e.getMessage().contains("nested more than 64 deep"), e.getMessage());
    }
}
