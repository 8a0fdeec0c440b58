package com.globalremit.redis.autoconfigure.ratelimit;

import java.util.Objects;

/**
 * Who is calling, for rate limiting: {@code id} keys the counters (e.g. {@code user:jane} or
 * {@code ip:203.0.113.9}), {@code tier} names the limits that apply.
 */
public record RateLimitCaller(String id, String tier) {

    public RateLimitCaller {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("Rate limit caller id must not be empty");
        }
        Objects.requireNonNull(tier, "tier");
    }

    /** An authenticated user. */
    public static RateLimitCaller user(String name, String tier) {
        return new RateLimitCaller("user:" + name, tier);
    }

    /** An unauthenticated client, keyed by its address. */
    public static RateLimitCaller address(String ip, String tier) {
        return new RateLimitCaller("ip:" + ip, tier);
    }
}
