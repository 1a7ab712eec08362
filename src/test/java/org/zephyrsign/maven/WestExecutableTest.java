package org.zephyrsign.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code <west>}: a name is looked up on PATH, a path is the project's, wherever Maven was started. */
class WestExecutableTest {
    private static final Path PROJECT = Path.of("/work/reactor/module");

    @Test
    void aBareNameIsLeftForThePathLookup() {
        assertEquals("west", AbstractZephyrProjectMojo.westExecutable(" west ", PROJECT));
    }

    @Test
    void aRelativePathIsRelativeToTheProjectDirectory() {
        assertEquals("/work/reactor/module/tools/west", AbstractZephyrProjectMojo.westExecutable("tools/west", PROJECT));
        assertEquals("/work/reactor/module/west", AbstractZephyrProjectMojo.westExecutable("./west", PROJECT));
        assertEquals("/work/reactor/venv/bin/west",
                AbstractZephyrProjectMojo.westExecutable("../venv/bin/west", PROJECT));
    }

    @Test
    void anAbsolutePathStaysAsItIs() {
        assertEquals("/opt/west/bin/west", AbstractZephyrProjectMojo.westExecutable("/opt/west/bin/west", PROJECT));
    }
}
