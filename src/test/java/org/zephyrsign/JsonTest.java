package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void readsWhatASigningRecordHolds() {
        Object json = Json.parse("{\"a\": {\"s\": \"x\\n\\u00e9\\\"\", \"n\": -1.5e2, \"t\": true, \"z\": null},"
                + " \"l\": [1, \"two\", [], {}]}");
        assertEquals(List.of(new BigDecimal("1"), "two", List.of(), Map.of()), ((Map<?, ?>) json).get("l"));
        Map<?, ?> a = (Map<?, ?>) ((Map<?, ?>) json).get("a");
        assertEquals("x\n\u00e9\"", a.get("s"));
        assertEquals(0, new BigDecimal("-150").compareTo((BigDecimal) a.get("n")));
        assertEquals(true, a.get("t"));
        assertEquals(true, a.containsKey("z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "{\"a\": 01}", "\"\\x\"", "{} x",
        "{\"a\": 1, \"a\": 2}", "tru", "\"a\nb\"", "1.", ".5", "-", "1e", "--1"})
    void refusesWhatIsNoJson(String text) {
        var e = assertThrows(Json.JsonException.class, () -> Json.parse(text));
        assertEquals(true, e.getMessage().startsWith("not JSON: "), e.getMessage());
    }

    @Test
    void refusesDeepNesting() {
        var e = assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
        assertEquals(true, e.getMessage().contains("nested deeper than 64"), e.getMessage());
    }
}
