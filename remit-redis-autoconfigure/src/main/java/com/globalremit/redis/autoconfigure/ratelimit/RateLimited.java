package com.globalremit.redis.autoconfigure.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rate-limit settings for a controller method (or every method of a controller class; the method's annotation
 * wins). Without attributes it changes nothing. Values are checked when the application starts.
 *
 * <pre>{@code
 * @RateLimited(group = "transfers", limit = 20, window = "1m", cost = 1)
 * @PostMapping("/api/transfers")
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

    /**
     * Endpoint group whose counters this endpoint uses (and whose remit.redis.rate-limit.endpoint-groups
     * overrides apply). Empty: the group its path matches, or, when limit or window is set here, a group of
     * its own named {@code Controller.method}.
     */
    String group() default "";

    /** Requests per window for every tier on this endpoint; 0 keeps the tier's (or group's) limit. */
    long limit() default 0;

    /** Window for every tier on this endpoint, e.g. "30s", "1m", "PT1H"; empty keeps the tier's (or group's). */
    String window() default "";

    /**
     * Units one request costs, e.g. 5 for a bulk export; at most the limit (above it the application fails at
     * start-up where the limit is known then, else the request is refused with 429, never charged the limit).
     */
    long cost() default 1;
}
