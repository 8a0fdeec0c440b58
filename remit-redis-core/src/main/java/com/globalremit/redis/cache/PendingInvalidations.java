package com.globalremit.redis.cache;

import com.globalremit.redis.script.ScriptExecutor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidations that failed because Redis was down or slow. If Redis kept its data through the outage (a network
 * partition, a pause, a failover to a replica), the entries they were meant to delete are still there: a KYC
 * status change would otherwise stay invisible until the TTL. They are sent again, asynchronously, by the first
 * Redis call that succeeds afterwards. Bounded: beyond {@value #MAX} the oldest are dropped and that is logged as
 * an error (those entries then live until their TTL).
 */
final class PendingInvalidations {

    static final int MAX = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RemitCache.class);

    private final ScriptExecutor scripts;
    private final ConcurrentLinkedQueue<PendingInvalidation> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();

    PendingInvalidations(ScriptExecutor scripts) {
        this.scripts = scripts;
    }

    void enqueue(PendingInvalidation invalidation) {
        queue.add(invalidation);
        if (size.incrementAndGet() > MAX && queue.poll() != null) {
            size.decrementAndGet();
            if (dropped.getAndIncrement() == 0) {
                log.error("More than {} cache invalidations could not reach Redis; the oldest are dropped and their"
                        + " entries live until their TTL", MAX);
            }
        }
    }

    int size() {
        return size.get();
    }

    /** Cheap when empty (one volatile read): called after every successful Redis call. */
    void replayIfAny() {
        if (size.get() == 0 || !replaying.compareAndSet(false, true)) {
            return;
        }
        try {
            int count = size.get();
            for (int i = 0; i < count; i++) {
                PendingInvalidation invalidation = queue.poll();
                if (invalidation == null) {
                    break;
                }
                size.decrementAndGet();
                // Pipelined, not awaited: a failure puts it back for the next success.
                invalidation.run(scripts).whenComplete((result, error) -> {
                    if (error != null) {
                        enqueue(invalidation);
                    }
                });
            }
            if (count > 0) {
                log.info("Sent {} cache invalidations that had failed while Redis was unavailable", count);
            }
        } catch (RuntimeException e) {
            log.warn("Could not resend pending cache invalidations: {}", e.getClass().getName());
        } finally {
            replaying.set(false);
        }
    }
}
