package org.zephyrsign.imageset;

/** What a member of an image set is, which decides how it is made and published. */
public enum ImageRole {
    /** The application image: the signed binary (or the only input given). */
    APPLICATION,
    /** The same application image as Intel HEX, carrying the slot address for flashing tools. */
    APPLICATION_HEX,
    /** The application padded to the slot with a confirmed trailer, for first flashing. */
    CONFIRMED,
    /** The application encrypted for the device's key, for over-the-air updates. */
    ENCRYPTED,
    /** The image of another sysbuild domain, such as an nRF5340 network core. */
    DOMAIN
}
