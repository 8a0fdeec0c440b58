package com.globalremit.redis.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed checks, logs the outage once per interval (not once per request, which would flood the log
 * exactly when the system is stressed) and logs the recovery once. It also opens a short probe gap: after a
 * failure, checks skip Redis for {@code probeInterval} so a hung server does not cost every request the full
 * timeout; the first check after the gap tries Redis again, which is how recovery is automatic.
 */
final class OutageTracker {

    private static final Logger log = LoggerFactory.getLogger(SlidingWindowRateLimiter.class);

    private final long logIntervalNanos;
    private final long probeIntervalNanos;
    private final String policy;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong failuresSinceLog = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private volatile boolean down;
    private volatile boolean reported;
    private volatile long lastLogNanos;
    private volatile long skipUntilNanos;

    OutageTracker(Duration logInterval, Duration probeInterval, FailurePolicy policy) {
        this.logIntervalNanos = logInterval.toNanos();
        this.probeIntervalNanos = probeInterval.toNanos();
        this.policy = policy == FailurePolicy.FAIL_OPEN ? "fail-open: local in-memory limits apply"
                : "fail-closed: requests are denied";
    }

    /** True when Redis should not be asked now (within the probe gap after a failure). */
    boolean skipRedis() {
        return down && System.nanoTime() - skipUntilNanos < 0;
    }

    void failure(Throwable error) {
        long now = System.nanoTime();
        failures.incrementAndGet();
        failuresSinceLog.incrementAndGet();
        skipUntilNanos = now + probeIntervalNanos;
        down = true;
        if (reported && now - lastLogNanos < logIntervalNanos) {
            return;
        }
        synchronized (this) {
            // Re-checked under the lock: of many threads failing at once, one reports.
            if (reported && now - lastLogNanos < logIntervalNanos) {
                return;
            }
            reported = true;
            lastLogNanos = now;
            long pending = failuresSinceLog.getAndSet(0);
            reports.incrementAndGet();
            // The message names the error type only: Redis errors can echo keys, which carry caller ids.
            log.warn("Rate limiter cannot reach Redis ({}), {} failed check(s) since the last report; {}",
                    describe(error), pending, policy);
        }
    }

    /** Counts skipped checks as failures without touching the probe gap. */
    void skipped() {
        failures.incrementAndGet();
        failuresSinceLog.incrementAndGet();
    }

    void success() {
        if (down) {
            synchronized (this) {
                if (down) {
                    down = false;
                    reported = false;
                    long pending = failuresSinceLog.getAndSet(0);
                    reports.incrementAndGet();
                    log.info("Rate limiter reaches Redis again; {} check(s) decided without Redis since the last report",
                            pending);
                }
            }
        }
    }

    /** Log lines written so far (outage reports and recoveries); for tests. */
    long reports() {
        return reports.get();
    }

    boolean isDown() {
        return down;
    }

    long failures() {
        return failures.get();
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t != t.getCause()
                && (t instanceof java.util.concurrent.ExecutionException
                        || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
