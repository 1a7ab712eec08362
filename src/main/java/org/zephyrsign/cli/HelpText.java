package org.zephyrsign.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out help the way imgtool's (click's) does: a usage line, the description indented by two,
 * then a two-column list of options or commands, the second column wrapped at 78 characters, with
 * {@code [default: x]} and {@code [required]} after an option's help.
 */
final class HelpText {
    private static final int WIDTH = 78;
    private static final int MAX_FIRST_COLUMN = 30;

    /** One row of a two-column list: an option's spellings and value, or a command's name. */
    record Row(String term, String text) {
    }

    private final StringBuilder out = new StringBuilder();

    HelpText usage(String line) {
        out.append("Usage: ").append(line).append('\n');
        return this;
    }

    /** A paragraph, indented by two and wrapped. */
    HelpText paragraph(String text) {
        out.append('\n');
        for (String line : wrap(text, WIDTH - 2)) {
            out.append("  ").append(line).append('\n');
        }
        return this;
    }

    /** A titled two-column list ("Options:", "Commands:"). */
    HelpText section(String title, List<Row> rows) {
        out.append('\n').append(title).append('\n');
        int first = 0;
        for (Row r : rows) {
            first = Math.max(first, Math.min(r.term().length(), MAX_FIRST_COLUMN));
        }
        int column = first + 2;
        int textWidth = Math.max(WIDTH - 2 - column, 30);
        for (Row r : rows) {
            List<String> lines = r.text().isEmpty() ? List.of("") : wrap(r.text(), textWidth);
            if (r.term().length() > first) {
                out.append("  ").append(r.term()).append('\n');
                for (String line : lines) {
                    out.append(" ".repeat(2 + column)).append(line).append('\n');
                }
                continue;
            }
            out.append("  ").append(r.term()).append(" ".repeat(column - r.term().length()))
                    .append(lines.get(0)).append('\n');
            for (String line : lines.subList(1, lines.size())) {
                out.append(" ".repeat(2 + column)).append(line).append('\n');
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * Breaks text into lines of at most {@code width} at spaces; a longer word gets a line of its
     * own. Two spaces in a row stay two (click's gap before {@code [required]}), except at a break.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
            }
            if (word.isEmpty() && line.length() == 0) {
                continue;
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
