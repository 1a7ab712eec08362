package org.zephyrsign.signer.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a remote signer tries again: on HTTP 429 and 5xx (not 501) and on a connection reset, up to
 * {@code retries} times, waiting a capped exponential backoff with jitter, or what the service's
 * {@code Retry-After} asks if that is longer (up to {@link #maxRetryAfter}). Never on anything else:
 * a 401/403 retried is only slower to report. Sleeping and time go through {@link Sleeper} and
 * {@link Clock}, so tests do not wait.
 *
 * @param retries how many times to try again after the first attempt
 * @param base the first backoff; each next one doubles
 * @param cap the longest backoff
 * @param maxRetryAfter the longest Retry-After honoured; a service asking more is reported at once
 * @param random uniform in [0, 1): the jitter (a backoff is between half and all of its step)
 */
public record RetryPolicy(int retries, Duration base, Duration cap, Duration maxRetryAfter, Sleeper sleeper,
        Clock clock, DoubleSupplier random) {

    /** Waits; tests hand in one that records instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    /** The production policy with this many retries: 0.5 s doubling to 8 s, Retry-After up to 60 s. */
    public static RetryPolicy standard(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60),
                Sleeper.REAL, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(retries, base, cap, maxRetryAfter, s, clock, random);
    }

    /** Whether this status is worth another try. */
    public static boolean retryable(int status) {
        return status == 429 || status >= 500 && status <= 599 && status != 501;
    }

    /** The backoff before retry {@code attempt} (1 for the first retry): half to all of min(cap, base * 2^(attempt-1)). */
    public Duration backoff(int attempt) {
        long step = base.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(step, cap.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2)));
    }

    /**
     * What a {@code Retry-After} value asks: delay-seconds or an HTTP-date (RFC 9110); null when
     * absent or unreadable (then the backoff applies).
     */
    public Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException x) {
                return null;
            }
        }
    }
}
