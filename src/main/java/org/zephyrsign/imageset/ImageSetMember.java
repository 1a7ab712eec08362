package org.zephyrsign.imageset;

import java.nio.file.Path;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageSettings;

/**
 * One image of a set: what it is, the firmware it wraps, the settings it is made with, the file it
 * is written to and the classifier it is published under.
 */
public record ImageSetMember(ImageRole role, Path input, ImageSettings settings, Path output, String classifier) {

    /** The Maven artifact type: hex for Intel HEX output, else bin. */
    public String type() {
        return Firmware.isHex(output) ? "hex" : "bin";
    }
}
