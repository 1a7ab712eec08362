package org.zephyrsign.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.OutputPaths;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.PublicKeyExport;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageDump;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.ImgtoolCommandLine.Spec;
import org.zephyrsign.image.ImgtoolCommandLine.UsageException;
import org.zephyrsign.image.ImgtoolCommandLine;
import org.zephyrsign.image.InvalidOptionException;
import org.zephyrsign.image.OptionSource;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.image.SigningRequestFile;
import org.zephyrsign.image.TlvType;
import org.zephyrsign.image.UnsignedImage;
import org.zephyrsign.imageset.ImageSetSigner;
import org.zephyrsign.signer.DetachedSigner;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerLog;

/**
 * The imgtool-compatible command line: {@code sign}, {@code verify}, {@code getpub},
 * {@code getpubhash}, {@code dumpinfo}, {@code keyinfo}, with imgtool's option spellings, so it can
 * stand in for imgtool in scripts and {@code west sign --tool-path}. Exit 0 on success, 1 when an
 * image fails verification or a signer fails, 2 for bad usage or input; one line on stderr.
 */
public final class Main {
    private static final String SIGN_USAGE = "sign [OPTIONS] INFILE OUTFILE";
    /** Image options are named as imgtool spells them; relative paths are the working directory's. */
    private static final OptionSource OPTIONS = OptionSource.imgtool(Path.of(""));
    /** imgtool sign's options: every image option, plus where the signature comes from and goes. */
    private static final List<Spec> SIGN_SPECS = signSpecs();

    private final PrintStream out;
    private final PrintStream err;

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static List<Spec> signSpecs() {
        List<Spec> specs = new java.util.ArrayList<>(ImgtoolCommandLine.imageOptionSpecs());
        specs.addAll(List.of(new Spec("--key", 1, "-k"), new Spec("--fix-sig", 1), new Spec("--fix-sig-pubkey", 1),
                new Spec("--vector-to-sign", 1), new Spec("--vector-info", 1), new Spec("--sig-out", 1),
                new Spec("--compression", 1)));
        return List.copyOf(specs);
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main(out, err);
        try {
            return main.dispatch(args);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (InvalidOptionException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (org.zephyrsign.image.MalformedImageException | org.zephyrsign.crypto.KeyException
                | OutputPaths.RefusedException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (ZephyrSignException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("Error: " + e.getCause().getMessage());
            return 1;
        }
    }

    private int dispatch(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println("Usage: java -jar zephyr-maven-plugin-cli.jar COMMAND [OPTIONS]\n"
                    + "Commands: sign, verify, getpub, getpubhash, dumpinfo, keyinfo (imgtool's options)");
            return args.length == 0 ? 2 : 0;
        }
        return switch (args[0]) {
            case "sign" -> sign(ImgtoolCommandLine.parse(args, 1, SIGN_SPECS));
            case "verify" -> verify(ImgtoolCommandLine.parse(args, 1, List.of(new Spec("--key", 1, "-k"),
                    new Spec("--enc-key", 1))));
            case "getpub" -> getpub(ImgtoolCommandLine.parse(args, 1, List.of(new Spec("--key", 1, "-k"),
                    new Spec("--encoding", 1, "-e"), new Spec("--lang", 1, "-l"), new Spec("--name-suffix", 1),
                    new Spec("--output", 1, "-o"))), false);
            case "getpubhash" -> getpub(ImgtoolCommandLine.parse(args, 1, List.of(new Spec("--key", 1, "-k"),
                    new Spec("--encoding", 1, "-e"), new Spec("--name-suffix", 1),
                    new Spec("--output", 1, "-o"))), true);
            case "dumpinfo" -> dumpinfo(ImgtoolCommandLine.parse(args, 1, List.of(new Spec("--format", 1, "-f"),
                    new Spec("--outfile", 1, "-o"), new Spec("--silent", 0, "-s"))));
            case "keyinfo" -> keyinfo(ImgtoolCommandLine.parse(args, 1, List.of(new Spec("--key", 1, "-k"),
                    new Spec("--require", 1))));
            default -> throw new UsageException("no such command '" + args[0]
                    + "'; use sign, verify, getpub, getpubhash, dumpinfo or keyinfo");
        };
    }

    private int sign(ImgtoolCommandLine cl) {
        cl.requirePositional(2, SIGN_USAGE);
        Path input = Path.of(cl.positional().get(0));
        Path output = Path.of(cl.positional().get(1));
        OutputPaths paths = new OutputPaths().output("OUTFILE", output).output("--sig-out", cl.get("--sig-out"))
                .output("--vector-info", cl.get("--vector-info")).input("INFILE", input).input("-k", cl.get("--key"))
                .input("--fix-sig-pubkey", cl.get("--fix-sig-pubkey")).input("-E", cl.get("--encrypt"));
        for (Path signature : fixedSignatures(cl)) {
            paths.input("--fix-sig", signature.toString());
        }
        paths.check(); // before the signer is asked for anything
        if (cl.has("--key") && cl.has("--fix-sig")) {
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
        SignedImage image;
        if (cl.has("--fix-sig")) {
            try (ImageSigner signer = DetachedSigner.open(Path.of(cl.get("--fix-sig-pubkey")), fixedSignatures(cl))) {
                PublishedKeyWarnings.signingKey(err, "--fix-sig-pubkey", signer.publicKey());
                image = ImageSetSigner.sign(firmware, settings, signer);
            }
        } else if (cl.has("--key")) {
            try (ImageSigner signer = openSigner(cl.get("--key"))) {
                image = ImageSetSigner.sign(firmware, settings, signer);
            }
        } else {
            image = ImageSetSigner.sign(firmware, settings, null);
        }
        image.checkWritable(output);
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(output, out -> image.write(out, output));
        byte[] signature = image.signature();
        if (cl.has("--sig-out") && signature != null) {
            files.put(Path.of(cl.get("--sig-out")), out -> out.write(Base64.getEncoder().encode(signature)));
        }
        AtomicFile.writeAll(files);
        return 0;
    }

    private ImageSigner openSigner(String keyReference) {
        SignerConfig config = SignerBackends.fromKeyReference(keyReference, SignerConfig.Context.commandLine());
        ImageSigner signer = config.backend().open(config, message -> err.println("Note: " + message));
        PublishedKeyWarnings.signingKey(err, "-k", signer.publicKey());
        return signer;
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
        String keyFile = cl.get("--fix-sig-pubkey", cl.get("--key"));
        McubootPublicKey key = keyFile == null ? null : PemKeys.publicKey(Path.of(keyFile));
        PublishedKeyWarnings.signingKey(err, cl.has("--fix-sig-pubkey") ? "--fix-sig-pubkey" : "-k", key);
        DetachedSigner known = cl.has("--fix-sig") ? DetachedSigner.open(Path.of(keyFile), fixedSignatures(cl)) : null;
        UnsignedImage unsigned = ImageSetSigner.nextToSign(firmware, settings, key,
                request -> known == null ? Optional.empty() : known.signatureFor(request));

        UnsignedImage.Vector vector = cl.get("--vector-to-sign").equals("digest")
                ? UnsignedImage.Vector.DIGEST : UnsignedImage.Vector.PAYLOAD;
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(output, out -> out.write(unsigned.vector(vector)));
        if (cl.has("--vector-info")) {
            byte[] request = SigningRequestFile.json(unsigned, vector, output).getBytes(StandardCharsets.UTF_8);
            files.put(Path.of(cl.get("--vector-info")), out -> out.write(request));
        }
        AtomicFile.writeAll(files);
        return 0;
    }




    private int verify(ImgtoolCommandLine cl) {
        cl.requirePositional(1, "verify [-k KEY] [--enc-key DEVICE_PRIVATE_KEY] IMAGE");
        ParsedImage image = ImageReader.read(Path.of(cl.positional().get(0)));
        PublishedKeyWarnings.image(err, image);
        McubootPublicKey key = cl.has("--key") ? publicKey(cl.get("--key")) : null;
        EncryptionKey decrypt = cl.has("--enc-key") ? EncryptionKey.fromPem(Path.of(cl.get("--enc-key"))) : null;
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
        return 0;
    }

    private static McubootPublicKey publicKey(String keyReference) {
        SignerConfig config = SignerBackends.fromKeyReference(keyReference, SignerConfig.Context.commandLine());
        return config.backend().publicKey(config, SignerLog.NONE);
    }

    private int getpub(ImgtoolCommandLine cl, boolean hash) {
        cl.requirePositional(0, hash ? "getpubhash -k KEY [-e lang-c|raw]" : "getpub -k KEY [-e ENCODING]");
        if (!cl.has("--key")) {
            throw new UsageException("missing option '-k' / '--key'");
        }
        String encodingName = cl.get("--encoding", cl.get("--lang", "lang-c"));
        ImgtoolCommandLine.requireChoice("-e", encodingName,
                hash ? Set.of("lang-c", "raw") : Set.of("lang-c", "lang-rust", "pem", "raw"));
        PublicKeyExport.Encoding encoding = PublicKeyExport.Encoding.of(encodingName);
        McubootPublicKey key = publicKey(cl.get("--key"));
        PublishedKeyWarnings.signingKey(err, "-k", key);
        byte[] bytes = hash ? PublicKeyExport.getpubhash(key, encoding, cl.get("--name-suffix"))
                : PublicKeyExport.getpub(key, encoding, cl.get("--name-suffix"));
        if (cl.has("--output")) {
            new OutputPaths().output("--output", cl.get("--output")).input("-k", cl.get("--key")).check();
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
    private int dumpinfo(ImgtoolCommandLine cl) {
        cl.requirePositional(1, "dumpinfo [-f human|json|yaml] [-o OUTFILE] IMAGE");
        ImgtoolCommandLine.requireChoice("--format", cl.get("--format"), Set.of("human", "json", "yaml"));
        Path outfile = cl.has("--outfile") ? Path.of(cl.get("--outfile")) : null;
        String format = cl.get("--format", outfile == null ? "human" : "yaml");
        ParsedImage image = ImageReader.read(Path.of(cl.positional().get(0)));
        PublishedKeyWarnings.image(err, image);
        String text = switch (format) {
            case "json" -> ImageDump.json(image);
            case "yaml" -> ImageDump.yaml(image);
            default -> ImageDump.format(image);
        };
        out.print(ImageDump.warnings(image));
        if (outfile != null) {
            AtomicFile.write(outfile, text.getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(text);
        }
        out.flush();
        return 0;
    }

    private int keyinfo(ImgtoolCommandLine cl) {
        cl.requirePositional(0, "keyinfo -k KEY [--require public|private]");
        if (!cl.has("--key")) {
            throw new UsageException("missing option '-k' / '--key'");
        }
        ImgtoolCommandLine.requireChoice("--require", cl.get("--require"), Set.of("public", "private"));
        String kind = PemKeys.read(Path.of(cl.get("--key"))).isPrivate() ? "private" : "public";
        out.println(kind);
        String required = cl.get("--require");
        if (required != null && !required.equals(kind)) {
            throw new UsageException("Key " + cl.get("--key") + " is " + kind + ", but " + required + " was required.");
        }
        return 0;
    }
}
