package com.globalremit.redis.autoconfigure.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.globalremit.redis.ratelimit.RateLimitDecision;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code remit.redis.rate-limit.decisions} (counter; tags tier, outcome = allowed | denied | fallback, where
 * fallback means decided without Redis, and allowed = true | false), {@code remit.redis.rate-limit.check}
 * (timer of the whole check, tag source = redis | local-fallback | unavailable) and
 * {@code remit.redis.rate-limit.redis-failures} (checks decided without Redis). The registry is looked up on
 * first use, so the order of auto-configurations does not matter.
 */
final class MicrometerRateLimitMetrics implements RateLimitMetrics {

    private final ObjectProvider<MeterRegistry> registries;
    private final SlidingWindowRateLimiter limiter;
    /** Outcome tag by slot: allowed, denied (by Redis), fallback allowed, fallback denied. */
    private static final String[] OUTCOMES = {"allowed", "denied", "fallback", "fallback"};

    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();
    private final Map<RateLimitDecision.Source, Timer> timers = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile boolean looked;

    MicrometerRateLimitMetrics(ObjectProvider<MeterRegistry> registries, SlidingWindowRateLimiter limiter) {
        this.registries = registries;
        this.limiter = limiter;
    }

    @Override
    public void record(String tier, RateLimitDecision decision, long nanos) {
        MeterRegistry r = registry();
        if (r == null) {
            return;
        }
        // Meters are built once per tier and outcome; per request only two lookups, no string is built.
        int slot = decision.degraded() ? (decision.allowed() ? 2 : 3) : decision.allowed() ? 0 : 1;
        Counter[] byOutcome = counters.computeIfAbsent(tier, t -> new Counter[OUTCOMES.length]);
        Counter counter = byOutcome[slot];
        if (counter == null) {
            counter = Counter.builder("remit.redis.rate-limit.decisions").description("Rate-limit decisions")
                    .tag("tier", tier).tag("outcome", OUTCOMES[slot])
                    .tag("allowed", Boolean.toString(decision.allowed())).register(r);
            // A benign race: register() returns the same meter to every thread.
            byOutcome[slot] = counter;
        }
        counter.increment();
        timers.computeIfAbsent(decision.source(), s -> Timer.builder("remit.redis.rate-limit.check")
                .description("Time taken by one rate-limit check").tag("source", source(s)).register(r))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private MeterRegistry registry() {
        if (!looked) {
            synchronized (this) {
                if (!looked) {
                    registry = registries.getIfAvailable();
                    if (registry != null) {
                        FunctionCounter.builder("remit.redis.rate-limit.redis-failures", limiter,
                                SlidingWindowRateLimiter::failedChecks)
                                .description("Rate-limit checks decided without Redis (errors, timeouts, probe gaps)")
                                .register(registry);
                    }
                    looked = true;
                }
            }
        }
        return registry;
    }

    private static String source(RateLimitDecision.Source s) {
        return switch (s) {
            case REDIS -> "redis";
            case LOCAL_FALLBACK -> "local-fallback";
            case UNAVAILABLE -> "unavailable";
        };
    }
}
