package org.zephyrsign.zephyr;

import java.util.List;

/**
 * One sentence on why a west build failed, when its last lines show a cause this plugin knows;
 * said before west's own lines.
 */
public final class WestDiagnosis {
    private WestDiagnosis() {
    }

    /**
     * @param lastLines west's last lines of output
     * @param version the tree's version, or null when unknown
     * @return the sentence, or null when the cause is not one of the known ones
     */
    public static String explain(List<String> lastLines) {
        String all = String.join("\n", lastLines);
        if (all.contains("object has no attribute 'sign_digest'") || all.contains("object has no attribute 'sign'")) {
            return "Zephyr's build tried to sign the application with a public key: sysbuild hands "
                    + "SB_CONFIG_BOOT_SIGNATURE_KEY_FILE to the application as CONFIG_MCUBOOT_SIGNATURE_KEY_FILE, "
                    + "overriding -D<app>_CONFIG_MCUBOOT_SIGNATURE_KEY_FILE; leave SB_CONFIG_BOOT_SIGNATURE_KEY_FILE "
                    + "to the plugin (it gives MCUboot the key through a sysbuild module and leaves the application "
                    + "unsigned).";
        }
        if (all.contains("'_EllipticCurvePublicKey' object has no attribute 'public_key'")) {
            return "MCUboot's imgtool in this tree cannot read a public-only ECDSA key (getpub): MCUboot development "
                    + "snapshots from February to July 2023 (commits 5704174c to 018b7703, such as the 74c4d1c5 that "
                    + "Zephyr 3.4 pins) have this bug, released MCUboot 2.0.0 and later do not; use an Ed25519 or "
                    + "RSA key, or update MCUboot.";
        }
        return null;
    }

    /**
     * A cause known before west runs: a board name in the {@code board/soc} form of Zephyr 3.7 and
     * later given to an older tree. (West's own "No board named" comes hundreds of lines before its
     * last ones, after which it lists every board, so it is caught here rather than from the output.)
     *
     * @param version the tree's version, or null when unknown
     * @param board the board west is to be given
     * @return the sentence, or null when nothing is known to be wrong
     */
    public static String beforeBuild(ZephyrVersion version, String board) {
        if (board != null && board.contains("/") && version != null && !version.knowsQualifiedBoardNames()) {
            return "the board name " + board + " has the board/soc form of Zephyr 3.7 and later, but this tree is "
                    + "Zephyr " + version + " (" + version.file() + "): use the old name (e.g. nrf52840dk_nrf52840).";
        }
        return null;
    }
}
