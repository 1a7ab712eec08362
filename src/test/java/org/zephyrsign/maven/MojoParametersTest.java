package org.zephyrsign.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.zephyrsign.image.ImageOption;

/**
 * Every image option is a Maven parameter of the goals that make images: named after the option,
 * a {@code zephyr.*} user property, handed to the core as a string, documented with the option's
 * own help. Read from the plugin descriptor Maven itself uses, so a forgotten or misnamed field fails here.
 */
class MojoParametersTest {
    private static PluginDescriptor.Goal goal(String name) throws Exception {
        return PluginDescriptor.goal("plugin.xml", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign", "image"})
    void everyImageOptionIsAStringParameterWithItsPropertyAndItsHelp(String goal) throws Exception {
        Map<String, Element> parameters = goal(goal).parameters();
        for (ImageOption<?> o : ImageOption.all()) {
            if (o == ImageOption.CUSTOM_TLV || o == ImageOption.CUSTOM_TLV_FILE) {
                continue;
            }
            Element p = parameters.get(o.name());
            assertNotNull(p, "zephyr:" + goal + " has no parameter <" + o.name() + "> for " + o.imgtoolName()
                    + ": declare it in AbstractImageMojo");
            assertEquals("java.lang.String", PluginDescriptor.text(p, "type"), o.name());
            assertEquals("${zephyr." + o.name() + "}", goal(goal).expressions().get(o.name()), o.name());
            String help = PluginDescriptor.normalized(PluginDescriptor.text(p, "description"));
            assertEquals(o.doc() + ". imgtool: " + o.imgtoolName() + ".", help.replace("&quot;", "\""),
                    "the Javadoc of <" + o.name() + "> is the option's help");
        }
        assertTrue(parameters.containsKey("customTlvs"), "customTlvs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign", "image"})
    void noImageParameterWithoutAnOption(String goal) throws Exception {
        List<String> notOptions = List.of("project", "session", "inputFile", "customTlvs", "signer", "skip", "west",
                "allowPublishedKey",
                "westWorkspace",
                "environmentVariables", "applicationDirectory", "buildDirectory", "sysbuild", "applicationDomain",
                // zephyr:sign
                "outputFile", "classifier", "attach", "domains",
                // zephyr:image
                "vector", "vectorFile", "requestFile", "unsignedFile",
                // zephyr:sign, the up-to-date check
                "force", "plugin",
                // zephyr:sign, an nRF Connect SDK build's dfu_application.zip and the signing records
                "outputTimestamp",
                // zephyr:sign, the signing records
                "signingRecords", "bootloaderArtifact");
        for (String name : goal(goal).parameters().keySet()) {
            assertTrue(notOptions.contains(name) || ImageOption.named(name) != null,
                    "zephyr:" + goal + " parameter <" + name + "> is neither an image option nor known here");
        }
    }
}
