package org.zephyrsign.repository;

import java.util.regex.Pattern;
import org.zephyrsign.imageset.Classifiers;

/**
 * An artifact in a Maven repository, as users write it: {@code groupId:artifactId:version[:classifier[:type]]}.
 * The type is the file's extension here (every artifact this plugin publishes has type = extension:
 * bin, hex, json, pem), {@code bin} when left out, as for the main artifact of packaging
 * {@code zephyr-firmware}.
 */
public record ArtifactCoordinates(String groupId, String artifactId, String version, String classifier,
        String extension) {
    /** What a signed firmware image is when the coordinates name no type. */
    public static final String DEFAULT_EXTENSION = "bin";
    /** One part: no separators, no path elements, nothing a URL or file name would misread. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.+\\-]+");

    /**
     * @param what how the front end names the value, for messages ("--artifact", "<artifact>")
     * @throws PublishedImageException.Usage naming {@code what} and the form expected
     */
    public static ArtifactCoordinates parse(String text, String what) {
        String[] parts = text.split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw invalid(text, what, "expected groupId:artifactId:version[:classifier[:type]]");
        }
        String[] names = {"groupId", "artifactId", "version", "classifier", "type"};
        for (int i = 0; i < parts.length; i++) {
            boolean optional = i == 3; // G:A:V::bin names the main artifact's .bin
            if (parts[i].isEmpty() && optional) {
                continue;
            }
            if (!PART.matcher(parts[i]).matches() || parts[i].equals(".") || parts[i].equals("..")) {
                throw invalid(text, what, "the " + names[i] + " '" + parts[i] + "' must be letters, digits and . _ - +");
            }
        }
        String classifier = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : null;
        String extension = parts.length > 4 ? parts[4] : DEFAULT_EXTENSION;
        return new ArtifactCoordinates(parts[0], parts[1], parts[2], classifier, extension);
    }

    private static PublishedImageException.Usage invalid(String text, String what, String problem) {
        return new PublishedImageException.Usage(what + " '" + text + "' is not an artifact: " + problem);
    }

    public boolean isSnapshot() {
        return version.endsWith("-SNAPSHOT");
    }

    /**
     * The signing record zephyr:sign publishes beside this image: same groupId, artifactId and
     * version, the classifier {@link Classifiers#signingRecordFor} names, type json.
     */
    public ArtifactCoordinates signingRecord() {
        return new ArtifactCoordinates(groupId, artifactId, version, Classifiers.signingRecordFor(classifier, extension),
                Classifiers.JSON);
    }

    /** The directory of this version in the Maven 2 layout, with a trailing slash. */
    public String versionDirectory() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/";
    }

    /**
     * The file's path in the Maven 2 layout, for {@code fileVersion}: the version itself for a
     * release, the timestamped version a repository's metadata names for a snapshot.
     */
    public String path(String fileVersion) {
        return versionDirectory() + artifactId + "-" + fileVersion + (classifier == null ? "" : "-" + classifier)
                + "." + extension;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + (classifier == null
                ? (extension.equals(DEFAULT_EXTENSION) ? "" : "::" + extension)
                : ":" + classifier + (extension.equals(DEFAULT_EXTENSION) ? "" : ":" + extension));
    }
}
