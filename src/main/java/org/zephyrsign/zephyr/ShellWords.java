package org.zephyrsign.zephyr;

import java.util.ArrayList;
import java.util.List;
import org.zephyrsign.ZephyrSignException;

/** Splits a string into words as CMake's {@code separate_arguments(UNIX_COMMAND)} does. */
public final class ShellWords {
    private ShellWords() {
    }

    public static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                word.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new ZephyrSignException("unbalanced quote in '" + s + "'");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
