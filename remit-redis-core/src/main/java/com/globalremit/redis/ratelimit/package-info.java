/**
 * Rate limiting on Redis: {@link com.globalremit.redis.ratelimit.SlidingWindowRateLimiter} checks a request
 * against a {@link com.globalremit.redis.ratelimit.RateLimit} with one Lua script (one round trip, Redis server
 * time) and answers with a {@link com.globalremit.redis.ratelimit.RateLimitDecision}. When Redis does not answer
 * in time the {@link com.globalremit.redis.ratelimit.FailurePolicy} decides: an in-memory limiter with the same
 * limits (fail-open, the default) or a denial (fail-closed).
 */
package com.globalremit.redis.ratelimit;
