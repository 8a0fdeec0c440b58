package com.globalremit.redis.ratelimit;

/** How a {@link RateLimit} is counted. */
public enum RateLimitAlgorithm {

    /**
     * Exact sliding window: one sorted-set entry per admitted request, trimmed to the window. Never admits more
     * than the limit in any window of the given length; memory grows with the limit (about 5000 entries for a
     * 5000/minute caller).
     */
    SLIDING_LOG,

    /**
     * Approximate sliding window: counters for the current and the previous fixed window, the previous one
     * weighted by how much of it still overlaps the sliding window. O(1) memory per key (one small hash); may
     * admit a little more or less than the exact log when traffic within the previous window was uneven (see
     * docs/rate-limiting.md for the measured error).
     */
    SLIDING_WINDOW_COUNTER
}
