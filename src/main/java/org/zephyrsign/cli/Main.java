package org.zephyrsign.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.IoReasons;
import org.zephyrsign.OutputPaths;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.KeyException;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.PublicKeyExport;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageDump;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ImgtoolCommandLine;
import org.zephyrsign.image.ImgtoolCommandLine.Spec;
import org.zephyrsign.image.ImgtoolCommandLine.UsageException;
import org.zephyrsign.image.InvalidOptionException;
import org.zephyrsign.image.InvalidValueException;
import org.zephyrsign.image.MalformedImageException;
import org.zephyrsign.image.OptionSource;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.SigningRequestFile;
import org.zephyrsign.image.TlvType;
import org.zephyrsign.image.UnsignedImage;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.imageset.SigningEvidence;
import org.zephyrsign.signer.KeyFacts;
import org.zephyrsign.repository.ArtifactCoordinates;
import org.zephyrsign.repository.HttpRepository;
import org.zephyrsign.repository.PublishedImageCheck;
import org.zephyrsign.repository.PublishedImageException;
import org.zephyrsign.signer.DetachedSigner;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerLog;

/**
 * The imgtool-compatible command line: {@code sign}, {@code verify}, {@code getpub},
 * {@code getpubhash}, {@code dumpinfo}, {@code keyinfo}, {@code version}, with imgtool's option
 * spellings, so it can stand in for imgtool in scripts and {@code west sign --tool-path}. Each
 * command and its options are described once, in {@link #COMMANDS}: the parser and
 * {@code COMMAND --help} both read that table, and sign's image options come from their
 * {@link ImageOption} descriptors. Exit 0 on success, 1 when an image fails verification or a
 * signer fails, 2 for bad usage or input; one {@code Error:} line on stderr.
 */
public final class Main {
    /** Image options are named as imgtool spells them; relative paths are the working directory's. */
    private static final OptionSource OPTIONS = OptionSource.imgtool(Path.of(""));
    private static final Spec HELP = new Spec("--help", 0, "-h");
    private static final String HELP_TEXT = "Show this message and exit.";
    /** What --name-suffix may hold: it is glued to a C or Rust identifier. */
    private static final Pattern IDENTIFIER_PART = Pattern.compile("[A-Za-z0-9_]*");

    /** One of a command's own options: its spellings (short first), the value it takes, its help. */
    private record Option(String metavar, String help, String defaultText, boolean required, String... flags) {
        Spec spec() {
            return new Spec(flags[flags.length - 1], metavar == null ? 0 : 1,
                    Arrays.copyOf(flags, flags.length - 1));
        }

        String canonical() {
            return flags[flags.length - 1];
        }
    }

    @FunctionalInterface
    private interface Handler {
        int run(Main main, Command command, ImgtoolCommandLine cl);
    }

    /** A command: its name, its arguments, its help, its options, and what it does. */
    private record Command(String name, String arguments, String summary, List<String> description,
            boolean imageOptions, List<Option> options, Handler handler, String replacesArguments) {
        Command(String name, String arguments, String summary, List<String> description, boolean imageOptions,
                List<Option> options, Handler handler) {
            this(name, arguments, summary, description, imageOptions, options, handler, null);
        }

        /** How many arguments the command line must have: none when the option that stands for them is given. */
        int positionals(ImgtoolCommandLine cl) {
            return arguments.isEmpty() || replacesArguments != null && cl.has(replacesArguments) ? 0
                    : arguments.split(" ").length;
        }

        String usage() {
            return name + " [OPTIONS]" + (arguments.isEmpty() ? "" : " " + arguments);
        }

        List<Spec> specs() {
            List<Spec> specs = new ArrayList<>();
            if (imageOptions) {
                specs.addAll(ImgtoolCommandLine.imageOptionSpecs());
            }
            options.forEach(o -> specs.add(o.spec()));
            specs.add(HELP);
            return specs;
        }

        Option option(String canonical) {
            return options.stream().filter(o -> o.canonical().equals(canonical)).findFirst().orElseThrow();
        }
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("dumpinfo", "IMGFILE", "Print header, TLV area and trailer information of a signed image",
                    List.of("Prints imgtool's layout, JSON or YAML, byte for byte."), false,
                    List.of(new Option("[human|json|yaml]", "Output format; default human for stdout, yaml for "
                                    + "--outfile", null, false, "-f", "--format"),
                            new Option("filename", "Save image information to this file", null, false, "-o",
                                    "--outfile"),
                            new Option(null, "Accepted and ignored, as by imgtool", null, false, "-s", "--silent")),
                    Main::dumpinfo),
            new Command("getpub", "", "Dump public key from keypair", List.of(), false, List.of(
                    new Option("KEY", "A key PEM file (private or public), or a pkcs11: URI naming a key on a token",
                            null, true, "-k", "--key"),
                    new Option("[lang-c|lang-rust|pem|raw]", "How to write the key", "lang-c", false, "-e",
                            "--encoding"),
                    new Option("[c|rust]", "Deprecated: -e lang-c or -e lang-rust", null, false, "-l", "--lang"),
                    new Option("SUFFIX", "Append SUFFIX to the emitted C/Rust symbol names (letters, digits and _; "
                            + "lang-c and lang-rust only)", null, false, "--name-suffix"),
                    new Option("filename", "Write to this file instead of stdout", null, false, "-o", "--output")),
                    (main, command, cl) -> main.getpub(command, cl, false)),
            new Command("getpubhash", "", "Dump the SHA256 hash of the public key", List.of(), false, List.of(
                    new Option("KEY", "A key PEM file (private or public), or a pkcs11: URI naming a key on a token",
                            null, true, "-k", "--key"),
                    new Option("[lang-c|raw]", "How to write the hash", "lang-c", false, "-e", "--encoding"),
                    new Option("SUFFIX", "Append SUFFIX to the emitted C symbol names (letters, digits and _; lang-c "
                            + "only)", null, false, "--name-suffix"),
                    new Option("filename", "Write to this file instead of stdout", null, false, "-o", "--output")),
                    (main, command, cl) -> main.getpub(command, cl, true)),
            new Command("keyinfo", "", "Print whether KEY is a keypair PEM (`private`) or a public-only PEM "
                    + "(`public`)", List.of("Intended for build-system use: pair with --require to gate the build on "
                            + "the expected key kind. A file that holds no MCUboot key is an error."), false, List.of(
                    new Option("filename", "The key PEM file", null, true, "-k", "--key"),
                    new Option("[private|public]", "Exit 2 if the key kind does not match REQUIRE", null, false,
                            "--require")),
                    Main::keyinfo),
            new Command("sign", "INFILE OUTFILE", "Create a signed or unsigned image", List.of(
                    "INFILE and OUTFILE are parsed as Intel HEX if the params have .hex extension, otherwise binary "
                            + "format is used.",
                    "The signature is checked against the key's public half before anything is written; outputs are "
                            + "written all or none."), true, List.of(
                    new Option("KEY", "The signing key: a private key PEM file (development keys), or a pkcs11: URI "
                            + "(RFC 7512) naming a key on a token, e.g. pkcs11:token=fw;object=key?module-path=/usr/"
                            + "lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN", null, false, "-k", "--key"),
                    new Option("filename", "A signature made elsewhere (base64, raw, or DER for ECDSA), used instead of "
                            + "signing; refused unless it verifies. A compressed image needs two: give --fix-sig "
                            + "twice, in the order phase one handed them out", null, false, "--fix-sig"),
                    new Option("filename", "The public key (PEM) of --fix-sig", null, false, "--fix-sig-pubkey"),
                    new Option("[digest|payload]", "Write what must be signed to OUTFILE instead of the image: the "
                            + "digest, or the payload (pure Ed25519); give the public key (-k or --fix-sig-pubkey) "
                            + "so the hash and key TLVs match the final image", null, false, "--vector-to-sign"),
                    new Option("filename", "With --vector-to-sign, also write a JSON description of it (algorithm, "
                            + "hash, digest, expected key)", null, false, "--vector-info"),
                    new Option("filename", "Also write the image's signature, base64, to this file", null, false,
                            "--sig-out"),
                    new Option("filename", "Also write the image's signing record (JSON, schema "
                            + "https://zephyrsign.org/signing-record/1) to this file; its timestamp is "
                            + "SOURCE_DATE_EPOCH when set", null, false, "--signing-record")),
                    Main::sign),
            new Command("verify", "IMGFILE", "Check that signed image can be verified by given key", List.of(
                    "Without -k only the image's hash is checked, not its signature (as imgtool does); a warning on "
                            + "stderr says so when the image is signed.",
                    "With --artifact G:A:V[:classifier[:type]] and --repository URL instead of IMGFILE, the image is "
                            + "fetched from a Maven repository (checked against the repository's .sha256 or .sha1) "
                            + "and must be signed by the pinned key (-k or --key-hash); the signing record published "
                            + "beside it (type json, classifier CLASSIFIER-signing-record, e.g. signed-signing-record), "
                            + "when there is one, must name the same file SHA-256 and key. Credentials: --repository-user or ZEPHYRSIGN_REPO_USER, and "
                            + "--repository-password env:NAME|file:PATH or ZEPHYRSIGN_REPO_PASSWORD."), false, List.of(
                    new Option("KEY", "The public key the signature must verify against: a PEM file (private or "
                            + "public) or a pkcs11: URI", null, false, "-k", "--key"),
                    new Option("HEX", "Instead of -k: the SHA-256 (or SHA-384) of the key the image must be signed "
                            + "with, as getpubhash -e raw prints it; the public key comes from the image or its "
                            + "signing record", null, false, "--key-hash"),
                    new Option("filename", "The device's private encryption key (PEM), to decrypt and check an "
                            + "encrypted image", null, false, "--enc-key"),
                    new Option("G:A:V[:CLASSIFIER[:TYPE]]", "Fetch the image by its coordinates instead of IMGFILE "
                            + "(type default bin)", null, false, "--artifact"),
                    new Option("URL", "The Maven repository --artifact is fetched from", null, false, "--repository"),
                    new Option("USER", "The repository user (default: $ZEPHYRSIGN_REPO_USER)", null, false,
                            "--repository-user"),
                    new Option("REF", "Where the repository password is: env:NAME or file:PATH (default: "
                            + "$ZEPHYRSIGN_REPO_PASSWORD)", null, false, "--repository-password")),
                    Main::verify, "--artifact"),
            new Command("version", "", "Print the version of this tool", List.of(), false, List.of(),
                    (main, command, cl) -> main.version()));

    private final PrintStream out;
    private final PrintStream err;

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main(out, err);
        try {
            return main.dispatch(args);
        } catch (UsageException | InvalidOptionException | InvalidValueException | MalformedImageException
                | KeyException | OutputPaths.RefusedException | SignerConfigException
                | PublishedImageException.Usage e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (ZephyrSignException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            String file = e.getCause() instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    ? f.getFile() + ": " : "";
            err.println("Error: " + file + IoReasons.of(e.getCause()));
            return 1;
        } catch (InvalidPathException e) {
            err.println("Error: '" + e.getInput().replaceAll("\\p{Cntrl}", "?") + "' is not a valid path: "
                    + e.getReason());
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("Error: " + org.zephyrsign.image.ImageMemory.outOfMemory(args.length > 0 ? args[0] : "the command").getMessage());
            return 1;
        }
    }

    private int dispatch(String[] args) {
        if (args.length == 0) {
            err.print(new HelpText().usage(program() + " [OPTIONS] COMMAND [ARGS]..."));
            err.println("Try '" + program() + " --help' for help.");
            err.println();
            err.println("Error: missing command; one of " + commandNames());
            return 2;
        }
        if (args[0].equals("--help") || args[0].equals("-h")) {
            out.print(help());
            return 0;
        }
        if (args[0].equals("--version")) {
            return version();
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            throw new UsageException((args[0].startsWith("-") ? "no such option: " + args[0]
                    : "no such command '" + args[0] + "'") + "; commands: " + commandNames() + " (see --help)");
        }
        ImgtoolCommandLine cl;
        try {
            cl = ImgtoolCommandLine.parse(args, 1, command.specs());
        } catch (UsageException e) {
            if (Arrays.asList(args).subList(1, args.length).stream().anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
                out.print(help(command)); // asked for help while getting the rest wrong: help wins, as in click
                return 0;
            }
            throw e;
        }
        if (cl.has(HELP.canonical())) {
            out.print(help(command));
            return 0;
        }
        for (Option o : command.options()) {
            if (o.required() && !cl.has(o.canonical())) {
                throw new UsageException("missing option '" + String.join("' / '", o.flags()) + "'; usage: "
                        + command.usage());
            }
        }
        cl.requirePositional(command.positionals(cl), (command.replacesArguments() != null
                && cl.has(command.replacesArguments()) ? command.usage().replace(" " + command.arguments(), "")
                : command.usage()) + " (" + command.name() + " --help lists the options)");
        return command.handler().run(this, command, cl);
    }

    private static String commandNames() {
        List<String> names = COMMANDS.stream().map(Command::name).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** How to run this tool: the jar's own name when it runs from one. */
    static String program() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.getFileName() != null && location.getFileName().toString().endsWith(".jar")) {
                return "java -jar " + location.getFileName();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source to tell: the name the build gives the jar
        }
        return "java -jar zephyr-maven-plugin-" + Version.get() + "-cli.jar";
    }

    private static String help() {
        List<HelpText.Row> commands = new ArrayList<>();
        COMMANDS.forEach(c -> commands.add(new HelpText.Row(c.name(), c.summary())));
        return new HelpText().usage(program() + " [OPTIONS] COMMAND [ARGS]...")
                .paragraph("An imgtool-compatible command line for MCUboot images (imgtool's commands and option "
                        + "spellings), with the signing key in a PEM file or on a PKCS#11 token. COMMAND --help "
                        + "describes a command.")
                .paragraph("Exit status: 0 on success, 1 when an image does not verify or a signer fails, 2 for "
                        + "bad usage or input.")
                .section("Options:", List.of(new HelpText.Row("--version", "Print the version and exit."),
                        new HelpText.Row("-h, --help", HELP_TEXT)))
                .section("Commands:", commands).toString();
    }

    /** A command's help: imgtool's layout; sign's image options straight from their descriptors. */
    private static String help(Command command) {
        List<HelpText.Row> rows = new ArrayList<>();
        if (command.imageOptions()) {
            for (ImageOption<?> o : ImageOption.all()) {
                rows.add(row(o.flags(), o.metavar(), o.doc(), o.defaultText(), o.required()));
            }
        }
        for (Option o : command.options()) {
            rows.add(row(List.of(o.flags()), o.metavar(), o.help(), o.defaultText(), o.required()));
        }
        rows.add(new HelpText.Row("-h, --help", HELP_TEXT));
        HelpText text = new HelpText().usage(program() + " " + command.usage()).paragraph(command.summary());
        command.description().forEach(text::paragraph);
        return text.section("Options:", rows).toString();
    }

    private static HelpText.Row row(List<String> flags, String metavar, String help, String defaultText,
            boolean required) {
        String term = String.join(", ", flags) + (metavar == null ? "" : " " + metavar);
        String text = help + (defaultText == null ? "" : "  [default: " + defaultText + "]")
                + (required ? "  [required]" : "");
        return new HelpText.Row(term, text);
    }

    private int version() {
        out.println(Version.get());
        return 0;
    }

    /** A file the command reads, checked before anything else is: it must be a readable regular file. */
    private static Path input(String label, String value) {
        if (value.isEmpty()) {
            throw new UsageException(label + " is empty; give a file");
        }
        Path path = Path.of(value);
        String problem = IoReasons.problem(path);
        if (problem != null) {
            throw new UsageException(label + " " + path + ": " + problem);
        }
        return path;
    }

    /** The -k value: a PEM file or a reference a signer backend claims (a pkcs11: URI). */
    private static String keyReference(ImgtoolCommandLine cl) {
        String key = cl.get("--key");
        if (key != null && key.isBlank()) {
            throw new UsageException("-k/--key is empty; give a key file or a pkcs11: URI");
        }
        return key;
    }

    /**
     * The signer a {@code -k} value names. On a command line the key reference is the only way to
     * give a signer's parameters, so none has a spelling of its own (messages name the URI's parts);
     * secrets come from the environment or a file, or are typed into the URI (pin-value, with a
     * warning); relative paths are the working directory's.
     */
    private static SignerConfig keyConfig(String reference) {
        return SignerBackends.fromKeyReference(reference, new SignerConfig.Context(name -> null,
                Secrets.fromEnvironment(), true, Path.of("").toAbsolutePath()));
    }

    private SignerLog warnings() {
        return message -> err.println("Warning: " + message);
    }

    private int sign(Command command, ImgtoolCommandLine cl) {
        Path input = input("INFILE", cl.positional().get(0));
        Path output = Path.of(cl.positional().get(1));
        String key = keyReference(cl);
        OutputPaths paths = new OutputPaths().output("OUTFILE", output).output("--sig-out", cl.get("--sig-out"))
                .output("--vector-info", cl.get("--vector-info")).output("--signing-record", cl.get("--signing-record"))
                .input("INFILE", input).input("-k", key)
                .input("--fix-sig-pubkey", cl.get("--fix-sig-pubkey")).input("-E", cl.get("--encrypt"));
        for (Path signature : fixedSignatures(cl)) {
            paths.input("--fix-sig", signature.toString());
        }
        paths.check(); // before the signer is asked for anything
        if (key != null && cl.has("--fix-sig")) {
            throw new UsageException("can not sign using key and provide fixed-signature at the same time");
        }
        if (cl.has("--fix-sig") && !cl.has("--fix-sig-pubkey")) {
            throw new UsageException("public key of the fixed signature is not specified (--fix-sig-pubkey)");
        }
        ImgtoolCommandLine.requireChoice("--vector-to-sign", cl.get("--vector-to-sign"), Set.of("digest", "payload"));
        ImageSettings.Builder builder = ImageSettings.builder(OPTIONS);
        cl.applyImageOptions(builder, OPTIONS);
        ImageSettings settings = builder.build();
        PublishedKeyWarnings.encryptionKey(err, settings);
        Firmware firmware = Firmware.read(input);
        if (cl.has("--vector-to-sign")) {
            return writeVector(cl, firmware, settings, output);
        }
        if (cl.has("--signing-record") && key == null && !cl.has("--fix-sig")) {
            throw new UsageException("--signing-record needs a signed image: give -k or --fix-sig");
        }
        SignedImage image;
        McubootPublicKey signedBy = null; // the written image is read back and checked against it, as zephyr:sign does
        String signerType = "detached";
        KeyFacts facts = KeyFacts.UNKNOWN;
        if (cl.has("--fix-sig")) {
            try (ImageSigner signer = DetachedSigner.open(Path.of(cl.get("--fix-sig-pubkey")), fixedSignatures(cl))) {
                PublishedKeyWarnings.signingKey(err, "--fix-sig-pubkey", signer.publicKey());
                image = ImageSetSigner.sign(firmware, settings, signer);
                signedBy = signer.publicKey();
                facts = signer.keyFacts();
            }
        } else if (key != null) {
            SignerConfig config = keyConfig(key);
            try (ImageSigner signer = config.backend().open(config, warnings())) {
                PublishedKeyWarnings.signingKey(err, "-k", signer.publicKey());
                image = ImageSetSigner.sign(firmware, settings, signer);
                signedBy = signer.publicKey();
                signerType = config.backend().type();
                facts = signer.keyFacts();
            }
        } else {
            image = ImageSetSigner.sign(firmware, settings, null);
        }
        image.checkWritable(output);
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(output, o -> image.write(o, output));
        byte[] signature = image.signature();
        if (cl.has("--sig-out") && signature != null) {
            files.put(Path.of(cl.get("--sig-out")), o -> o.write(Base64.getEncoder().encode(signature)));
        }
        ImageSetSigner.writeVerified(files, Map.of(output, settings), signedBy);
        if (cl.has("--signing-record")) {
            String epoch = System.getenv("SOURCE_DATE_EPOCH");
            SigningEvidence.Context context = new SigningEvidence.Context(signerType, facts, signedBy, null, null, null,
                    Version.get(), SigningEvidence.timestamp(epoch, java.time.Instant.now()));
            byte[] record = SigningEvidence.content(output, null, null, context);
            AtomicFile.write(Path.of(cl.get("--signing-record")), record);
        }
        return 0;
    }

    /** Every --fix-sig, in order: a compressed image needs two signatures. */
    private static List<Path> fixedSignatures(ImgtoolCommandLine cl) {
        return cl.all("--fix-sig").stream().map(v -> Path.of(v.get(0))).toList();
    }

    /**
     * Phase one of two-phase signing. Unlike imgtool, it takes the public key here (-k or
     * --fix-sig-pubkey with a public PEM), so the hash and key TLVs match what phase two writes.
     * A compressed image needs two signatures, one after the other: given the first with
     * --fix-sig, phase one hands out what the second must sign.
     */
    private int writeVector(ImgtoolCommandLine cl, Firmware firmware, ImageSettings settings, Path output) {
        McubootPublicKey key = cl.has("--fix-sig-pubkey") ? PemKeys.publicKey(Path.of(cl.get("--fix-sig-pubkey")))
                : cl.has("--key") ? publicKey(keyReference(cl)) : null;
        PublishedKeyWarnings.signingKey(err, cl.has("--fix-sig-pubkey") ? "--fix-sig-pubkey" : "-k", key);
        DetachedSigner known = cl.has("--fix-sig")
                ? DetachedSigner.open(Path.of(cl.get("--fix-sig-pubkey")), fixedSignatures(cl)) : null;
        UnsignedImage unsigned = ImageSetSigner.nextToSign(firmware, settings, key,
                request -> known == null ? Optional.empty() : known.signatureFor(request));
        UnsignedImage.Vector vector = cl.get("--vector-to-sign").equals("digest")
                ? UnsignedImage.Vector.DIGEST : UnsignedImage.Vector.PAYLOAD;
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(output, o -> o.write(unsigned.vector(vector)));
        if (cl.has("--vector-info")) {
            byte[] request = SigningRequestFile.json(unsigned, vector, output).getBytes(StandardCharsets.UTF_8);
            files.put(Path.of(cl.get("--vector-info")), o -> o.write(request));
        }
        AtomicFile.writeAll(files);
        return 0;
    }

    private int verify(Command command, ImgtoolCommandLine cl) {
        if (cl.has("--artifact") || cl.has("--key-hash")) {
            return verifyPinned(cl);
        }
        for (String option : List.of("--repository", "--repository-user", "--repository-password")) {
            if (cl.has(option)) {
                throw new UsageException(option + " goes with --artifact");
            }
        }
        String keyReference = keyReference(cl);
        McubootPublicKey key = keyReference == null ? null : publicKey(keyReference);
        EncryptionKey decrypt = cl.has("--enc-key") ? EncryptionKey.fromPem(Path.of(cl.get("--enc-key"))) : null;
        ParsedImage image = ImageReader.read(input("IMGFILE", cl.positional().get(0)));
        PublishedKeyWarnings.image(err, image);
        ImageVerifier.Result result = ImageVerifier.verify(image, key, decrypt);
        if (!result.ok()) {
            err.println("Error: " + image.name() + ": " + result.reason());
            return 1;
        }
        out.println("Image was correctly validated");
        out.println("Image version: " + result.version());
        if (image.find(TlvType.SIG_PURE) != null && key != null) {
            out.println("Image signature over image: " + HexFormat.of().formatHex(
                    image.find(TlvType.signature(key.algorithm())).value()));
        } else {
            out.println("Image digest: " + result.digestHex());
        }
        if (key == null && isSigned(image)) {
            // imgtool says "correctly validated" here too, and scripts read that line: keep it, and say
            // beside it what was not checked.
            err.println("Warning: only the image's hash was checked, not its signature: no key was given (-k)");
        }
        return 0;
    }

    /**
     * verify against a pinned key: a published image by its coordinates (fetched from --repository,
     * with its signing record when one is published beside it), or a local IMGFILE with --key-hash.
     */
    private int verifyPinned(ImgtoolCommandLine cl) {
        if (cl.has("--key") == cl.has("--key-hash")) {
            throw new UsageException("give the key the image must be signed with: -k KEY or --key-hash HEX (one of "
                    + "them)");
        }
        if (cl.has("--enc-key")) {
            throw new UsageException("--enc-key does not go with --artifact or --key-hash: a published image is "
                    + "checked as the device receives it");
        }
        PublishedImageCheck.Pin pin = cl.has("--key") ? PublishedImageCheck.Pin.key(publicKey(keyReference(cl)), "-k")
                : PublishedImageCheck.Pin.keyHash(cl.get("--key-hash"), "--key-hash");
        if (!cl.has("--artifact")) {
            Path file = input("IMGFILE", cl.positional().get(0));
            var result = PublishedImageCheck.check(file, file.toString(), null, null, pin, null);
            printPinned(result, file.toString());
            return 0;
        }
        if (!cl.has("--repository")) {
            throw new UsageException("--artifact needs --repository URL, the Maven repository to fetch it from");
        }
        ArtifactCoordinates artifact = ArtifactCoordinates.parse(cl.get("--artifact"), "--artifact");
        HttpRepository repository = repository(cl);
        Path directory = null;
        try {
            directory = java.nio.file.Files.createTempDirectory("zephyr-verify");
            Path image = repository.download(artifact, directory, true).orElseThrow();
            ArtifactCoordinates recordCoordinates = artifact.signingRecord();
            PublishedImageCheck.Record record = artifact.equals(recordCoordinates) ? null
                    : repository.download(recordCoordinates, directory, false)
                            .map(f -> new PublishedImageCheck.Record(f, recordCoordinates.toString())).orElse(null);
            var result = PublishedImageCheck.check(image, artifact.toString(), artifact.classifier(),
                    artifact.extension(), pin, record);
            printPinned(result, repository.location(artifact));
            if (result.recordChecked()) {
                out.println("Signing record: " + recordCoordinates + " matches (file SHA-256 and key hash)");
            } else if (result.recordNote() != null) {
                err.println("Warning: " + result.recordNote());
            } else {
                out.println("Signing record: none published (" + recordCoordinates + ")");
            }
            return 0;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(directory);
        }
    }

    private void printPinned(PublishedImageCheck.Result result, String source) {
        out.println("Image was correctly validated");
        out.println("Image version: " + result.version());
        out.println("Image digest: " + result.digestHex());
        out.println("Signed by: " + result.key());
        out.println("File: " + source + " (SHA-256 " + result.fileSha256() + ")");
    }

    /** The --repository, with credentials from the options or ZEPHYRSIGN_REPO_USER / ZEPHYRSIGN_REPO_PASSWORD. */
    private static HttpRepository repository(ImgtoolCommandLine cl) {
        String hint = "--repository-user or ZEPHYRSIGN_REPO_USER, --repository-password or ZEPHYRSIGN_REPO_PASSWORD";
        String user = cl.has("--repository-user") ? cl.get("--repository-user") : System.getenv("ZEPHYRSIGN_REPO_USER");
        char[] password = null;
        if (cl.has("--repository-password")) {
            password = Secrets.fromEnvironment().resolve(cl.get("--repository-password"), "--repository-password");
        } else if (System.getenv("ZEPHYRSIGN_REPO_PASSWORD") != null) {
            password = System.getenv("ZEPHYRSIGN_REPO_PASSWORD").toCharArray();
        }
        user = user == null || user.isEmpty() ? null : user;
        if (user == null && password != null && password.length > 0) {
            throw new UsageException("a repository password without a user: give --repository-user or "
                    + "ZEPHYRSIGN_REPO_USER too");
        }
        if (user != null && (password == null || password.length == 0)) {
            throw new UsageException("repository user '" + user + "' without a password: give --repository-password "
                    + "env:NAME|file:PATH or ZEPHYRSIGN_REPO_PASSWORD");
        }
        return new HttpRepository(cl.get("--repository"), user, password, hint);
    }

    private static void deleteTree(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = java.nio.file.Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | UncheckedIOException e) {
            // a temporary directory; the system cleans it up eventually
        }
    }

    private static boolean isSigned(ParsedImage image) {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            if (image.find(TlvType.signature(a)) != null) {
                return true;
            }
        }
        return false;
    }

    private McubootPublicKey publicKey(String keyReference) {
        SignerConfig config = keyConfig(keyReference);
        return config.backend().publicKey(config, warnings());
    }

    private int getpub(Command command, ImgtoolCommandLine cl, boolean hash) {
        String encodingName = cl.get("--encoding");
        if (cl.has("--lang")) {
            if (encodingName != null) {
                throw new UsageException("use only one of -e/--encoding or -l/--lang");
            }
            ImgtoolCommandLine.requireChoice("-l/--lang", cl.get("--lang"), Set.of("c", "rust"));
            encodingName = "lang-" + cl.get("--lang");
        }
        encodingName = encodingName == null ? command.option("--encoding").defaultText() : encodingName;
        ImgtoolCommandLine.requireChoice("-e/--encoding", encodingName,
                hash ? Set.of("lang-c", "raw") : Set.of("lang-c", "lang-rust", "pem", "raw"));
        String suffix = cl.get("--name-suffix");
        if (suffix != null && !IDENTIFIER_PART.matcher(suffix).matches()) {
            throw new UsageException("--name-suffix: '" + suffix + "' must contain only [A-Za-z0-9_]; it is appended "
                    + "directly to a C/Rust identifier");
        }
        if (suffix != null && !suffix.isEmpty() && !encodingName.startsWith("lang-")) {
            throw new UsageException("--name-suffix is only meaningful for the lang-c"
                    + (hash ? "" : " / lang-rust") + " encoding" + (hash ? "" : "s"));
        }
        String key = keyReference(cl);
        if (cl.has("--output")) {
            new OutputPaths().output("--output", cl.get("--output")).input("-k", key).check();
        }
        PublicKeyExport.Encoding encoding = PublicKeyExport.Encoding.of(encodingName);
        McubootPublicKey publicKey = publicKey(key);
        PublishedKeyWarnings.signingKey(err, "-k", publicKey);
        byte[] bytes = hash ? PublicKeyExport.getpubhash(publicKey, encoding, suffix)
                : PublicKeyExport.getpub(publicKey, encoding, suffix);
        if (cl.has("--output")) {
            AtomicFile.write(Path.of(cl.get("--output")), bytes);
        } else {
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
        return 0;
    }

    /**
     * imgtool's dumpinfo: human, json or yaml; with -o the information goes to a file, in yaml
     * unless -f says otherwise. imgtool ignores -s/--silent, and so do we.
     */
    private int dumpinfo(Command command, ImgtoolCommandLine cl) {
        ImgtoolCommandLine.requireChoice("-f/--format", cl.get("--format"), Set.of("human", "json", "yaml"));
        Path image = input("IMGFILE", cl.positional().get(0));
        Path outfile = cl.has("--outfile") ? Path.of(cl.get("--outfile")) : null;
        if (outfile != null) {
            new OutputPaths().output("-o/--outfile", outfile).input("IMGFILE", image).check();
        }
        String format = cl.get("--format", outfile == null ? "human" : "yaml");
        ParsedImage parsed = ImageReader.read(image);
        PublishedKeyWarnings.image(err, parsed);
        String text = switch (format) {
            case "json" -> ImageDump.json(parsed);
            case "yaml" -> ImageDump.yaml(parsed);
            default -> ImageDump.format(parsed);
        };
        out.print(ImageDump.warnings(parsed));
        if (outfile != null) {
            AtomicFile.write(outfile, text.getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(text);
        }
        out.flush();
        return 0;
    }

    /** imgtool's keyinfo: private or public; a file that holds no key MCUboot uses is an error, as there. */
    private int keyinfo(Command command, ImgtoolCommandLine cl) {
        ImgtoolCommandLine.requireChoice("--require", cl.get("--require"), Set.of("public", "private"));
        String file = keyReference(cl);
        String kind = PemKeys.read(Path.of(file)).isPrivate() ? "private" : "public";
        out.println(kind);
        String required = cl.get("--require");
        if (required != null && !required.equals(kind)) {
            throw new UsageException("Key " + file + " is " + kind + ", but " + required + " was required.");
        }
        return 0;
    }
}
