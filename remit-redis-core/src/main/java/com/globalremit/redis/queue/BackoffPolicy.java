package com.globalremit.redis.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long a failed job waits before its next attempt.
 *
 * <ul>
 * <li>{@link #exponential(Duration, Duration)}: {@code min(max, 2^retryCount * base)}; with the defaults (1 s, 10 min)
 * this is the design document's {@code min(10 min, 2^retryCount * 1 s)}: 1 s, 2 s, 4 s...</li>
 * <li>{@link #fixed(Duration)}: the same delay every time.</li>
 * <li>{@link #withJitter()}: the delay is drawn uniformly from [delay/2, delay], so jobs that failed together (an
 * outage of a partner bank) do not all come back in the same millisecond.</li>
 * </ul>
 * The delay is computed here, the due time is added to the server's clock inside the fail script.
 *
 * @param kind exponential or fixed
 * @param base the first delay (exponential) or every delay (fixed)
 * @param max the cap of an exponential delay
 * @param jitter whether to spread delays over [delay/2, delay]
 */
public record BackoffPolicy(Kind kind, Duration base, Duration max, boolean jitter) {

    public enum Kind { EXPONENTIAL, FIXED }

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(10);

    public BackoffPolicy {
        Objects.requireNonNull(kind, "kind");
        requireNotNegative("base", base);
        requireNotNegative("max", max);
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff max (" + max + ") must not be below base (" + base + ")");
        }
    }

    /** The design document's default: 1 s doubling up to 10 min. */
    public static BackoffPolicy exponential() {
        return exponential(DEFAULT_BASE, DEFAULT_MAX);
    }

    public static BackoffPolicy exponential(Duration base, Duration max) {
        return new BackoffPolicy(Kind.EXPONENTIAL, base, max, false);
    }

    public static BackoffPolicy fixed(Duration delay) {
        return new BackoffPolicy(Kind.FIXED, delay, delay, false);
    }

    public BackoffPolicy withJitter() {
        return new BackoffPolicy(kind, base, max, true);
    }

    /** The delay before the retry that follows {@code retryCount} earlier retries (0 for the first retry). */
    public Duration delayFor(int retryCount, DoubleSupplier random) {
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must be >= 0, but was " + retryCount);
        }
        long delayMs;
        if (kind == Kind.FIXED) {
            delayMs = base.toMillis();
        } else {
            long maxMs = max.toMillis();
            // 2^62 would overflow long arithmetic below; anything beyond 2^40 ms is past any sane cap anyway.
            int exponent = Math.min(retryCount, 40);
            long factor = 1L << exponent;
            long baseMs = base.toMillis();
            delayMs = baseMs != 0 && factor > maxMs / baseMs ? maxMs : Math.min(maxMs, baseMs * factor);
        }
        if (jitter && delayMs > 1) {
            double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
            delayMs = delayMs / 2 + Math.round(r * (delayMs - delayMs / 2));
        }
        return Duration.ofMillis(delayMs);
    }

    private static void requireNotNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("backoff " + name + " must be zero or positive, but was " + d);
        }
    }
}
