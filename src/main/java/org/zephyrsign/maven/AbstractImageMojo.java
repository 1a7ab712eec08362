package org.zephyrsign.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;
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
import org.zephyrsign.imgtool.ImgtoolCommandLine;
import org.zephyrsign.imgtool.ImgtoolSignOptions;
import org.zephyrsign.zephyr.ZephyrBuildOutput;

/**
 * The image parameters, named after imgtool's options, shared by the goals that make images.
 * Numbers accept decimal or 0x hex.
 */
public abstract class AbstractImageMojo extends AbstractZephyrMojo {
    /**
     * The application binary: raw (.bin) or Intel HEX (.hex). When not set, the image comes from the
     * Zephyr build in {@code zephyrBuildDirectory}, with the image parameters that build implies.
     */
    @Parameter(property = "zephyr.inputFile")
    protected File inputFile;

    /**
     * The Zephyr application build (as zephyr:build makes it). Its zephyr.bin is signed, and image
     * parameters not set here are taken from it as Zephyr's cmake/mcuboot.cmake would: version,
     * header size, slot size, alignment, max sectors, overwrite-only, RAM load, extra imgtool args.
     */
    @Parameter(property = "zephyr.buildDirectory", defaultValue = "${project.build.directory}/zephyr/app")
    protected File zephyrBuildDirectory;

    /** The Zephyr build is a sysbuild build: the application is its domain {@code applicationDomain}. */
    @Parameter(property = "zephyr.sysbuild", defaultValue = "false")
    protected boolean sysbuild;

    /** The application's sysbuild domain; default the project directory's name, as sysbuild names it. */
    @Parameter(property = "zephyr.applicationDomain")
    protected String applicationDomain;

    /** The build directory of the application image: the build itself, or its domain within a sysbuild build. */
    protected File applicationBuildDirectory() {
        if (!sysbuild) {
            return zephyrBuildDirectory;
        }
        return new File(zephyrBuildDirectory, applicationDomain != null ? applicationDomain : project.getBasedir().getName());
    }

    /** imgtool -H: header size; Zephyr's CONFIG_ROM_START_OFFSET. */
    @Parameter(property = "zephyr.headerSize")
    private String headerSize;

    /** imgtool --pad-header: prepend the header area instead of using zeros the binary reserved. */
    @Parameter(property = "zephyr.padHeader")
    private Boolean padHeader;

    /** imgtool -S: size of the flash slot; image plus trailer must fit. */
    @Parameter(property = "zephyr.slotSize")
    private String slotSize;

    /** imgtool --align: flash write alignment, 1, 2, 4, 8, 16 or 32. */
    @Parameter(property = "zephyr.align")
    private String align;

    /** imgtool --max-align: 8, 16 or 32; default the larger of 8 and align. */
    @Parameter(property = "zephyr.maxAlign")
    private String maxAlign;

    /** imgtool -v: major.minor.revision+build. */
    @Parameter(property = "zephyr.version")
    private String version;

    /** imgtool -s: security counter, a number or "auto" (from the version). */
    @Parameter(property = "zephyr.securityCounter")
    private String securityCounter;

    /** imgtool -d: dependencies, e.g. "(1,2.0.0+0),(2,1.5.3)". */
    @Parameter(property = "zephyr.dependencies")
    private String dependencies;

    /** imgtool -L: RAM load address (sets RAM_LOAD). */
    @Parameter(property = "zephyr.loadAddress")
    private String loadAddress;

    /** imgtool -F: fixed ROM address (sets ROM_FIXED). */
    @Parameter(property = "zephyr.romFixed")
    private String romFixed;

    /** imgtool --non-bootable. */
    @Parameter(property = "zephyr.nonBootable")
    private Boolean nonBootable;

    /** imgtool --custom-tlv / --custom-tlv-file: protected vendor TLVs, in order. */
    @Parameter
    private List<CustomTlv> customTlvs;

    /** imgtool --public-key-format: hash (KEYHASH TLV) or full (PUBKEY TLV). */
    @Parameter(property = "zephyr.publicKeyFormat")
    private String publicKeyFormat;

    /** imgtool --sha: auto, 256, 384 or 512. */
    @Parameter(property = "zephyr.sha")
    private String sha;

    /** imgtool --pure: Ed25519 over the image itself rather than its digest. */
    @Parameter(property = "zephyr.pure")
    private Boolean pure;

    /** imgtool -B: software type for the measured-boot record (at most 12 characters). */
    @Parameter(property = "zephyr.bootRecord")
    private String bootRecord;

    /** imgtool --pad: pad to the slot size with a trailer. */
    @Parameter(property = "zephyr.pad")
    private Boolean pad;

    /** imgtool --confirm: padded, with image_ok set. */
    @Parameter(property = "zephyr.confirm")
    private Boolean confirm;

    /** imgtool --test: padded, image_ok left erased (swap for a test boot). */
    @Parameter(property = "zephyr.test")
    private Boolean test;

    /** imgtool -M: sectors the swap status covers; CONFIG_BOOT_MAX_IMG_SECTORS. */
    @Parameter(property = "zephyr.maxSectors")
    private String maxSectors;

    /** imgtool --overwrite-only: short trailer for overwrite-only upgrades. */
    @Parameter(property = "zephyr.overwriteOnly")
    private Boolean overwriteOnly;

    /** imgtool -R: 0xff (default) or 0 as the flash's erased value. */
    @Parameter(property = "zephyr.erasedValue")
    private String erasedValue;

    /** imgtool -e: little (default) or big. */
    @Parameter(property = "zephyr.endian")
    private String endian;

    /** imgtool --pad-sig: pad ECDSA signatures to 72 bytes (MCUboot before 1.5). */
    @Parameter(property = "zephyr.padSig")
    private Boolean padSig;

    /** imgtool --vid: vendor UUID or name. */
    @Parameter(property = "zephyr.vendorId")
    private String vendorId;

    /** imgtool --cid: class UUID or name. */
    @Parameter(property = "zephyr.classId")
    private String classId;

    /** imgtool -x: address of Intel HEX output. */
    @Parameter(property = "zephyr.hexAddress")
    protected String hexAddress;

    /** imgtool -E: the device's public encryption key (X25519, P-256 or RSA-2048 PEM). */
    @Parameter(property = "zephyr.encryptionKey")
    private File encryptionKey;

    /** imgtool --encrypt-keylen: 128 or 256. */
    @Parameter(property = "zephyr.encryptKeyLength", defaultValue = "128")
    private int encryptKeyLength;

    /** imgtool --hmac-sha: 256 or 512 (512 with X25519 only). */
    @Parameter(property = "zephyr.hmacSha", defaultValue = "256")
    private int hmacSha;

    /** imgtool --clear: mark as encrypted and wrap the key, but leave the payload in plaintext. */
    @Parameter(property = "zephyr.clear", defaultValue = "false")
    private boolean clear;

    /** imgtool --save-enctlv: size the trailer to keep the whole key TLV. */
    @Parameter(property = "zephyr.saveEncTlv", defaultValue = "false")
    private boolean saveEncTlv;

    /** The firmware to sign: {@code inputFile}, or the Zephyr build's image. */
    protected File firmwareFile(ZephyrBuildOutput build) {
        if (inputFile != null) {
            return inputFile;
        }
        if (build == null) {
            throw new InvalidOptionException(ImageOption.INPUT, "is required: no Zephyr build in "
                    + applicationBuildDirectory() + " to take zephyr.bin from (run zephyr:build first, or set the file)");
        }
        return build.image().toFile();
    }

    /** The Zephyr build to take image parameters from, or null when {@code inputFile} is used without one. */
    protected ZephyrBuildOutput zephyrBuild(File buildDirectory) {
        boolean exists = buildDirectory != null && ZephyrBuildOutput.exists(buildDirectory.toPath());
        if (!exists) {
            return null;
        }
        return ZephyrBuildOutput.at(buildDirectory.toPath());
    }

    /**
     * Image settings: those the Zephyr build implies (when there is one), then every parameter set
     * in the POM or with -D on top. Logs where each value came from.
     */
    protected ImageSettings imageSettings(ZephyrBuildOutput build) {
        ImageSettings.Builder b;
        if (build != null) {
            ZephyrBuildOutput.ImgtoolArguments derived = build.imgtoolArguments(getLog()::warn);
            getLog().info("Image parameters from the Zephyr build (as cmake/mcuboot.cmake would pass them):");
            derived.sources().forEach((option, source) -> getLog().info("  " + option + " " + source));
            b = ImgtoolSignOptions.settings(ImgtoolCommandLine.parse(
                    derived.arguments().toArray(String[]::new), 0, ImgtoolSignOptions.SPECS));
        } else {
            b = ImageSettings.builder().headerSize(0x200).align(4);
        }
        StringBuilder overridden = new StringBuilder();
        set(headerSize, "headerSize", overridden, v -> b.headerSize(Numbers.parseInt(ImageOption.HEADER_SIZE, v, 0xffff)));
        set(slotSize, "slotSize", overridden,
                v -> b.slotSize(Numbers.parseUnsigned(ImageOption.SLOT_SIZE, v, 0xffffffffL)));
        set(align, "align", overridden, v -> b.align(Numbers.parseInt(ImageOption.ALIGN, v, 64)));
        set(maxAlign, "maxAlign", overridden, v -> b.maxAlign(Numbers.parseInt(ImageOption.MAX_ALIGN, v, 64)));
        set(version, "version", overridden, v -> b.version(ImageVersion.parse(v)));
        set(securityCounter, "securityCounter", overridden, b::securityCounter);
        set(dependencies, "dependencies", overridden, v -> b.dependencies(Dependency.parseList(v)));
        set(loadAddress, "loadAddress", overridden,
                v -> b.loadAddress(Numbers.parseUnsigned(ImageOption.LOAD_ADDR, v, 0xffffffffL)));
        set(romFixed, "romFixed", overridden,
                v -> b.romFixed(Numbers.parseUnsigned(ImageOption.ROM_FIXED, v, 0xffffffffL)));
        set(sha, "sha", overridden, b::sha);
        set(bootRecord, "bootRecord", overridden, b::bootRecord);
        set(maxSectors, "maxSectors", overridden,
                v -> b.maxSectors(Numbers.parseInt(ImageOption.MAX_SECTORS, v, 0xffff)));
        set(erasedValue, "erasedValue", overridden,
                v -> b.erasedValue(Numbers.parseInt(ImageOption.ERASED_VAL, v, 0xff)));
        set(vendorId, "vendorId", overridden, b::vendorId);
        set(classId, "classId", overridden, b::classId);
        set(publicKeyFormat, "publicKeyFormat", overridden, v -> b.publicKeyFormat(switch (v) {
            case "hash" -> ImageSettings.PublicKeyFormat.HASH;
            case "full" -> ImageSettings.PublicKeyFormat.FULL;
            default -> throw new InvalidOptionException(ImageOption.PUBLIC_KEY_FORMAT, "must be hash or full");
        }));
        set(endian, "endian", overridden, v -> b.endian(switch (v) {
            case "little" -> Endian.LITTLE;
            case "big" -> Endian.BIG;
            default -> throw new InvalidOptionException(ImageOption.ENDIAN, "must be little or big");
        }));
        set(padHeader, "padHeader", overridden, b::padHeader);
        set(nonBootable, "nonBootable", overridden, b::nonBootable);
        set(pure, "pure", overridden, b::pure);
        set(pad, "pad", overridden, b::pad);
        set(test, "test", overridden, v -> b.pad(v || Boolean.TRUE.equals(pad)));
        set(confirm, "confirm", overridden, b::confirm);
        set(overwriteOnly, "overwriteOnly", overridden, b::overwriteOnly);
        set(padSig, "padSig", overridden, b::padSig);
        if (customTlvs != null) {
            for (CustomTlv t : customTlvs) {
                int tag = Numbers.parseInt(ImageOption.CUSTOM_TLV, t.tag, 0xffff);
                b.customTlv(tag, t.file != null ? CustomTlvValues.fromFile(t.file.toPath())
                        : CustomTlvValues.parse(t.value == null ? "" : t.value));
            }
        }
        if (build != null && overridden.length() > 0) {
            getLog().info("Set in the POM or with -D, overriding the build:" + overridden);
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(T value, String name, StringBuilder overridden, java.util.function.Consumer<T> apply) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return;
        }
        apply.accept(value instanceof String s ? (T) s.trim() : value);
        overridden.append(' ').append(name).append('=').append(value);
    }

    protected ImageEncryption imageEncryption() {
        if (encryptionKey == null) {
            return null;
        }
        if (hmacSha != 256 && hmacSha != 512) {
            throw new InvalidOptionException(ImageOption.HMAC_SHA, "must be 256 or 512");
        }
        return new ImageEncryption(EncryptionKey.fromPem(encryptionKey.toPath()), encryptKeyLength, hmacSha == 512,
                clear, saveEncTlv);
    }

    protected Long hexAddressValue() {
        return blankToNull(hexAddress) == null ? null
                : Numbers.parseUnsigned(ImageOption.HEX_ADDR, hexAddress, 0xffffffffL);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
