package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scalars quoted as PyYAML 6 quotes them. Each expectation is what
 * {@code /usr/bin/python3 -c "import yaml; print(yaml.dump({'filename': NAME}, sort_keys=False))"}
 * printed here (python3-yaml 6.0), so file names that look like other YAML types, start with an
 * indicator, or hold characters outside printable ASCII come out the way imgtool prints them.
 */
class YamlWriterTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "signed.bin|filename: signed.bin",
        "yes|filename: 'yes'",
        "123|filename: '123'",
        "#x.bin|filename: '#x.bin'",
        "-x.bin|filename: -x.bin",
        "a: b.bin|filename: 'a: b.bin'",
        "a #b|filename: 'a #b'",
        "0x1f|filename: '0x1f'",
        "2024-01-01|filename: '2024-01-01'",
        "null|filename: 'null'",
        "~|filename: '~'",
        "a'b|filename: a'b",
        "on|filename: 'on'",
        "1e3|filename: 1e3",
        ".inf|filename: '.inf'",
        "-|filename: '-'",
        "@x|filename: '@x'",
        "?x|filename: ?x",
        "x:|filename: 'x:'",
        "a,b|filename: a,b",
        "[a]|filename: '[a]'"})
    void scalarsAreQuotedOnlyWhenPyYamlQuotesThem(String name, String expected) {
        assertEquals(expected + "\n", YamlWriter.dump(Map.of("filename", name)));
    }

    @org.junit.jupiter.api.Test
    void nonAsciiAndControlCharactersAreDoubleQuotedWithPythonsEscapes() {
        assertEquals("filename: \"image-\\xE9.bin\"\n", YamlWriter.dump(Map.of("filename", "image-\u00e9.bin")));
        assertEquals("filename: \"tab\\there\"\n", YamlWriter.dump(Map.of("filename", "tab\there")));
        assertEquals("filename: ''\n", YamlWriter.dump(Map.of("filename", "")));
    }

    @org.junit.jupiter.api.Test
    void longPlainScalarsFoldAtTheFirstSpacePastEightyColumns() {
        String name = "x".repeat(90) + " y y y y y y y y y y";
        assertEquals("filename: " + "x".repeat(90) + "\n  y y y y y y y y y y\n",
                YamlWriter.dump(Map.of("filename", name)));
    }

    @org.junit.jupiter.api.Test
    void nestingEmptyContainersAndBinary() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", 16L);
        item.put("data", new byte[60]);
        Map<String, Object> area = new LinkedHashMap<>();
        area.put("none", Map.of());
        area.put("empty", List.of());
        area.put("tlvs", List.of(item));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("area", area);
        assertEquals("area:\n  none: {}\n  empty: []\n  tlvs:\n  - type: 16\n    data: !!binary |\n"
                + "      " + "A".repeat(76) + "\n      " + "A".repeat(4) + "\n", YamlWriter.dump(doc));
    }
}
