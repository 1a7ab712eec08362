package org.zephyrsign.imageset;

import java.util.List;
import org.zephyrsign.zephyr.ncs.DfuApplicationZip;

/**
 * The images one build makes from one application: the application image first, then its other
 * forms and the other domains' images. Made by {@link ImageSetPlanner}, signed in one signer
 * session by {@link ImageSetSigner}.
 */
public record ImageSet(List<ImageSetMember> members, DfuApplicationZip dfuZip) {
    /** @param dfuZip the nRF Connect SDK update package made from the signed members, or null */
    public ImageSet {
        if (members.isEmpty() || members.get(0).role() != ImageRole.APPLICATION) {
            throw new IllegalArgumentException("an image set starts with its application image");
        }
        members = List.copyOf(members);
    }

    public ImageSet(List<ImageSetMember> members) {
        this(members, null);
    }

    public ImageSetMember application() {
        return members.get(0);
    }
}
