package org.zephyrsign.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses imgtool-style arguments: short and long spellings, {@code --name=value}, options taking
 * one or two values, repeatable options, flags, and positional arguments. The image options'
 * specs come from their {@link ImageOption} descriptors; a front end adds its own (a key, outputs).
 */
public final class ImgtoolCommandLine {
    /** Thrown for anything the user typed wrong; the CLI exits with 2. */
    public static final class UsageException extends org.zephyrsign.ZephyrSignException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** One option: its spellings and how many values it takes (0 for a flag). */
    public record Spec(String canonical, int arity, String... aliases) {
    }

    private final Map<String, List<List<String>>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private ImgtoolCommandLine() {
    }

    public static ImgtoolCommandLine parse(String[] args, int from, List<Spec> specs) {
        return parse(args, from, specs, null);
    }

    /**
     * @param origin where the arguments were written, when not on the command line (a Kconfig
     *     setting); it starts every error message
     */
    public static ImgtoolCommandLine parse(String[] args, int from, List<Spec> specs, String origin) {
        String prefix = origin == null ? "" : origin + ": ";
        Map<String, Spec> bySpelling = new HashMap<>();
        for (Spec s : specs) {
            bySpelling.put(s.canonical(), s);
            for (String a : s.aliases()) {
                bySpelling.put(a, s);
            }
        }
        ImgtoolCommandLine cl = new ImgtoolCommandLine();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                cl.positional.add(arg);
                continue;
            }
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Spec spec = bySpelling.get(arg);
            if (spec == null) {
                throw new UsageException(prefix + "no such option: " + arg);
            }
            List<String> got = new ArrayList<>();
            if (inline != null) {
                got.add(inline);
            }
            while (got.size() < spec.arity()) {
                if (++i >= args.length) {
                    throw new UsageException(prefix + "option " + arg + " requires " + spec.arity() + " argument"
                            + (spec.arity() > 1 ? "s" : ""));
                }
                got.add(args[i]);
            }
            cl.values.computeIfAbsent(spec.canonical(), k -> new ArrayList<>()).add(got);
        }
        return cl;
    }

    /** One spec per image option, from its descriptor: the long spelling canonical. */
    public static List<Spec> imageOptionSpecs() {
        List<Spec> specs = new ArrayList<>();
        for (ImageOption<?> o : ImageOption.all()) {
            List<String> flags = o.flags();
            specs.add(new Spec(flags.get(flags.size() - 1), o.arity(),
                    flags.subList(0, flags.size() - 1).toArray(String[]::new)));
        }
        return specs;
    }

    /** Hands every image option this command line gives to the builder, in command-line terms. */
    public void applyImageOptions(ImageSettings.Builder settings, OptionSource source) {
        for (ImageOption<?> o : ImageOption.all()) {
            String canonical = o.flags().get(o.flags().size() - 1);
            List<List<String>> occurrences = all(canonical);
            if (!o.repeatable() && !occurrences.isEmpty()) {
                occurrences = occurrences.subList(occurrences.size() - 1, occurrences.size()); // last one wins
            }
            for (List<String> args : occurrences) {
                settings.set(o, source, args);
            }
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last value given for an option, or null. */
    public String get(String name) {
        List<List<String>> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1).get(0);
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** Every occurrence, in command-line order. */
    public List<List<String>> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public List<String> positional() {
        return positional;
    }

    public void requirePositional(int count, String usage) {
        if (positional.size() != count) {
            throw new UsageException((positional.size() < count ? "missing argument" : "unexpected argument")
                    + "; usage: " + usage);
        }
    }

    public static void requireChoice(String option, String value, Set<String> choices) {
        if (value != null && !choices.contains(value)) {
            throw new UsageException("invalid value for '" + option + "': '" + value + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(choices)));
        }
    }
}
