package org.zephyrsign.image;

/**
 * The image options, each with the spelling imgtool's command line uses and the name of the Maven
 * parameter, so one validation can speak the vocabulary of whichever front end the user is in.
 */
public enum ImageOption {
    HEADER_SIZE("-H/--header-size", "headerSize"),
    PAD_HEADER("--pad-header", "padHeader"),
    SLOT_SIZE("-S/--slot-size", "slotSize"),
    ALIGN("--align", "align"),
    MAX_ALIGN("--max-align", "maxAlign"),
    VERSION("-v/--version", "version"),
    SECURITY_COUNTER("-s/--security-counter", "securityCounter"),
    DEPENDENCIES("-d/--dependencies", "dependencies"),
    LOAD_ADDR("-L/--load-addr", "loadAddress"),
    ROM_FIXED("-F/--rom-fixed", "romFixed"),
    CUSTOM_TLV("--custom-tlv", "customTlvs"),
    PUBLIC_KEY_FORMAT("--public-key-format", "publicKeyFormat"),
    SHA("--sha", "sha"),
    PURE("--pure", "pure"),
    BOOT_RECORD("-B/--boot-record", "bootRecord"),
    MAX_SECTORS("-M/--max-sectors", "maxSectors"),
    ERASED_VAL("-R/--erased-val", "erasedValue"),
    ENDIAN("-e/--endian", "endian"),
    HEX_ADDR("-x/--hex-addr", "hexAddress"),
    ENCRYPT("-E/--encrypt", "encryptionKey"),
    ENCRYPT_KEYLEN("--encrypt-keylen", "encryptKeyLength"),
    HMAC_SHA("--hmac-sha", "hmacSha"),
    CID("--cid", "classId"),
    VECTOR_TO_SIGN("--vector-to-sign", "vector"),
    INPUT("INFILE", "inputFile");

    private final String cliName;
    private final String mavenName;

    ImageOption(String cliName, String mavenName) {
        this.cliName = cliName;
        this.mavenName = mavenName;
    }

    public String cliName() {
        return cliName;
    }

    /** The POM element and its user property, e.g. {@code <slotSize> (-Dzephyr.slotSize)}. */
    public String mavenName() {
        return "<" + mavenName + "> (-Dzephyr." + mavenName + ")";
    }
}
