package org.zephyrsign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.vectors.Vectors;

/** --help, COMMAND --help, version and --version, in imgtool's (click's) layout. */
class CliHelpTest {
    private static final List<String> COMMANDS = List.of("dumpinfo", "getpub", "getpubhash", "keyinfo", "sign",
            "verify", "version");
    private static final String PROGRAM = "java -jar zephyr-maven-plugin-" + projectVersion() + "-cli.jar";

    /** The version the POM declares, read here independently of the resource the CLI reads. */
    static String projectVersion() {
        try {
            String pom = Files.readString(Path.of("pom.xml"));
            Matcher m = Pattern.compile("<artifactId>zephyr-maven-plugin</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            assertTrue(m.find(), "the project's version in pom.xml");
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpListsEveryCommandOnStdout(String flag) {
        Vectors.Run run = Vectors.runCli(flag);
        assertEquals(0, run.exitCode());
        assertEquals("", run.stderr());
        assertTrue(run.out().startsWith("Usage: " + PROGRAM + " [OPTIONS] COMMAND [ARGS]...\n"), run.out());
        assertTrue(run.out().contains("\n  --version   Print the version and exit.\n  -h, --help  Show this message "
                + "and exit.\n"), run.out());
        String commands = run.out().substring(run.out().indexOf("\nCommands:\n"));
        List<String> listed = new ArrayList<>();
        commands.lines().filter(l -> l.matches("  [a-z]+ .*")).forEach(l -> listed.add(l.trim().split(" ")[0]));
        assertEquals(COMMANDS, listed);
        assertTrue(commands.contains("\n  sign        Create a signed or unsigned image\n"), commands);
    }

    @Test
    void noArgumentsIsUsageOnStderrAndExit2() {
        Vectors.Run run = Vectors.runCli();
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("Usage: " + PROGRAM + " [OPTIONS] COMMAND [ARGS]...\nTry '" + PROGRAM + " --help' for help.\n\n"
                + "Error: missing command; one of dumpinfo, getpub, getpubhash, keyinfo, sign, verify or version\n",
                run.stderr());
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        Vectors.Run run = Vectors.runCli("frobnicate");
        assertEquals(2, run.exitCode());
        assertEquals("Error: no such command 'frobnicate'; commands: dumpinfo, getpub, getpubhash, keyinfo, sign, "
                + "verify or version (see --help)\n", run.stderr());
        run = Vectors.runCli("--frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: no such option: --frobnicate;"), run.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dumpinfo", "getpub", "getpubhash", "keyinfo", "sign", "verify", "version"})
    void everyCommandHasHelp(String command) {
        for (String flag : List.of("--help", "-h")) {
            Vectors.Run run = Vectors.runCli(command, flag);
            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals("", run.stderr());
            assertTrue(run.out().startsWith("Usage: " + PROGRAM + " " + command + " [OPTIONS]"), run.out());
            assertTrue(run.out().contains("\nOptions:\n"), run.out());
            assertTrue(run.out().lines().anyMatch(l -> l.matches("  -h, --help +Show this message and exit\\.")),
                    run.out());
            for (String line : run.out().split("\n")) {
                assertTrue(line.length() <= 78 || line.startsWith("Usage: ") || !line.strip().contains(" "),
                        "wider than 78: " + line);
            }
        }
        // --help wins over everything else on the line, as with click: no missing-argument error
        Vectors.Run withOthers = Vectors.runCli(command, "nonexistent.bin", "--help", "another-argument");
        assertEquals(0, withOthers.exitCode(), withOthers.stderr());
    }

    /** Every image option, from its descriptor: spellings, value, help, default, required. */
    @Test
    void signHelpListsEveryImageOptionFromItsDescriptor() {
        String help = Vectors.runCli("sign", "--help").out();
        List<String> terms = terms(help);
        for (ImageOption<?> o : ImageOption.all()) {
            String term = String.join(", ", o.flags()) + (o.metavar() == null ? "" : " " + o.metavar());
            assertEquals(1, terms.stream().filter(term::equals).count(), term + " in\n" + help);
            String text = rowText(help, term);
            assertTrue(text.startsWith(o.doc()), term + ": " + text);
            assertEquals(o.defaultText() != null, text.contains("[default: " + o.defaultText() + "]"), term + ": " + text);
            assertEquals(o.required(), text.endsWith("[required]"), term + ": " + text);
        }
        // and the command line's own options, once each
        for (String own : List.of("-k, --key KEY", "--fix-sig filename", "--fix-sig-pubkey filename",
                "--vector-to-sign [digest|payload]", "--vector-info filename", "--sig-out filename",
                "--signing-record filename", "-h, --help")) {
            assertEquals(1, terms.stream().filter(own::equals).count(), own);
        }
        assertEquals(ImageOption.all().size() + 8, terms.size(), String.join("\n", terms));
        // click's layout, to the character
        assertTrue(help.contains("\n  -H, --header-size INTEGER       Size of the header area before the payload\n"
                + "                                  (Zephyr: CONFIG_ROM_START_OFFSET)\n"
                + "                                  [required]\n"), help);
        assertTrue(help.contains("\n  --public-key-format [full|hash]\n"
                + "                                  What the key TLV holds: hash (KEYHASH) or\n"
                + "                                  full (PUBKEY)  [default: hash]\n"), help);
        assertTrue(help.contains("\n  -R, --erased-val [0|0xff]       Value of erased flash: 0xff or 0  [default:\n"
                + "                                  0xff]\n"), help);
        assertTrue(help.startsWith("Usage: " + PROGRAM + " sign [OPTIONS] INFILE OUTFILE\n\n"
                + "  Create a signed or unsigned image\n\n"), help);
    }

    /** Help and parser read one table: every spelling help shows is one the parser takes, and no other. */
    @ParameterizedTest
    @ValueSource(strings = {"dumpinfo", "getpub", "getpubhash", "keyinfo", "sign", "verify"})
    void everySpellingInHelpIsAccepted(String command) {
        String help = Vectors.runCli(command, "--help").out();
        for (String term : terms(help)) {
            String[] parts = term.split(", ");
            List<String> flags = new ArrayList<>(List.of(parts).subList(0, parts.length - 1));
            flags.add(parts[parts.length - 1].split(" ")[0]);
            for (String flag : flags) {
                Vectors.Run run = Vectors.runCli(command, flag);
                assertFalse(run.stderr().contains("no such option"), flag + ": " + run.stderr());
            }
        }
        Vectors.Run unknown = Vectors.runCli(command, "--no-such-option");
        assertEquals("Error: no such option: --no-such-option\n", unknown.stderr());
    }

    @Test
    void getpubShowsItsDefaultEncodingFromTheTableTheCommandUses() {
        String help = Vectors.runCli("getpub", "--help").out();
        assertTrue(help.contains("\n  -e, --encoding [lang-c|lang-rust|pem|raw]\n"
                + "                                  How to write the key  [default: lang-c]\n"), help);
        // and without -e the command uses that default
        Vectors.Run run = Vectors.runCli("getpub", "-k", Vectors.path("keys/ed25519.pem").toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.out().startsWith("/* Autogenerated by imgtool.py, do not edit. */"), run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "--version"})
    void versionPrintsTheProjectVersion(String how) {
        Vectors.Run run = Vectors.runCli(how);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(projectVersion() + "\n", run.out());
        assertEquals("", run.stderr());
    }

    @Test
    void versionTakesNoArguments() {
        Vectors.Run run = Vectors.runCli("version", "extra");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: unexpected argument; usage: version [OPTIONS]"), run.stderr());
    }

    /** The option column of a help text: each row's first column (spellings and value). */
    private static List<String> terms(String help) {
        List<String> terms = new ArrayList<>();
        String options = help.substring(help.indexOf("\nOptions:\n") + 10);
        for (String line : options.split("\n")) {
            if (line.startsWith("  -")) {
                terms.add(line.substring(2).split(" {2,}")[0]);
            }
        }
        return terms;
    }

    /** A row's help text, its wrapped lines joined again. */
    private static String rowText(String help, String term) {
        String[] lines = help.split("\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("  " + term + "  ") || lines[i].equals("  " + term)) {
                text.append(lines[i].substring(2 + term.length()).strip());
                for (int j = i + 1; j < lines.length && lines[j].startsWith("    "); j++) {
                    text.append(text.length() == 0 ? "" : " ").append(lines[j].strip());
                }
                return text.toString().replace("  [", " [").replace(" [", "  [");
            }
        }
        throw new AssertionError(term + " not in\n" + help);
    }
}
