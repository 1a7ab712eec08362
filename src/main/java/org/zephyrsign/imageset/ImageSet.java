package org.zephyrsign.imageset;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
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

    /**
     * One file the set publishes.
     *
     * @param classifier null for the project's main artifact
     * @param member the image it is, or whose signing record it is; null for the unsigned input and the
     *     DFU zip
     * @param signingRecord whether it is {@code member}'s signing record
     */
    public record Publication(Path file, String classifier, String type, ImageSetMember member,
            boolean signingRecord) {
    }

    /**
     * What the set publishes, in order: each image under its classifier (see
     * {@link Classifiers#ARTIFACT_SET}), followed by its signing record when asked for, then an nRF
     * Connect SDK build's dfu_application.zip, then the unsigned application when asked for.
     *
     * @param applicationIsMain whether the application image is the project's main artifact
     *     (packaging zephyr-firmware); else it is attached under {@code applicationClassifier}
     * @param applicationClassifier the classifier of the application image and its HEX form when they
     *     are attached ({@link Classifiers#SIGNED} unless the user chose another)
     * @param signingRecords whether each image's signing record ({@link SigningEvidence#fileFor}) is published
     * @param unsigned whether the application's unsigned input is published ({@link Classifiers#UNSIGNED})
     */
    public List<Publication> publications(boolean applicationIsMain, String applicationClassifier,
            boolean signingRecords, boolean unsigned) {
        List<Publication> out = new ArrayList<>();
        for (ImageSetMember m : members) {
            String classifier = m.role() == ImageRole.APPLICATION && applicationIsMain ? null
                    : m.classifier().equals(Classifiers.SIGNED) ? applicationClassifier : m.classifier();
            out.add(new Publication(m.output(), classifier, m.type(), m, false));
            if (signingRecords) {
                out.add(new Publication(SigningEvidence.fileFor(m.output()),
                        Classifiers.signingRecordFor(classifier, m.type()), Classifiers.JSON, m, true));
            }
        }
        if (dfuZip != null) {
            out.add(new Publication(dfuZip.file(), Classifiers.DFU, "zip", null, false));
        }
        if (unsigned) {
            out.add(new Publication(application().input(), Classifiers.UNSIGNED, "bin", null, false));
        }
        return out;
    }
}
