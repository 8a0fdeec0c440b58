package com.globalremit.redis.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code limit} request units per sliding {@code window}, counted with {@code algorithm}. Invalid values
 * are refused when the value is made, so a misconfigured tier fails at start-up rather than on the first request.
 *
 * @param limit request units admitted per window, at least 1
 * @param window length of the sliding window, at least 1 ms, whole milliseconds
 * @param algorithm how the window is counted
 */
public record RateLimit(long limit, Duration window, RateLimitAlgorithm algorithm) {

    public RateLimit {
        if (limit <= 0) {
            throw new IllegalArgumentException("Rate limit 'limit' must be at least 1, but was " + limit);
        }
        Objects.requireNonNull(window, "Rate limit 'window' must not be null");
        if (window.isNegative() || window.isZero() || window.toMillis() < 1) {
            throw new IllegalArgumentException("Rate limit 'window' must be at least 1ms, but was " + window);
        }
        if (window.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("Rate limit 'window' must be whole milliseconds, but was " + window);
        }
        Objects.requireNonNull(algorithm, "Rate limit 'algorithm' must not be null");
    }

    /** An exact sliding-log limit. */
    public static RateLimit of(long limit, Duration window) {
        return new RateLimit(limit, window, RateLimitAlgorithm.SLIDING_LOG);
    }

    /** {@code limit} requests per minute, exact sliding log. */
    public static RateLimit perMinute(long limit) {
        return of(limit, Duration.ofMinutes(1));
    }

    /** The same limit and window counted with another algorithm. */
    public RateLimit withAlgorithm(RateLimitAlgorithm other) {
        return new RateLimit(limit, window, other);
    }

    long windowMicros() {
        return window.toMillis() * 1000L;
    }
}
