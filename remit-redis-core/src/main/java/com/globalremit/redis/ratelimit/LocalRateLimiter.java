package com.globalremit.redis.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This instance's own limiter, used while Redis is unavailable under {@link FailurePolicy#FAIL_OPEN}. It applies
 * the same limits per key with a sliding-window counter (current + previous fixed window) whatever the configured
 * algorithm: O(1) memory per key, which matters because an outage is exactly when nothing else bounds it. Keys
 * idle for two windows are swept, so memory follows the active callers. Thread-safe; the clock is the local
 * wall clock (there is no shared clock to use while Redis is away).
 */
public final class LocalRateLimiter {

    private static final long SWEEP_EVERY_MICROS = 10_000_000L;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final LongSupplier clockMicros;
    private volatile long nextSweep;
    /** Runs between the map lookup and locking the counter; tests use it to sweep at exactly that moment. */
    volatile Runnable afterLookup = () -> { };

    public LocalRateLimiter() {
        this(() -> System.currentTimeMillis() * 1000L);
    }

    /** With a clock in epoch microseconds (tests). */
    LocalRateLimiter(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
    }

    /** Checks and, when allowed, counts {@code cost} units for {@code key}. */
    public RateLimitDecision check(String key, RateLimit limit, long cost) {
        long now = clockMicros.getAsLong();
        sweepIfDue(now);
        while (true) {
            Counter counter = counters.computeIfAbsent(key, k -> new Counter());
            afterLookup.run();
            synchronized (counter) {
                // A sweep between our lookup and our lock removed it: counting in it would count in no map entry,
                // and the next caller would start from zero. Look the key up again.
                if (!counter.retired) {
                    return counter.check(limit, cost, now);
                }
            }
        }
    }

    /** Keys currently tracked (for tests and metrics). */
    public int size() {
        return counters.size();
    }

    private void sweepIfDue(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + SWEEP_EVERY_MICROS;
        for (Iterator<Map.Entry<String, Counter>> it = counters.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Counter> entry = it.next();
            Counter c = entry.getValue();
            synchronized (c) {
                // window == 0: created but not yet counted in; a thread holding it sees it retired and retries.
                if (c.window == 0 || now >= c.start + 2 * c.window) {
                    c.retired = true;
                    counters.remove(entry.getKey(), c);
                }
            }
        }
    }

    /** Same arithmetic as sliding_window_counter.lua. */
    private static final class Counter {
        /** Removed from the map by a sweep; set under the counter's lock. */
        boolean retired;
        long window;
        long start;
        long cur;
        long prev;

        RateLimitDecision check(RateLimit limit, long cost, long now) {
            long w = limit.windowMicros();
            long currentStart = now - Math.floorMod(now, w);
            if (window != w) {
                window = w;
                start = currentStart;
                cur = 0;
                prev = 0;
            } else if (start != currentStart) {
                prev = start == currentStart - w ? cur : 0;
                cur = 0;
                start = currentStart;
            }
            long elapsed = now - currentStart;
            double weighted = prev * (double) (w - elapsed) / w;
            long resetSeconds = ceilDiv(currentStart + w, 1_000_000L);
            long max = limit.limit();
            if (weighted + cur + cost <= max) {
                cur += cost;
                return new RateLimitDecision(true, max, (long) Math.floor(max - weighted - cur), resetSeconds, 0,
                        RateLimitDecision.Source.LOCAL_FALLBACK);
            }
            double wait;
            if (cur + cost <= max && prev > 0) {
                wait = w - (double) (max - cur - cost) * w / prev - elapsed;
            } else {
                wait = (w - elapsed) + w - (double) (max - cost) * w / cur;
            }
            long retry = Math.max(1, ceilDiv((long) Math.ceil(Math.max(wait, 1)), 1_000_000L));
            return new RateLimitDecision(false, max, (long) Math.floor(max - weighted - cur), resetSeconds, retry,
                    RateLimitDecision.Source.LOCAL_FALLBACK);
        }
    }

    static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    @Override
    public String toString() {
        return "LocalRateLimiter[keys=" + counters.size() + "]";
    }
}
