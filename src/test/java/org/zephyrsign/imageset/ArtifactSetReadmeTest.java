package org.zephyrsign.imageset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.Settings;
import org.zephyrsign.zephyr.WestSpdx;
import org.zephyrsign.zephyr.ncs.DfuApplicationZip;

/**
 * The README's table of what a build publishes is {@link Classifiers#ARTIFACT_SET}, row for row,
 * and that list covers exactly what {@link ImageSet#publications} attaches for every kind of image
 * the planner makes.
 */
class ArtifactSetReadmeTest {
    private static final String BEGIN = "<!-- artifact-set:begin -->";
    private static final String END = "<!-- artifact-set:end -->";

    static String table() {
        StringBuilder s = new StringBuilder("| classifier | type | attached by | what it is |\n| --- | --- | --- | --- |\n");
        for (Classifiers.Artifact a : Classifiers.ARTIFACT_SET) {
            s.append("| ").append(a.classifier().isEmpty() ? "(none)" : "`" + a.classifier() + "`").append(" | ")
                    .append(a.type()).append(" | ").append(a.goal()).append(" | ").append(a.meaning()).append(" |\n");
        }
        return s.toString();
    }

    @Test
    void theReadmeTableIsTheArtifactSet() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has the artifact-set markers");
        String inReadme = readme.substring(begin + BEGIN.length(), end).strip() + "\n";
        assertEquals(table(), inReadme, "README.md's artifact table; paste the expected text between the markers");
    }

    /** Does a row, whose classifier may hold {@code <domain>} or {@code <classifier>}, describe this file? */
    private static boolean matches(Classifiers.Artifact row, String classifier, String type) {
        String pattern = java.util.regex.Pattern.quote(row.classifier())
                .replace("<domain>", "\\E[a-z0-9_]+\\Q").replace("<classifier>", "\\E[a-z0-9_-]+\\Q");
        boolean typeOk = List.of(row.type().split(", ")).contains(type);
        return typeOk && (classifier == null ? row.classifier().isEmpty() : classifier.matches(pattern));
    }

    @Test
    void everyPublicationOfEveryPlanIsInTheSetAndEveryImageRowIsPublished() {
        ImageSettings s = Settings.vector();
        Path dir = Path.of("target/fw");
        ImageSet set = new ImageSet(List.of(
                new ImageSetMember(ImageRole.APPLICATION, dir.resolve("zephyr.bin"), s, dir.resolve("fw.bin"), Classifiers.SIGNED),
                new ImageSetMember(ImageRole.APPLICATION_HEX, dir.resolve("zephyr.hex"), s, dir.resolve("fw.hex"), Classifiers.SIGNED),
                new ImageSetMember(ImageRole.CONFIRMED, dir.resolve("zephyr.bin"), s, dir.resolve("fw.confirmed.bin"), Classifiers.CONFIRMED),
                new ImageSetMember(ImageRole.ENCRYPTED, dir.resolve("zephyr.bin"), s, dir.resolve("fw.encrypted.bin"), Classifiers.ENCRYPTED),
                new ImageSetMember(ImageRole.DOMAIN, dir.resolve("net.bin"), s, dir.resolve("fw-ipc_radio.bin"), "ipc_radio")),
                new DfuApplicationZip(dir.resolve("fw-dfu_application.zip"), "fw", List.of(), java.util.Map.of()));
        assertEquals(List.of(ImageRole.values()), set.members().stream().map(ImageSetMember::role).toList(),
                "every role the planner makes");
        List<ImageSet.Publication> all = new ArrayList<>();
        all.addAll(set.publications(true, Classifiers.SIGNED, true, true));
        all.addAll(set.publications(false, Classifiers.SIGNED, true, false));
        Set<Classifiers.Artifact> used = new LinkedHashSet<>();
        for (ImageSet.Publication p : all) {
            List<Classifiers.Artifact> rows = Classifiers.ARTIFACT_SET.stream()
                    .filter(r -> matches(r, p.classifier(), p.type()))
                    .sorted(java.util.Comparator.comparing((Classifiers.Artifact r) -> r.classifier().contains("<"))
                            .thenComparing(r -> -r.classifier().length()))
                    .toList(); // exact rows first, then the most specific pattern
            assertTrue(!rows.isEmpty(), "no README row for " + p.classifier() + ":" + p.type());
            used.add(rows.get(0));
        }
        for (Classifiers.Artifact row : Classifiers.ARTIFACT_SET) {
            if (row.goal().equals("zephyr:sign")) {
                assertTrue(used.contains(row), "zephyr:sign never publishes the row " + row);
            }
        }
        for (WestSpdx.Document d : WestSpdx.Document.values()) {
            assertTrue(Classifiers.ARTIFACT_SET.stream().anyMatch(r -> matches(r, Classifiers.spdx(d), Classifiers.SPDX)));
        }
        assertTrue(Classifiers.ARTIFACT_SET.stream().anyMatch(r -> matches(r, Classifiers.MCUBOOT, "hex")));
        assertTrue(Classifiers.ARTIFACT_SET.stream().anyMatch(r -> matches(r, Classifiers.SIGNING_KEY, "pem")));
    }
}
