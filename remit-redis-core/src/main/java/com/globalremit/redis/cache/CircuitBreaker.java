package com.globalremit.redis.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cache off Redis while Redis fails: after {@code threshold} consecutive failures it opens for
 * {@code openDuration} (every call goes straight to the loader), then lets one probe through; the probe's success
 * closes it, its failure opens it again, and a probe not reported within {@code openDuration} is handed out again. Failures are logged at most once per interval, with their count and
 * without keys or values. Local clock only: this is about this JVM's view of Redis, not a shared deadline.
 */
final class CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(RemitCache.class);

    private final int threshold;
    private final long openNanos;
    private final long logIntervalNanos;
    private final AtomicInteger consecutive = new AtomicInteger();
    private volatile boolean probing;
    private volatile long probeExpires;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong lastReport;
    private volatile boolean open;
    private volatile long openUntil;

    CircuitBreaker(int threshold, Duration openDuration, Duration logInterval) {
        this.threshold = threshold;
        this.openNanos = openDuration.toNanos();
        this.logIntervalNanos = logInterval.toNanos();
        this.lastReport = new AtomicLong(System.nanoTime() - logIntervalNanos);
    }

    /**
     * Whether a call may go to Redis now. A caller that gets {@code true} should report success or failure; a probe
     * that is not reported within {@code openDuration} (its caller sent nothing, or threw first) counts as lost, and
     * the next call may probe, so a lost probe cannot keep the circuit open until restart.
     */
    boolean allowRequest() {
        if (!open) {
            return true;
        }
        long now = System.nanoTime();
        if (now - openUntil < 0) {
            return false;
        }
        synchronized (this) { // only while open and due: the closed path above stays lock-free
            if (probing && now - probeExpires < 0) {
                return false;
            }
            probing = true;
            probeExpires = now + openNanos;
            return true;
        }
    }

    boolean isOpen() {
        return open;
    }

    void success() {
        consecutive.set(0);
        if (open) {
            open = false;
            probing = false;
            log.info("Redis cache available again; caching resumed ({} failures since the last report)",
                    unreported.getAndSet(0));
        }
    }

    void failure(Throwable error) {
        unreported.incrementAndGet();
        if (consecutive.incrementAndGet() >= threshold || open) {
            openUntil = System.nanoTime() + openNanos;
            open = true;
            probing = false;
        }
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= logIntervalNanos && lastReport.compareAndSet(last, now)) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // Class and message of the root cause only: Lettuce's messages name hosts and timeouts, not keys.
            log.warn("Redis cache unavailable, serving values from loaders: {} failures in the last period, "
                    + "circuit {}, last error {}: {}", unreported.getAndSet(0), open ? "open" : "closed",
                    root.getClass().getName(), root.getMessage());
        }
    }
}
