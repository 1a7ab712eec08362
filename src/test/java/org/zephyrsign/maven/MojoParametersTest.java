package org.zephyrsign.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.zephyrsign.image.ImageOption;

/**
 * Every image option is a Maven parameter of the goals that make images: named after the option,
 * a {@code zephyr.*} user property, handed to the core as a string, documented with the option's
 * own help. Read from the plugin descriptor Maven itself uses, so a forgotten or misnamed field fails here.
 */
class MojoParametersTest {
    /** goal -> parameter name -> parameter element. */
    private static final Map<String, Map<String, Element>> GOALS = new HashMap<>();
    /** goal -> parameter name -> its {@code ${expression}}. */
    private static final Map<String, Map<String, String>> EXPRESSIONS = new HashMap<>();

    @BeforeAll
    static void readPluginDescriptor() throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("target/classes/META-INF/maven/plugin.xml").toFile());
        NodeList mojos = d.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal").getTextContent();
            Map<String, Element> parameters = new HashMap<>();
            Element list = child(mojo, "parameters");
            NodeList ps = list == null ? null : list.getElementsByTagName("parameter");
            for (int j = 0; ps != null && j < ps.getLength(); j++) {
                Element p = (Element) ps.item(j);
                parameters.put(child(p, "name").getTextContent(), p);
            }
            GOALS.put(goal, parameters);
            Map<String, String> expressions = new HashMap<>();
            Element configuration = child(mojo, "configuration");
            NodeList cs = configuration == null ? null : configuration.getChildNodes();
            for (int j = 0; cs != null && j < cs.getLength(); j++) {
                if (cs.item(j) instanceof Element c) {
                    expressions.put(c.getTagName(), c.getTextContent());
                }
            }
            EXPRESSIONS.put(goal, expressions);
        }
    }

    private static Element child(Element parent, String name) {
        NodeList n = parent.getChildNodes();
        for (int i = 0; i < n.getLength(); i++) {
            if (n.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign", "image"})
    void everyImageOptionIsAStringParameterWithItsPropertyAndItsHelp(String goal) {
        Map<String, Element> parameters = GOALS.get(goal);
        for (ImageOption<?> o : ImageOption.all()) {
            if (o == ImageOption.CUSTOM_TLV || o == ImageOption.CUSTOM_TLV_FILE) {
                continue;
            }
            Element p = parameters.get(o.name());
            assertNotNull(p, "zephyr:" + goal + " has no parameter <" + o.name() + "> for " + o.imgtoolName()
                    + ": declare it in AbstractImageMojo");
            assertEquals("java.lang.String", child(p, "type").getTextContent(), o.name());
            assertEquals("${zephyr." + o.name() + "}", EXPRESSIONS.get(goal).get(o.name()), o.name());
            String help = child(p, "description").getTextContent().replaceAll("\\s+", " ").trim();
            assertEquals(o.doc() + ". imgtool: " + o.imgtoolName() + ".", help.replace("&quot;", "\""),
                    "the Javadoc of <" + o.name() + "> is the option's help");
        }
        assertTrue(parameters.containsKey("customTlvs"), "customTlvs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign", "image"})
    void noImageParameterWithoutAnOption(String goal) {
        List<String> notOptions = List.of("project", "session", "inputFile", "customTlvs", "signer", "skip", "west",
                "allowPublishedKey",
                "westWorkspace",
                "environmentVariables", "applicationDirectory", "buildDirectory", "sysbuild", "applicationDomain",
                // zephyr:sign
                "outputFile", "classifier", "attach", "domains",
                // zephyr:image
                "vector", "vectorFile", "requestFile", "unsignedFile",
                // zephyr:sign, the up-to-date check
                "force", "plugin");
        for (String name : GOALS.get(goal).keySet()) {
            assertTrue(notOptions.contains(name) || ImageOption.named(name) != null,
                    "zephyr:" + goal + " parameter <" + name + "> is neither an image option nor known here");
        }
    }
}
