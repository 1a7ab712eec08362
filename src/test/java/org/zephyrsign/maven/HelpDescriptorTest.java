package org.zephyrsign.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerBackends;
import org.zephyrsign.signer.SignerParameter;

/**
 * What {@code mvn zephyr:help -Ddetail} shows, read from the descriptors it is made from: Maven's
 * plugin.xml and the help goal's plugin-help.xml. The {@code <signer>} parameter's Javadoc is
 * static text while the backends are found at run time, so this fails as soon as a backend, one of
 * its parameters or their one-line help is missing from it (or it names a type that is gone).
 */
class HelpDescriptorTest {
    private static final String NO_PROPERTY = "(no -D form: set it in the POM)";

    @ParameterizedTest
    @ValueSource(strings = {"plugin.xml", "org.zephyrsign/zephyr-maven-plugin/plugin-help.xml"})
    void theSignerHelpDocumentsEveryBackendAndEachOfItsParameters(String descriptor) throws Exception {
        List<SignerBackend> backends = SignerBackends.all();
        assertTrue(backends.size() >= 3, "the backends are found: " + SignerBackends.types());
        int goalsWithSigner = 0;
        for (PluginDescriptor.Goal goal : PluginDescriptor.goals(descriptor)) {
            Element signer = goal.parameters().get("signer");
            if (signer == null) {
                continue;
            }
            goalsWithSigner++;
            String help = PluginDescriptor.normalized(PluginDescriptor.text(signer, "description"));
            for (SignerBackend b : backends) {
                assertTrue(help.contains("type " + b.type() + ": " + b.summary()), "zephyr:" + goal.name()
                        + " <signer> help lacks the line 'type " + b.type() + ": " + b.summary()
                        + "' (AbstractZephyrMojo#signer)");
                for (SignerParameter p : b.parameters()) {
                    String line = p.name() + " (" + b.type() + "): " + PluginDescriptor.normalized(p.doc());
                    assertTrue(help.contains(line), "zephyr:" + goal.name() + " <signer> help lacks '" + line
                            + "' (AbstractZephyrMojo#signer)");
                }
            }
            Matcher named = Pattern.compile("type (\\w+):").matcher(help);
            while (named.find()) {
                String type = named.group(1);
                assertTrue(backends.stream().anyMatch(b -> b.type().equals(type)),
                        "the <signer> help names a type '" + type + "' that no backend has");
            }
            assertTrue(help.contains("-Dzephyr.signer.NAME=VALUE"), "the -D form of signer parameters");
        }
        assertEquals(6, goalsWithSigner, "every goal but help takes a signer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plugin.xml", "org.zephyrsign/zephyr-maven-plugin/plugin-help.xml"})
    void theImageGoalsSayWhenSlotSizeIsRequired(String descriptor) throws Exception {
        for (PluginDescriptor.Goal goal : PluginDescriptor.goals(descriptor)) {
            if (goal.name().equals("sign") || goal.name().equals("image")) {
                assertTrue(goal.description().contains("slotSize is required unless the image comes from a Zephyr "
                        + "build"), "zephyr:" + goal.name() + " description: " + goal.description());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plugin.xml", "org.zephyrsign/zephyr-maven-plugin/plugin-help.xml"})
    void aParameterSaysWhetherItHasADashDForm(String descriptor) throws Exception {
        int without = 0;
        for (PluginDescriptor.Goal goal : PluginDescriptor.goals(descriptor)) {
            for (Map.Entry<String, Element> e : goal.parameters().entrySet()) {
                String name = e.getKey();
                if (!"true".equals(PluginDescriptor.text(e.getValue(), "editable")) || name.equals("signer")) {
                    continue; // read-only; signer documents its own -Dzephyr.signer.NAME form
                }
                String expression = goal.expressions().getOrDefault(name, "");
                boolean hasProperty = expression.startsWith("${")
                        && !expression.substring(2).contains("${");
                String help = PluginDescriptor.normalized(PluginDescriptor.text(e.getValue(), "description"));
                if (hasProperty) {
                    assertFalse(help.contains(NO_PROPERTY), "zephyr:" + goal.name() + " <" + name + "> has "
                            + expression + " but says it has none");
                } else {
                    without++;
                    assertTrue(help.contains(NO_PROPERTY), "zephyr:" + goal.name() + " <" + name + "> has no user "
                            + "property: its Javadoc must say " + NO_PROPERTY);
                }
            }
        }
        assertTrue(without >= 9, "customTlvs, environmentVariables, domains, the west lists: " + without);
    }
}
