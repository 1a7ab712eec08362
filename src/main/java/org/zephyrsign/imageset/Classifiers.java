package org.zephyrsign.imageset;

import java.util.List;

/**
 * The Maven classifiers (and file-name parts) of what a firmware build publishes, in one place so
 * the goals, the image set and the publish step agree on them.
 */
public final class Classifiers {
    /** The signed application image, when it is not the main artifact. */
    public static final String SIGNED = "signed";
    /** The padded, confirmed image (CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE). */
    public static final String CONFIRMED = "confirmed";
    /** The image encrypted for the device key (CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE). */
    public static final String ENCRYPTED = "encrypted";
    /** The application binary as Zephyr built it, before wrapping and signing. */
    public static final String UNSIGNED = "unsigned";
    /** MCUboot, built against the signer's public key. */
    public static final String MCUBOOT = "mcuboot";
    /** An nRF Connect SDK build's dfu_application.zip (type zip). */
    public static final String DFU = "dfu";
    /** The signer's public key, as exported for the bootloader build. */
    public static final String SIGNING_KEY = "signing-key";
    /** The signing record of the main artifact; other images' records: {@link #signingRecordFor}. */
    public static final String SIGNING_RECORD = "signing-record";
    /** Zephyr's SPDX document of the application's sources ({@code west spdx}: app.spdx). */
    public static final String SPDX_APP = "spdx-app";
    /** Zephyr's SPDX document of the Zephyr sources built in ({@code west spdx}: zephyr.spdx). */
    public static final String SPDX_ZEPHYR = "spdx-zephyr";
    /** Zephyr's SPDX document of the build's outputs ({@code west spdx}: build.spdx). */
    public static final String SPDX_BUILD = "spdx-build";
    /** The Maven type of the signing records. */
    public static final String JSON = "json";
    /** The Maven type of the SPDX documents. */
    public static final String SPDX = "spdx";

    /**
     * One kind of file a firmware build publishes, as the README's artifact table lists it.
     *
     * @param classifier its classifier; {@code ""} for the main artifact, {@code <domain>} for a sysbuild
     *     domain's name, {@code <classifier>-} for any image's classifier
     * @param type its Maven type(s)
     * @param goal the goal that attaches it
     * @param meaning what it is
     */
    public record Artifact(String classifier, String type, String goal, String meaning) {
    }

    /**
     * Everything a firmware build can publish, in the README's order. {@code ClassifiersReadmeTest}
     * holds the README table to this list and this list to what {@link ImageSet#publications} makes.
     */
    public static final List<Artifact> ARTIFACT_SET = List.of(
            new Artifact("", "bin", "zephyr:sign", "the signed application image (packaging zephyr-firmware)"),
            new Artifact(SIGNED, "bin", "zephyr:sign", "the signed application image, with any other packaging "
                    + "(`<classifier>` renames it)"),
            new Artifact(SIGNED, "hex", "zephyr:sign", "the same image as Intel HEX, with the slot address (from a "
                    + "Zephyr build's zephyr.hex)"),
            new Artifact(CONFIRMED, "bin", "zephyr:sign", "padded, confirmed image for first flashing "
                    + "(CONFIG_MCUBOOT_GENERATE_CONFIRMED_IMAGE)"),
            new Artifact(ENCRYPTED, "bin", "zephyr:sign", "image encrypted for the device key "
                    + "(CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE or `<encryptionKey>`)"),
            new Artifact("<domain>", "bin", "zephyr:sign", "signed image of a further sysbuild domain listed in "
                    + "`<domains>` (e.g. ipc_radio)"),
            new Artifact(DFU, "zip", "zephyr:sign", "an nRF Connect SDK build's dfu_application.zip, made from "
                    + "the signed images"),
            new Artifact(UNSIGNED, "bin", "zephyr:sign", "the application as Zephyr built it, before MCUboot wrapping "
                    + "(packaging zephyr-firmware)"),
            new Artifact(SIGNING_RECORD, JSON, "zephyr:sign", "signing record of the main artifact (schema "
                    + "signing-record.schema.json)"),
            new Artifact("<classifier>-signing-record", JSON, "zephyr:sign", "signing record of the .bin image "
                    + "published under that classifier (e.g. signed-signing-record, ipc_radio-signing-record)"),
            new Artifact("<classifier>-hex-signing-record", JSON, "zephyr:sign", "signing record of the .hex image "
                    + "published under that classifier (signed-hex-signing-record)"),
            new Artifact(MCUBOOT, "hex, bin", "zephyr:bootloader, zephyr:build (sysbuild)", "MCUboot built against "
                    + "the signer's public key"),
            new Artifact(SIGNING_KEY, "pem, der, c, rs", "zephyr:pubkey", "the signer's public key in "
                    + "`<encoding>`'s form"),
            new Artifact(SPDX_APP, SPDX, "zephyr:build with `<sbom>`", "SPDX 2.3 document of the application "
                    + "sources (west spdx: app.spdx)"),
            new Artifact(SPDX_ZEPHYR, SPDX, "zephyr:build with `<sbom>`", "SPDX 2.3 document of the Zephyr sources "
                    + "built in (zephyr.spdx)"),
            new Artifact(SPDX_BUILD, SPDX, "zephyr:build with `<sbom>`", "SPDX 2.3 document of the build outputs "
                    + "(build.spdx)"));

    /** The classifier of one of Zephyr's SPDX documents (west spdx). */
    public static String spdx(org.zephyrsign.zephyr.WestSpdx.Document document) {
        return switch (document) {
            case APP -> SPDX_APP;
            case ZEPHYR -> SPDX_ZEPHYR;
            case BUILD -> SPDX_BUILD;
        };
    }

    /**
     * The classifier of the signing record of the image published as {@code classifier}
     * (null or empty: the main artifact) and {@code type}: the image's classifier, then its type when
     * that is not {@code bin}, then {@code signing-record}, each joined by a hyphen. So the main
     * artifact's is {@code signing-record}, {@code signed}'s {@code signed-signing-record}, the HEX
     * form's {@code signed-hex-signing-record}; a verifier finds an image's record from the image's
     * coordinates alone.
     */
    public static String signingRecordFor(String classifier, String type) {
        StringBuilder s = new StringBuilder();
        if (classifier != null && !classifier.isEmpty()) {
            s.append(classifier).append('-');
        }
        if (type != null && !type.equals("bin")) {
            s.append(type).append('-');
        }
        return s.append(SIGNING_RECORD).toString();
    }

    private Classifiers() {
    }
}
