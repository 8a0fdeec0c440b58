package com.globalremit.redis.autoconfigure.ratelimit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells who makes a request and which tier applies. Define a bean of this type to replace the default (Spring
 * Security authorities or servlet roles mapped by {@code remit.redis.rate-limit.role-tiers}, client IP for
 * anonymous callers). Return {@code null} to let the default decide for this request.
 */
@FunctionalInterface
public interface RateLimitCallerResolver {

    RateLimitCaller resolve(HttpServletRequest request);
}
