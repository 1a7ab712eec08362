package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zephyrsign.ZephyrSignException;

/**
 * The final devicetree a Zephyr build writes ({@code zephyr/zephyr.dts}): nodes, labels, chosen
 * nodes and the properties MCUboot signing needs (partition {@code reg}, flash
 * {@code write-block-size}). A small parser for the DTS syntax that file uses.
 */
public final class Devicetree {
    /** One node: its path, cell sizes from its parent, and raw property values. */
    public static final class Node {
        private final String path;
        private final Node parent;
        private final Map<String, String> properties = new LinkedHashMap<>();

        Node(String path, Node parent) {
            this.path = path;
            this.parent = parent;
        }

        public String path() {
            return path;
        }

        public String property(String name) {
            return properties.get(name);
        }

        /** The cells of a {@code <...>} property as numbers; empty when absent. */
        public List<Long> cells(String name) {
            List<Long> out = new ArrayList<>();
            String v = properties.get(name);
            if (v == null) {
                return out;
            }
            for (String part : v.replaceAll("[<>]", " ").trim().split("\\s+")) {
                if (!part.isEmpty() && !part.startsWith("&")) {
                    out.add(Long.decode(part));
                }
            }
            return out;
        }

        private int parentCells(String name, int fallback) {
            if (parent == null) {
                return fallback;
            }
            List<Long> c = parent.cells(name);
            return c.isEmpty() ? fallback : c.get(0).intValue();
        }

        /** Address and size of the first {@code reg} entry, using the parent's #address-cells/#size-cells. */
        public long[] reg() {
            List<Long> c = cells("reg");
            int a = parentCells("#address-cells", 2);
            int s = parentCells("#size-cells", 1);
            if (c.size() < a + s) {
                throw new ZephyrSignException("devicetree node " + path + " has no usable reg property");
            }
            return new long[] {join(c.subList(0, a)), join(c.subList(a, a + s))};
        }

        private static long join(List<Long> cells) {
            long v = 0;
            for (long c : cells) {
                v = v << 32 | c;
            }
            return v;
        }
    }

    private final Path file;
    private final Map<String, Node> byLabel = new HashMap<>();
    private final Map<String, Node> byPath = new HashMap<>();

    private Devicetree(Path file) {
        this.file = file;
    }

    public static Devicetree read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ZephyrSignException("devicetree " + file + " does not exist: was the Zephyr build run?");
        } catch (IOException e) {
            throw new ZephyrSignException("cannot read devicetree " + file + ": " + e.getMessage());
        }
        Devicetree dt = new Devicetree(file);
        dt.parse(stripComments(text));
        return dt;
    }

    private static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
    }

    /** Statements end with ';'; nodes open with '{'. Strings may hold either, so scan them whole. */
    private void parse(String s) {
        List<Node> stack = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
            if (inString) {
                statement.append(c);
                continue;
            }
            if (c == '{') {
                openNode(statement.toString().trim(), stack);
                statement.setLength(0);
            } else if (c == '}') {
                if (!stack.isEmpty()) {
                    stack.remove(stack.size() - 1);
                }
                statement.setLength(0);
            } else if (c == ';') {
                property(statement.toString().trim(), stack);
                statement.setLength(0);
            } else {
                statement.append(c);
            }
        }
    }

    private void openNode(String header, List<Node> stack) {
        List<String> labels = new ArrayList<>();
        String name = header;
        int colon;
        while ((colon = name.indexOf(':')) > 0 && name.substring(0, colon).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            labels.add(name.substring(0, colon));
            name = name.substring(colon + 1).trim();
        }
        Node parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
        Node node;
        if (name.startsWith("&")) {
            node = byLabel.get(name.substring(1)); // an overlay-style reference to an existing node
            if (node == null) {
                node = new Node(name, parent);
            }
        } else {
            String path = parent == null || name.equals("/") ? "/" : (parent.path.equals("/") ? "" : parent.path) + "/" + name;
            node = byPath.computeIfAbsent(path, p -> new Node(p, parent));
        }
        for (String l : labels) {
            byLabel.put(l, node);
        }
        stack.add(node);
    }

    private void property(String statement, List<Node> stack) {
        if (statement.isEmpty() || stack.isEmpty() || statement.startsWith("/")) {
            return; // /dts-v1/; and the like
        }
        int eq = statement.indexOf('=');
        String name = (eq < 0 ? statement : statement.substring(0, eq)).trim();
        String value = eq < 0 ? "" : statement.substring(eq + 1).trim();
        stack.get(stack.size() - 1).properties.put(name, value);
    }

    public Path file() {
        return file;
    }

    /** The node with this label, or null. */
    public Node label(String label) {
        return byLabel.get(label);
    }

    /** The node a {@code /chosen} property points at ({@code zephyr,flash}), or null. */
    public Node chosen(String name) {
        Node chosen = byPath.get("/chosen");
        String ref = chosen == null ? null : chosen.property(name);
        if (ref == null) {
            return null;
        }
        ref = ref.trim();
        if (ref.startsWith("&")) {
            return byLabel.get(ref.substring(1));
        }
        return byPath.get(ref.replace("\"", ""));
    }
}
