package org.zephyrsign.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The goals as Maven's plugin descriptors (plugin.xml, the help goal's plugin-help.xml) describe them. */
final class PluginDescriptor {
    private PluginDescriptor() {
    }

    /** A goal as a descriptor describes it. */
    record Goal(String name, String description, Map<String, Element> parameters,
            Map<String, String> expressions) {
    }

    static List<Goal> goals(String descriptor) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("target/classes/META-INF/maven").resolve(descriptor).toFile());
        List<Goal> goals = new ArrayList<>();
        NodeList mojos = d.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            Map<String, Element> parameters = new LinkedHashMap<>();
            Element list = child(mojo, "parameters");
            NodeList ps = list == null ? null : list.getElementsByTagName("parameter");
            for (int j = 0; ps != null && j < ps.getLength(); j++) {
                Element p = (Element) ps.item(j);
                parameters.put(text(p, "name"), p);
            }
            Map<String, String> expressions = new LinkedHashMap<>();
            Element configuration = child(mojo, "configuration");
            NodeList cs = configuration == null ? null : configuration.getChildNodes();
            for (int j = 0; cs != null && j < cs.getLength(); j++) {
                if (cs.item(j) instanceof Element c) {
                    expressions.put(c.getTagName(), c.getTextContent());
                }
            }
            goals.add(new Goal(text(mojo, "goal"), normalized(text(mojo, "description")), parameters, expressions));
        }
        return goals;
    }

    static Element child(Element parent, String name) {
        NodeList n = parent.getChildNodes();
        for (int i = 0; i < n.getLength(); i++) {
            if (n.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent();
    }

    static String normalized(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    /** The goal of this name. */
    static Goal goal(String descriptor, String name) throws Exception {
        return goals(descriptor).stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }
}
