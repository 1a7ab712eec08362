package org.zephyrsign.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.zephyrsign.crypto.HashAlgorithm;

/**
 * One image option, described once: its neutral name (also the Maven parameter), imgtool's
 * spellings, how many values it takes, its type, range and default, and its help text. Both front
 * ends parse and validate through these descriptors; adding an option is one constant here plus its
 * use in the engine ({@code settings.get(OPTION)}).
 *
 * @param <T> the parsed value's type; a list for repeatable options
 */
public final class ImageOption<T> {
    /** Turns the raw strings of one occurrence into a value; {@link InvalidValueException} says what is wrong. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(List<String> args, OptionSource source);
    }

    private static final Map<String, ImageOption<?>> BY_NAME = new LinkedHashMap<>();

    /** What MCUboot's header records: the image layout. */
    public static final ImageOption<Integer> HEADER_SIZE = required(number("headerSize", 32, 0xffff, null,
            "Size of the header area before the payload (Zephyr: CONFIG_ROM_START_OFFSET)", "-H", "--header-size"));
    public static final ImageOption<Boolean> PAD_HEADER = flag("padHeader",
            "Add the header area in front of the payload instead of using zeros the binary reserved", "--pad-header");
    public static final ImageOption<Long> SLOT_SIZE = required(address("slotSize", 1,
            "Size of the flash slot; image and trailer must fit", "-S", "--slot-size"));
    public static final ImageOption<Integer> ALIGN = oneOf("align", List.of(1, 2, 4, 8, 16, 32), 1,
            "Flash write alignment: 1, 2, 4, 8, 16 or 32", "--align");
    public static final ImageOption<Integer> MAX_ALIGN = oneOf("maxAlign", List.of(8, 16, 32), null,
            "Trailer alignment: 8, 16 or 32; default the larger of 8 and the alignment", "--max-align");
    public static final ImageOption<ImageVersion> VERSION = required(value("version", ImageVersion::parse, null,
            "Image version, major.minor.revision+build (later parts optional)", "-v", "--version"));
    public static final ImageOption<SecurityCounter> SECURITY_COUNTER = value("securityCounter",
            SecurityCounter::parse, null, "Security counter: a number, or 'auto' to derive it from the version",
            "-s", "--security-counter");
    public static final ImageOption<List<Dependency>> DEPENDENCIES = value("dependencies", Dependency::parseList,
            List.of(), "Images this one needs: \"(image_id,maj.min.rev+build)\", several separated by commas",
            "-d", "--dependencies");
    public static final ImageOption<Long> LOAD_ADDR = address("loadAddress", 0,
            "RAM load address (sets RAM_LOAD)", "-L", "--load-addr");
    public static final ImageOption<Long> ROM_FIXED = address("romFixed", 0,
            "Fixed ROM address the image runs from (sets ROM_FIXED)", "-F", "--rom-fixed");
    public static final ImageOption<Boolean> NON_BOOTABLE = flag("nonBootable",
            "Mark the image as not bootable (sets NON_BOOTABLE)", "--non-bootable");
    public static final ImageOption<List<CustomTlv>> CUSTOM_TLV = shown(repeatable(new ImageOption<>("customTlv",
            List.of("--custom-tlv"), 2, false, null, (args, source) -> CustomTlv.parse(args.get(0), args.get(1)),
            "Protected vendor TLV TAG VALUE: a tag from 0xa0, a value in 0x hex or a string")), "TAG VALUE", null);
    public static final ImageOption<List<CustomTlv>> CUSTOM_TLV_FILE = shown(repeatable(new ImageOption<>("customTlvFile",
            List.of("--custom-tlv-file"), 2, false, null,
            (args, source) -> CustomTlv.fromFile(args.get(0), source.resolve(args.get(1))),
            "Protected vendor TLV TAG FILE: the value is the file's bytes")), "TAG FILE", null);
    public static final ImageOption<PublicKeyFormat> PUBLIC_KEY_FORMAT = choice("publicKeyFormat",
            Map.of("hash", PublicKeyFormat.HASH, "full", PublicKeyFormat.FULL), PublicKeyFormat.HASH,
            "What the key TLV holds: hash (KEYHASH) or full (PUBKEY)", "--public-key-format");
    /** Null means auto: the key decides. */
    public static final ImageOption<HashAlgorithm> SHA = choice("sha", shaChoices(), null,
            "Image hash: auto (the key decides), 256, 384 or 512", "--sha");
    public static final ImageOption<Boolean> PURE = flag("pure",
            "Ed25519 over the image itself rather than its digest", "--pure");
    public static final ImageOption<String> BOOT_RECORD = value("bootRecord", ImageOption::swType, null,
            "Software type of the measured-boot record (at most 12 characters)", "-B", "--boot-record");
    public static final ImageOption<Boolean> CONFIRM = flag("confirm",
            "Pad the image and mark it confirmed (image_ok set)", "--confirm");
    public static final ImageOption<Boolean> TEST = flag("test",
            "Pad the image for a test swap (image_ok left erased)", "--test");
    public static final ImageOption<Boolean> PAD = impliedBy(flag("pad",
            "Pad the image to the slot size and add the trailer (implied by confirm and test)", "--pad"),
            CONFIRM, TEST);
    public static final ImageOption<Integer> MAX_SECTORS = number("maxSectors", 1, 0xffff, 128,
            "Sectors the swap status covers (Zephyr: CONFIG_BOOT_MAX_IMG_SECTORS)", "-M", "--max-sectors");
    public static final ImageOption<Boolean> OVERWRITE_ONLY = flag("overwriteOnly",
            "Short trailer for overwrite-only upgrades", "--overwrite-only");
    public static final ImageOption<Integer> ERASED_VAL = oneOf("erasedValue", List.of(0, 0xff), 0xff,
            "Value of erased flash: 0xff or 0", "-R", "--erased-val");
    public static final ImageOption<Endian> ENDIAN = choice("endian",
            Map.of("little", Endian.LITTLE, "big", Endian.BIG), Endian.LITTLE,
            "Byte order of the header and TLVs: little or big", "-e", "--endian");
    public static final ImageOption<Boolean> PAD_SIG = flag("padSig",
            "Pad ECDSA signatures to 72 bytes (MCUboot before 1.5)", "--pad-sig");
    public static final ImageOption<UUID> VENDOR_ID = value("vendorId",
            v -> Uuids.fromUuidOrName(Uuids.NAMESPACE_DNS, v), null,
            "Vendor UUID, or a name made into a UUIDv5 (UUID_VID TLV)", "--vid");
    /** Kept as given: a name becomes a UUID under the vendor UUID, see {@link ImageSettings#classId()}. */
    public static final ImageOption<String> CLASS_ID = value("classId", v -> v, null,
            "Class UUID, or a name made into a UUIDv5 under the vendor UUID (UUID_CID TLV)", "--cid");
    public static final ImageOption<Long> HEX_ADDR = address("hexAddress", 0,
            "Address of Intel HEX output", "-x", "--hex-addr");
    public static final ImageOption<Path> ENCRYPT = shown(new ImageOption<>("encryptionKey",
            List.of("-E", "--encrypt"), 1, false, null, (args, source) -> source.resolve(args.get(0)),
            "Encrypt the payload for this device public key (X25519, P-256 or RSA-2048 PEM)"), "filename", null);
    public static final ImageOption<Integer> ENCRYPT_KEYLEN = oneOf("encryptKeyLength", List.of(128, 256), 128,
            "AES key length for encryption: 128 or 256", "--encrypt-keylen");
    public static final ImageOption<Integer> HMAC_SHA = choice("hmacSha", hmacChoices(), 256,
            "HMAC/HKDF hash of the key exchange: auto (256), 256 or 512 (512 with X25519 only)", "--hmac-sha");
    public static final ImageOption<Boolean> CLEAR = flag("clear",
            "Mark as encrypted and wrap the key, but leave the payload in plaintext", "--clear");
    public static final ImageOption<Boolean> SAVE_ENCTLV = flag("saveEncTlv",
            "Size the trailer to keep the whole key-exchange TLV (BOOT_SWAP_SAVE_ENCTLV)", "--save-enctlv");

    /** Null means disabled. */
    public static final ImageOption<Lzma2Compression.Type> COMPRESSION = choice("compression", compressionChoices(),
            null, "Compress the image: disabled, lzma2 or lzma2armthumb (LZMA2 after the ARM Thumb filter); "
                    + "kept only when it makes the image smaller", "--compression");

    /** What the key TLV holds: the key's hash (KEYHASH) or the key itself (PUBKEY). */
    public enum PublicKeyFormat { HASH, FULL }

    private final String name;
    private final List<String> flags;
    private final int arity;
    private final boolean repeatable;
    private final boolean required;
    private final T defaultValue;
    private final Parser<?> parser;
    private final String doc;
    private final List<ImageOption<Boolean>> impliedBy;
    private final String metavar;
    private final String defaultText;

    private ImageOption(String name, List<String> flags, int arity, boolean repeatable, T defaultValue,
            Parser<?> parser, String doc) {
        this(name, flags, arity, repeatable, false, defaultValue, parser, doc, List.of(),
                arity == 0 ? null : String.join(" ", java.util.Collections.nCopies(arity, "TEXT")), null);
    }

    private ImageOption(String name, List<String> flags, int arity, boolean repeatable, boolean required,
            T defaultValue, Parser<?> parser, String doc, List<ImageOption<Boolean>> impliedBy, String metavar,
            String defaultText) {
        this.name = name;
        this.flags = List.copyOf(flags);
        this.arity = arity;
        this.repeatable = repeatable;
        this.required = required;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.doc = doc;
        this.impliedBy = List.copyOf(impliedBy);
        this.metavar = metavar;
        this.defaultText = defaultText;
    }

    private static <T> ImageOption<T> register(ImageOption<T> option) {
        BY_NAME.put(option.name, option);
        return option;
    }

    /** Every image option, in imgtool's order of help. */
    public static List<ImageOption<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The option with this neutral name ({@code headerSize}), or null. */
    public static ImageOption<?> named(String name) {
        return BY_NAME.get(name);
    }

    /** The neutral name: what a Maven parameter or a JSON field calls it, e.g. {@code headerSize}. */
    public String name() {
        return name;
    }

    /** imgtool's spellings, short first: {@code -H}, {@code --header-size}. */
    public List<String> flags() {
        return flags;
    }

    /** imgtool's spellings joined for a message: {@code -H/--header-size}. */
    public String imgtoolName() {
        return String.join("/", flags);
    }

    /** Values one occurrence takes on a command line: 0 for a flag, 1, or 2 (custom TLVs). */
    public int arity() {
        return arity;
    }

    public boolean repeatable() {
        return repeatable;
    }

    /** imgtool refuses to sign without it. */
    public boolean required() {
        return required;
    }

    public boolean isFlag() {
        return arity == 0;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** One line of help. */
    public String doc() {
        return doc;
    }

    /** How help shows the value(s) it takes, as imgtool's help does: {@code INTEGER}, {@code [little|big]}, {@code TAG VALUE}; null for a flag. */
    public String metavar() {
        return metavar;
    }

    /** The default as a user would write it ({@code 0xff}, {@code little}, {@code auto}), or null when there is none to show. */
    public String defaultText() {
        return defaultText;
    }

    /** Flags whose being set sets this one too ({@code --confirm} pads). */
    List<ImageOption<Boolean>> impliedBy() {
        return impliedBy;
    }

    /** Parses one occurrence; an unparsable value fails naming the option as {@code source} names it. */
    Object parseOccurrence(List<String> args, OptionSource source) {
        if (args.size() != arity && !(isFlag() && args.size() == 1)) {
            throw new InvalidOptionException(this, source.name(this), "takes " + arity + " value"
                    + (arity == 1 ? "" : "s") + ", got " + args.size());
        }
        try {
            return parser.parse(args, source);
        } catch (InvalidValueException e) {
            throw new InvalidOptionException(this, source.name(this), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static ImageOption<Boolean> flag(String name, String doc, String... flags) {
        return register(new ImageOption<>(name, List.of(flags), 0, false, false, (args, source) -> {
            if (args.isEmpty()) {
                return true; // a command-line flag: present means set
            }
            String v = args.get(0).strip().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new InvalidValueException("'" + args.get(0) + "' is not true or false");
            }
            return v.equals("true");
        }, doc));
    }

    private static ImageOption<Integer> number(String name, int min, int max, Integer defaultValue, String doc,
            String... flags) {
        return shown(new ImageOption<>(name, List.of(flags), 1, false, defaultValue,
                (args, source) -> (int) Numbers.parseUnsigned(args.get(0), min, max), doc), "INTEGER",
                defaultValue == null ? null : String.valueOf(defaultValue));
    }

    /** A 32-bit address or size. */
    private static ImageOption<Long> address(String name, long min, String doc, String... flags) {
        return shown(new ImageOption<>(name, List.of(flags), 1, false, null,
                (args, source) -> Numbers.parseUnsigned(args.get(0), min, 0xffffffffL), doc), "INTEGER", null);
    }

    private static ImageOption<Integer> oneOf(String name, List<Integer> allowed, Integer defaultValue, String doc,
            String... flags) {
        // Spelled exactly as imgtool's click.Choice lists them: "4" but not "0x4" or "4 ".
        return shown(new ImageOption<>(name, List.of(flags), 1, false, defaultValue, (args, source) -> {
            for (Integer a : allowed) {
                if (join(List.of(a)).equals(args.get(0))) {
                    return a;
                }
            }
            throw new InvalidValueException("must be one of " + join(allowed) + "; got '" + args.get(0) + "'");
        }, doc), "[" + join(allowed).replace(", ", "|") + "]", defaultValue == null ? null : join(List.of(defaultValue)));
    }

    private static <T> ImageOption<T> choice(String name, Map<String, T> choices, T defaultValue, String doc,
            String... flags) {
        List<String> names = new ArrayList<>(choices.keySet());
        Collections.sort(names);
        String shownDefault = null;
        for (Map.Entry<String, T> c : choices.entrySet()) {
            if (java.util.Objects.equals(c.getValue(), defaultValue)) {
                shownDefault = c.getKey();
            }
        }
        return shown(new ImageOption<>(name, List.of(flags), 1, false, defaultValue, (args, source) -> {
            String v = args.get(0); // exactly, as click.Choice takes it
            if (!choices.containsKey(v)) {
                throw new InvalidValueException("'" + v + "' is not one of " + String.join(", ", names));
            }
            return choices.get(v);
        }, doc), "[" + String.join("|", names) + "]", shownDefault);
    }

    private static <T> ImageOption<T> value(String name, Function<String, T> parse, T defaultValue, String doc,
            String... flags) {
        return register(new ImageOption<>(name, List.of(flags), 1, false, defaultValue,
                (args, source) -> parse.apply(args.get(0)), doc));
    }

    private static <T> ImageOption<T> required(ImageOption<T> o) {
        return register(new ImageOption<>(o.name, o.flags, o.arity, o.repeatable, true, o.defaultValue, o.parser,
                o.doc, o.impliedBy, o.metavar, o.defaultText));
    }

    @SafeVarargs
    private static ImageOption<Boolean> impliedBy(ImageOption<Boolean> o, ImageOption<Boolean>... by) {
        return register(new ImageOption<>(o.name, o.flags, o.arity, o.repeatable, o.required, o.defaultValue,
                o.parser, o.doc, List.of(by), o.metavar, o.defaultText));
    }

    private static <E> ImageOption<List<E>> repeatable(ImageOption<?> o) {
        return register(new ImageOption<>(o.name, o.flags, o.arity, true, false, List.of(), o.parser, o.doc,
                List.of(), o.metavar, o.defaultText));
    }

    /** The same option, with how help shows its value and default. */
    private static <T> ImageOption<T> shown(ImageOption<T> o, String metavar, String defaultText) {
        return register(new ImageOption<>(o.name, o.flags, o.arity, o.repeatable, o.required, o.defaultValue,
                o.parser, o.doc, o.impliedBy, metavar, defaultText));
    }

    private static Map<String, HashAlgorithm> shaChoices() {
        Map<String, HashAlgorithm> m = new LinkedHashMap<>();
        m.put("auto", null);
        for (HashAlgorithm h : HashAlgorithm.values()) {
            m.put(String.valueOf(h.bits()), h);
        }
        return m;
    }

    private static Map<String, Integer> hmacChoices() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("auto", 256);
        m.put("256", 256);
        m.put("512", 512);
        return m;
    }

    private static Map<String, Lzma2Compression.Type> compressionChoices() {
        Map<String, Lzma2Compression.Type> m = new LinkedHashMap<>();
        m.put("disabled", null);
        for (Lzma2Compression.Type t : Lzma2Compression.Type.values()) {
            m.put(t.optionValue(), t);
        }
        return m;
    }

    private static String swType(String v) {
        if (v.length() > BootRecord.MAX_SW_TYPE_LENGTH) {
            throw new InvalidValueException("'" + v + "' is too long (" + v.length()
                    + " characters) for sw_type. Its maximum allowed length is " + BootRecord.MAX_SW_TYPE_LENGTH
                    + " characters.");
        }
        return v;
    }

    private static String join(List<Integer> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(v == 0xff ? "0xff" : String.valueOf(v)));
        return String.join(", ", s);
    }
}
