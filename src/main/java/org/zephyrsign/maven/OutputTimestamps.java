package org.zephyrsign.maven;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.maven.plugin.MojoFailureException;

/** Maven's {@code project.build.outputTimestamp}, as maven-archiver reads it, in seconds. */
final class OutputTimestamps {
    /** 1980-01-01T00:00:00Z: the earliest time a zip entry holds, used when no timestamp is set. */
    static final long FIXED = 315532800L;

    private OutputTimestamps() {
    }

    /** Seconds since the epoch; a missing or one-character value (maven-archiver's "off") gives {@link #FIXED}. */
    static long epochSeconds(String value) throws MojoFailureException {
        if (value == null || value.strip().length() < 2) {
            return FIXED;
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            return OffsetDateTime.parse(v).toInstant().getEpochSecond();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return Instant.parse(v).getEpochSecond();
            } catch (DateTimeParseException e2) {
                throw new MojoFailureException("project.build.outputTimestamp '" + v + "' is neither an ISO-8601 time "
                        + "(2025-01-01T00:00:00Z) nor seconds since 1970");
            }
        }
    }
}
