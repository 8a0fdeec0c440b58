package com.globalremit.redis.autoconfigure.ratelimit;

import com.globalremit.redis.ratelimit.RateLimitDecision;

/** Records each decision; the Micrometer implementation is used when Micrometer is present. */
@FunctionalInterface
interface RateLimitMetrics {

    RateLimitMetrics NONE = (tier, decision, nanos) -> { };

    void record(String tier, RateLimitDecision decision, long nanos);
}
