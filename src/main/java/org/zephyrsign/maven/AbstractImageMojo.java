package org.zephyrsign.maven;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.OptionSource;
import org.zephyrsign.imageset.ImageSet;
import org.zephyrsign.imageset.ImageSetPlanner;
import org.zephyrsign.zephyr.ZephyrBuildOutput;

/**
 * The image parameters, one per image option and named after it (each also a {@code zephyr.*}
 * user property), shared by the goals that make images. They are handed to the core as written;
 * the core parses and checks them and names them back in POM terms. Numbers accept decimal or 0x
 * hex, flags true or false.
 *
 * <p>Without {@code inputFile}, the image comes from the Zephyr build in {@code buildDirectory},
 * and every parameter not set here is taken from that build, as Zephyr's cmake/mcuboot.cmake
 * would pass it to imgtool: version, header size, slot size, alignment, max sectors,
 * overwrite-only, RAM load, CONFIG_MCUBOOT_EXTRA_IMGTOOL_ARGS. Without a Zephyr build, slotSize is
 * required, headerSize defaults to 0x200, align to 4 and version to 0.0.0.
 */
public abstract class AbstractImageMojo extends AbstractZephyrProjectMojo {
    /** Options no image parameter field carries: both custom TLV forms go in {@code <customTlvs>}. */
    private static final List<ImageOption<?>> CUSTOM_TLV_OPTIONS = List.of(ImageOption.CUSTOM_TLV,
            ImageOption.CUSTOM_TLV_FILE);

    /**
     * The application binary: raw (.bin) or Intel HEX (.hex). When not set, the image comes from the
     * Zephyr build in {@code buildDirectory}, with the image parameters that build implies.
     */
    @Parameter(property = "zephyr.inputFile")
    private File inputFile;

    /** Size of the header area before the payload (Zephyr: CONFIG_ROM_START_OFFSET). imgtool: -H/--header-size. */
    @Parameter(property = "zephyr.headerSize")
    private String headerSize;

    /**
     * Add the header area in front of the payload instead of using zeros the binary reserved. imgtool: --pad-header.
     */
    @Parameter(property = "zephyr.padHeader")
    private String padHeader;

    /** Size of the flash slot; image and trailer must fit. imgtool: -S/--slot-size. */
    @Parameter(property = "zephyr.slotSize")
    private String slotSize;

    /** Flash write alignment: 1, 2, 4, 8, 16 or 32. imgtool: --align. */
    @Parameter(property = "zephyr.align")
    private String align;

    /** Trailer alignment: 8, 16 or 32; default the larger of 8 and the alignment. imgtool: --max-align. */
    @Parameter(property = "zephyr.maxAlign")
    private String maxAlign;

    /** Image version, major.minor.revision+build (later parts optional). imgtool: -v/--version. */
    @Parameter(property = "zephyr.version")
    private String version;

    /** Security counter: a number, or 'auto' to derive it from the version. imgtool: -s/--security-counter. */
    @Parameter(property = "zephyr.securityCounter")
    private String securityCounter;

    /**
     * Images this one needs: "(image_id,maj.min.rev+build)", several separated by commas. imgtool: -d/--dependencies.
     */
    @Parameter(property = "zephyr.dependencies")
    private String dependencies;

    /** RAM load address (sets RAM_LOAD). imgtool: -L/--load-addr. */
    @Parameter(property = "zephyr.loadAddress")
    private String loadAddress;

    /** Fixed ROM address the image runs from (sets ROM_FIXED). imgtool: -F/--rom-fixed. */
    @Parameter(property = "zephyr.romFixed")
    private String romFixed;

    /** Mark the image as not bootable (sets NON_BOOTABLE). imgtool: --non-bootable. */
    @Parameter(property = "zephyr.nonBootable")
    private String nonBootable;

    /** What the key TLV holds: hash (KEYHASH) or full (PUBKEY). imgtool: --public-key-format. */
    @Parameter(property = "zephyr.publicKeyFormat")
    private String publicKeyFormat;

    /** Image hash: auto (the key decides), 256, 384 or 512. imgtool: --sha. */
    @Parameter(property = "zephyr.sha")
    private String sha;

    /** Ed25519 over the image itself rather than its digest. imgtool: --pure. */
    @Parameter(property = "zephyr.pure")
    private String pure;

    /** Software type of the measured-boot record (at most 12 characters). imgtool: -B/--boot-record. */
    @Parameter(property = "zephyr.bootRecord")
    private String bootRecord;

    /** Pad the image and mark it confirmed (image_ok set). imgtool: --confirm. */
    @Parameter(property = "zephyr.confirm")
    private String confirm;

    /** Pad the image for a test swap (image_ok left erased). imgtool: --test. */
    @Parameter(property = "zephyr.test")
    private String test;

    /** Pad the image to the slot size and add the trailer (implied by confirm and test). imgtool: --pad. */
    @Parameter(property = "zephyr.pad")
    private String pad;

    /** Sectors the swap status covers (Zephyr: CONFIG_BOOT_MAX_IMG_SECTORS). imgtool: -M/--max-sectors. */
    @Parameter(property = "zephyr.maxSectors")
    private String maxSectors;

    /** Short trailer for overwrite-only upgrades. imgtool: --overwrite-only. */
    @Parameter(property = "zephyr.overwriteOnly")
    private String overwriteOnly;

    /** Value of erased flash: 0xff or 0. imgtool: -R/--erased-val. */
    @Parameter(property = "zephyr.erasedValue")
    private String erasedValue;

    /** Byte order of the header and TLVs: little or big. imgtool: -e/--endian. */
    @Parameter(property = "zephyr.endian")
    private String endian;

    /** Pad ECDSA signatures to 72 bytes (MCUboot before 1.5). imgtool: --pad-sig. */
    @Parameter(property = "zephyr.padSig")
    private String padSig;

    /** Vendor UUID, or a name made into a UUIDv5 (UUID_VID TLV). imgtool: --vid. */
    @Parameter(property = "zephyr.vendorId")
    private String vendorId;

    /** Class UUID, or a name made into a UUIDv5 under the vendor UUID (UUID_CID TLV). imgtool: --cid. */
    @Parameter(property = "zephyr.classId")
    private String classId;

    /** Address of Intel HEX output. imgtool: -x/--hex-addr. */
    @Parameter(property = "zephyr.hexAddress")
    private String hexAddress;

    /** Encrypt the payload for this device public key (X25519, P-256 or RSA-2048 PEM). imgtool: -E/--encrypt. */
    @Parameter(property = "zephyr.encryptionKey")
    private String encryptionKey;

    /** AES key length for encryption: 128 or 256. imgtool: --encrypt-keylen. */
    @Parameter(property = "zephyr.encryptKeyLength")
    private String encryptKeyLength;

    /**
     * HMAC/HKDF hash of the key exchange: auto (256), 256 or 512 (512 with X25519 only). imgtool:
     * --hmac-sha.
     */
    @Parameter(property = "zephyr.hmacSha")
    private String hmacSha;

    /** Mark as encrypted and wrap the key, but leave the payload in plaintext. imgtool: --clear. */
    @Parameter(property = "zephyr.clear")
    private String clear;

    /** Size the trailer to keep the whole key-exchange TLV (BOOT_SWAP_SAVE_ENCTLV). imgtool: --save-enctlv. */
    @Parameter(property = "zephyr.saveEncTlv")
    private String saveEncTlv;

    /**
     * Compress the image: disabled, lzma2 or lzma2armthumb (LZMA2 after the ARM Thumb filter); kept only when it
     * makes the image smaller. imgtool: --compression.
     */
    @Parameter(property = "zephyr.compression")
    private String compression;

    /**
     * Protected vendor TLVs, in order: each {@code <customTlv>} has a {@code <tag>} (0xa0 to 0xfffe)
     * and a {@code <value>} (0x hex bytes, or a string) or a {@code <file>}. imgtool: --custom-tlv,
     * --custom-tlv-file. (no -D form: set it in the POM)
     */
    @Parameter
    private List<CustomTlv> customTlvs;

    /** Whether the image comes from a firmware file rather than a Zephyr build. */
    protected boolean hasInputFile() {
        return inputFile != null;
    }

    /** The firmware file, as configured; null when the image comes from the Zephyr build. */
    protected Path inputFile() {
        return inputFile == null ? null : inputFile.toPath().toAbsolutePath();
    }

    /**
     * The images this build makes: from {@code inputFile}, or from the Zephyr build (with its HEX,
     * confirmed, encrypted and domain variants) with the parameters it implies, POM values winning.
     */
    protected ImageSet planImages(Path output, List<String> domains) throws MojoFailureException {
        if (inputFile == null && !ZephyrBuildOutput.exists(applicationBuildDirectory())) {
            throw new MojoFailureException("no Zephyr build to sign: looked for " + applicationBuildDirectory()
                    .resolve("zephyr/.config") + " (" + applicationBuildOrigin() + "); run zephyr:build first, set "
                    + "<buildDirectory>" + (sysbuild() ? " or <applicationDomain>" : "") + ", or sign a file with "
                    + "<inputFile> (-Dzephyr.inputFile)");
        }
        OptionSource pom = PomOptions.source(project.getBasedir().toPath());
        return ImageSetPlanner.plan(new ImageSetPlanner.Request(inputFile(), applicationBuildDirectory(), output,
                domains, pom, this::defaults, this::pomSettings, this::workspace), getLog()::info, getLog()::warn);
    }

    /** Without a Zephyr build: a header room of 0x200 (Zephyr's usual), 4-byte writes, version 0.0.0. */
    private void defaults(ImageSettings.Builder b) {
        OptionSource source = PomOptions.source(project.getBasedir().toPath()).takenFrom("the plugin's default",
                project.getBasedir().toPath());
        b.set(ImageOption.HEADER_SIZE, source, List.of("0x200"));
        b.set(ImageOption.ALIGN, source, List.of("4"));
        b.set(ImageOption.VERSION, source, List.of("0.0.0"));
    }

    /** Every image parameter set in the POM or with -D, as written. */
    private void pomSettings(ImageSettings.Builder b) {
        OptionSource pom = PomOptions.source(project.getBasedir().toPath());
        for (ImageOption<?> option : ImageOption.all()) {
            if (CUSTOM_TLV_OPTIONS.contains(option)) {
                continue;
            }
            String value = parameterValue(option);
            if (value != null && !value.isBlank()) {
                b.set(option, pom, List.of(value));
            }
        }
        if (customTlvs != null) {
            for (CustomTlv t : customTlvs) {
                if (t.file != null) {
                    b.set(ImageOption.CUSTOM_TLV_FILE, pom, List.of(String.valueOf(t.tag), t.file.getPath()));
                } else {
                    b.set(ImageOption.CUSTOM_TLV, pom, List.of(String.valueOf(t.tag), t.value == null ? "" : t.value));
                }
            }
        }
    }

    /** The field named after the option; {@code MojoParametersTest} checks that each exists. */
    private String parameterValue(ImageOption<?> option) {
        try {
            Field f = AbstractImageMojo.class.getDeclaredField(option.name());
            return (String) f.get(this);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("no image parameter field for " + option.name(), e);
        }
    }
}
