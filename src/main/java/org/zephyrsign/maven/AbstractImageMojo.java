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

/**
 * The image parameters, named after imgtool's options, shared by the goals that make images.
 * Numbers accept decimal or 0x hex.
 */
public abstract class AbstractImageMojo extends AbstractZephyrMojo {
    /** The application binary: raw (.bin) or Intel HEX (.hex), e.g. Zephyr's zephyr.bin. */
    @Parameter(property = "zephyr.inputFile", defaultValue = "${project.build.directory}/zephyr/zephyr.bin")
    protected File inputFile;

    /** imgtool -H: header size; Zephyr's CONFIG_ROM_START_OFFSET. */
    @Parameter(property = "zephyr.headerSize", defaultValue = "0x200")
    private String headerSize;

    /** imgtool --pad-header: prepend the header area instead of using zeros the binary reserved. */
    @Parameter(property = "zephyr.padHeader", defaultValue = "false")
    private boolean padHeader;

    /** imgtool -S: size of the flash slot; image plus trailer must fit. */
    @Parameter(property = "zephyr.slotSize")
    private String slotSize;

    /** imgtool --align: flash write alignment, 1, 2, 4, 8, 16 or 32. */
    @Parameter(property = "zephyr.align", defaultValue = "4")
    private String align;

    /** imgtool --max-align: 8, 16 or 32; default the larger of 8 and align. */
    @Parameter(property = "zephyr.maxAlign")
    private String maxAlign;

    /** imgtool -v: major.minor.revision+build. */
    @Parameter(property = "zephyr.version", defaultValue = "0.0.0+0")
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
    @Parameter(property = "zephyr.nonBootable", defaultValue = "false")
    private boolean nonBootable;

    /** imgtool --custom-tlv / --custom-tlv-file: protected vendor TLVs, in order. */
    @Parameter
    private List<CustomTlv> customTlvs;

    /** imgtool --public-key-format: hash (KEYHASH TLV) or full (PUBKEY TLV). */
    @Parameter(property = "zephyr.publicKeyFormat", defaultValue = "hash")
    private String publicKeyFormat;

    /** imgtool --sha: auto, 256, 384 or 512. */
    @Parameter(property = "zephyr.sha", defaultValue = "auto")
    private String sha;

    /** imgtool --pure: Ed25519 over the image itself rather than its digest. */
    @Parameter(property = "zephyr.pure", defaultValue = "false")
    private boolean pure;

    /** imgtool -B: software type for the measured-boot record (at most 12 characters). */
    @Parameter(property = "zephyr.bootRecord")
    private String bootRecord;

    /** imgtool --pad: pad to the slot size with a trailer. */
    @Parameter(property = "zephyr.pad", defaultValue = "false")
    private boolean pad;

    /** imgtool --confirm: padded, with image_ok set. */
    @Parameter(property = "zephyr.confirm", defaultValue = "false")
    private boolean confirm;

    /** imgtool --test: padded, image_ok left erased (swap for a test boot). */
    @Parameter(property = "zephyr.test", defaultValue = "false")
    private boolean test;

    /** imgtool -M: sectors the swap status covers; CONFIG_BOOT_MAX_IMG_SECTORS. */
    @Parameter(property = "zephyr.maxSectors", defaultValue = "128")
    private String maxSectors;

    /** imgtool --overwrite-only: short trailer for overwrite-only upgrades. */
    @Parameter(property = "zephyr.overwriteOnly", defaultValue = "false")
    private boolean overwriteOnly;

    /** imgtool -R: 0xff (default) or 0 as the flash's erased value. */
    @Parameter(property = "zephyr.erasedValue", defaultValue = "0xff")
    private String erasedValue;

    /** imgtool -e: little (default) or big. */
    @Parameter(property = "zephyr.endian", defaultValue = "little")
    private String endian;

    /** imgtool --pad-sig: pad ECDSA signatures to 72 bytes (MCUboot before 1.5). */
    @Parameter(property = "zephyr.padSig", defaultValue = "false")
    private boolean padSig;

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

    protected ImageSettings imageSettings() {
        ImageSettings.Builder b = ImageSettings.builder()
                .headerSize(Numbers.parseInt(ImageOption.HEADER_SIZE, headerSize, 0xffff))
                .padHeader(padHeader)
                .align(Numbers.parseInt(ImageOption.ALIGN, align, 64))
                .version(ImageVersion.parse(version))
                .securityCounter(blankToNull(securityCounter))
                .nonBootable(nonBootable)
                .pure(pure)
                .sha(sha)
                .bootRecord(blankToNull(bootRecord))
                .pad(pad || test)
                .confirm(confirm)
                .maxSectors(Numbers.parseInt(ImageOption.MAX_SECTORS, maxSectors, 0xffff))
                .overwriteOnly(overwriteOnly)
                .erasedValue(Numbers.parseInt(ImageOption.ERASED_VAL, erasedValue, 0xff))
                .padSig(padSig)
                .vendorId(blankToNull(vendorId))
                .classId(blankToNull(classId));
        if (blankToNull(slotSize) == null) {
            throw new InvalidOptionException(ImageOption.SLOT_SIZE, "is required: the size of the flash slot "
                    + "(Zephyr: the size of slot1_partition)");
        }
        b.slotSize(Numbers.parseUnsigned(ImageOption.SLOT_SIZE, slotSize, 0xffffffffL));
        if (blankToNull(maxAlign) != null) {
            b.maxAlign(Numbers.parseInt(ImageOption.MAX_ALIGN, maxAlign, 64));
        }
        if (blankToNull(dependencies) != null) {
            b.dependencies(Dependency.parseList(dependencies));
        }
        if (blankToNull(loadAddress) != null) {
            b.loadAddress(Numbers.parseUnsigned(ImageOption.LOAD_ADDR, loadAddress, 0xffffffffL));
        }
        if (blankToNull(romFixed) != null) {
            b.romFixed(Numbers.parseUnsigned(ImageOption.ROM_FIXED, romFixed, 0xffffffffL));
        }
        b.publicKeyFormat(switch (publicKeyFormat) {
            case "hash" -> ImageSettings.PublicKeyFormat.HASH;
            case "full" -> ImageSettings.PublicKeyFormat.FULL;
            default -> throw new InvalidOptionException(ImageOption.PUBLIC_KEY_FORMAT, "must be hash or full");
        });
        b.endian(switch (endian) {
            case "little" -> Endian.LITTLE;
            case "big" -> Endian.BIG;
            default -> throw new InvalidOptionException(ImageOption.ENDIAN, "must be little or big");
        });
        if (customTlvs != null) {
            for (CustomTlv t : customTlvs) {
                int tag = Numbers.parseInt(ImageOption.CUSTOM_TLV, t.tag, 0xffff);
                b.customTlv(tag, t.file != null ? CustomTlvValues.fromFile(t.file.toPath())
                        : CustomTlvValues.parse(t.value == null ? "" : t.value));
            }
        }
        return b.build();
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
