package org.zephyrsign.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class OutputTimestampsTest {
    @Test
    void readsMavensForms() throws MojoFailureException {
        assertEquals(OutputTimestamps.FIXED, OutputTimestamps.epochSeconds(null));
        assertEquals(OutputTimestamps.FIXED, OutputTimestamps.epochSeconds("1"));
        assertEquals(1_700_000_000L, OutputTimestamps.epochSeconds("1700000000"));
        assertEquals(1_704_067_200L, OutputTimestamps.epochSeconds("2024-01-01T00:00:00Z"));
        assertEquals(1_704_063_600L, OutputTimestamps.epochSeconds("2024-01-01T00:00:00+01:00"));
        assertEquals("project.build.outputTimestamp 'yesterday' is neither an ISO-8601 time (2025-01-01T00:00:00Z) nor "
                + "seconds since 1970", assertThrows(MojoFailureException.class,
                        () -> OutputTimestamps.epochSeconds("yesterday")).getMessage());
    }
}
