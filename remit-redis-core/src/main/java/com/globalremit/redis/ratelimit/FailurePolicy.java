package com.globalremit.redis.ratelimit;

/** What a check answers when Redis fails or does not answer within the limiter's timeout. */
public enum FailurePolicy {

    /**
     * Admit within an in-memory limiter that applies the same limits per instance (so N instances admit up to N
     * times the limit while Redis is away). The default: a Redis outage must not stop money transfers.
     */
    FAIL_OPEN,

    /** Deny every request ({@link RateLimitDecision.Source#UNAVAILABLE}); a web layer answers 503. */
    FAIL_CLOSED
}
