package org.zephyrsign.imageset;

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

    private Classifiers() {
    }
}
