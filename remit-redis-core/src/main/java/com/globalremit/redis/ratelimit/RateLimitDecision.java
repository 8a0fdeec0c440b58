package com.globalremit.redis.ratelimit;

/**
 * The answer to one check.
 *
 * @param allowed whether the request may proceed (its cost has then been counted)
 * @param limit the limit of the window
 * @param remaining request units still available in the window after this decision, never negative
 * @param resetEpochSeconds epoch second (rounded up) at which the window resets: for the sliding log when the
 *        newest counted request leaves it, so the whole limit is available again (as GitHub's and the IETF draft's
 *        reset mean); for the counter when the current fixed window ends. When a denied request may retry is
 *        {@code retryAfterSeconds}, not this
 * @param retryAfterSeconds when denied, whole seconds (at least 1) after which the same request would be
 *        admitted if nothing else is counted meanwhile; 0 when allowed
 * @param source who decided: Redis, the local fallback limiter, or nobody (Redis unavailable, fail-closed)
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long resetEpochSeconds,
        long retryAfterSeconds, Source source) {

    /** Who took the decision. */
    public enum Source {
        /** The shared limiter in Redis: the limit holds across all instances. */
        REDIS,
        /** Redis failed or was too slow; this instance's in-memory limiter decided (fail-open). */
        LOCAL_FALLBACK,
        /** Redis failed or was too slow and the policy is fail-closed: denied without counting. */
        UNAVAILABLE
    }

    public RateLimitDecision {
        if (remaining < 0) {
            remaining = 0;
        }
        if (allowed) {
            retryAfterSeconds = 0;
        }
    }

    /** True when the decision was taken without Redis. */
    public boolean degraded() {
        return source != Source.REDIS;
    }
}
