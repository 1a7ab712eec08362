package org.zephyrsign.imgtool;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.image.CustomTlvValues;
import org.zephyrsign.image.Dependency;
import org.zephyrsign.image.Endian;
import org.zephyrsign.image.ImageEncryption;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVersion;
import org.zephyrsign.image.InvalidOptionException;
import org.zephyrsign.image.Numbers;
import org.zephyrsign.imgtool.ImgtoolCommandLine.Spec;

/**
 * {@code imgtool sign}'s options and their meaning, in one place: the CLI parses its command line
 * with them, and a Zephyr build's CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS is read with them too.
 */
public final class ImgtoolSignOptions {
    public static final List<Spec> SPECS = List.of(
            new Spec("--key", 1, "-k"), new Spec("--public-key-format", 1), new Spec("--encrypt", 1, "-E"),
            new Spec("--encrypt-keylen", 1), new Spec("--hmac-sha", 1), new Spec("--clear", 0),
            new Spec("--save-enctlv", 0), new Spec("--header-size", 1, "-H"), new Spec("--pad-header", 0),
            new Spec("--slot-size", 1, "-S"), new Spec("--align", 1), new Spec("--max-align", 1),
            new Spec("--version", 1, "-v"), new Spec("--security-counter", 1, "-s"),
            new Spec("--dependencies", 1, "-d"), new Spec("--load-addr", 1, "-L"), new Spec("--rom-fixed", 1, "-F"),
            new Spec("--non-bootable", 0), new Spec("--custom-tlv", 2), new Spec("--custom-tlv-file", 2),
            new Spec("--sha", 1), new Spec("--pure", 0), new Spec("--boot-record", 1, "-B"),
            new Spec("--pad", 0), new Spec("--confirm", 0), new Spec("--test", 0),
            new Spec("--max-sectors", 1, "-M"), new Spec("--overwrite-only", 0), new Spec("--erased-val", 1, "-R"),
            new Spec("--endian", 1, "-e"), new Spec("--hex-addr", 1, "-x"), new Spec("--pad-sig", 0),
            new Spec("--vid", 1), new Spec("--cid", 1), new Spec("--fix-sig", 1), new Spec("--fix-sig-pubkey", 1),
            new Spec("--vector-to-sign", 1), new Spec("--vector-info", 1), new Spec("--sig-out", 1),
            new Spec("--compression", 1));

    private ImgtoolSignOptions() {
    }

    /** The image settings the options describe; the builder is returned so callers can add to it. */
    public static ImageSettings.Builder settings(ImgtoolCommandLine cl) {
        ImageSettings.Builder b = ImageSettings.builder();
        if (cl.has("--header-size")) {
            b.headerSize(Numbers.parseInt(ImageOption.HEADER_SIZE, cl.get("--header-size"), 0xffff));
        }
        if (cl.has("--slot-size")) {
            b.slotSize(Numbers.parseUnsigned(ImageOption.SLOT_SIZE, cl.get("--slot-size"), 0xffffffffL));
        }
        if (cl.has("--version")) {
            b.version(ImageVersion.parse(cl.get("--version")));
        } else {
            throw new InvalidOptionException(ImageOption.VERSION, "is required");
        }
        b.padHeader(cl.has("--pad-header"))
                .align(Numbers.parseInt(ImageOption.ALIGN, cl.get("--align", "1"), 64))
                .securityCounter(cl.get("--security-counter"))
                .nonBootable(cl.has("--non-bootable"))
                .pure(cl.has("--pure"))
                .sha(cl.get("--sha"))
                .bootRecord(cl.get("--boot-record"))
                .pad(cl.has("--pad") || cl.has("--test"))
                .confirm(cl.has("--confirm"))
                .maxSectors(Numbers.parseInt(ImageOption.MAX_SECTORS, cl.get("--max-sectors", "128"), 0xffff))
                .overwriteOnly(cl.has("--overwrite-only"))
                .erasedValue(Numbers.parseInt(ImageOption.ERASED_VAL, cl.get("--erased-val", "0xff"), 0xff))
                .padSig(cl.has("--pad-sig"))
                .vendorId(cl.get("--vid"))
                .classId(cl.get("--cid"));
        if (cl.has("--max-align")) {
            b.maxAlign(Numbers.parseInt(ImageOption.MAX_ALIGN, cl.get("--max-align"), 64));
        }
        if (cl.has("--dependencies")) {
            b.dependencies(Dependency.parseList(cl.get("--dependencies")));
        }
        if (cl.has("--load-addr")) {
            b.loadAddress(Numbers.parseUnsigned(ImageOption.LOAD_ADDR, cl.get("--load-addr"), 0xffffffffL));
        }
        if (cl.has("--rom-fixed")) {
            b.romFixed(Numbers.parseUnsigned(ImageOption.ROM_FIXED, cl.get("--rom-fixed"), 0xffffffffL));
        }
        ImgtoolCommandLine.requireChoice("--public-key-format", cl.get("--public-key-format"), Set.of("hash", "full"));
        if ("full".equals(cl.get("--public-key-format"))) {
            b.publicKeyFormat(ImageSettings.PublicKeyFormat.FULL);
        }
        ImgtoolCommandLine.requireChoice("--endian", cl.get("--endian"), Set.of("little", "big"));
        b.endian("big".equals(cl.get("--endian")) ? Endian.BIG : Endian.LITTLE);
        for (List<String> tlv : cl.all("--custom-tlv")) {
            b.customTlv(tlvTag(tlv.get(0)), CustomTlvValues.parse(tlv.get(1)));
        }
        for (List<String> tlv : cl.all("--custom-tlv-file")) {
            b.customTlv(tlvTag(tlv.get(0)), CustomTlvValues.fromFile(Path.of(tlv.get(1))));
        }
        return b;
    }

    private static int tlvTag(String text) {
        return Numbers.parseInt(ImageOption.CUSTOM_TLV, text, 0xffff);
    }

    /** The encryption the options ask for, or null. */
    public static ImageEncryption encryption(ImgtoolCommandLine cl) {
        if (!cl.has("--encrypt")) {
            return null;
        }
        ImgtoolCommandLine.requireChoice("--hmac-sha", cl.get("--hmac-sha"), Set.of("256", "512"));
        ImgtoolCommandLine.requireChoice("--encrypt-keylen", cl.get("--encrypt-keylen"), Set.of("128", "256"));
        return new ImageEncryption(EncryptionKey.fromPem(Path.of(cl.get("--encrypt"))),
                Integer.parseInt(cl.get("--encrypt-keylen", "128")), "512".equals(cl.get("--hmac-sha")),
                cl.has("--clear"), cl.has("--save-enctlv"));
    }
}
