package com.globalremit.redis.queue;

import java.util.Map;

/**
 * Runs one job. Return normally to complete it; throw to fail the attempt (a retry after the type's backoff, or the
 * dead letters once its retries are used up). Delivery is at least once: a job whose worker died mid-run runs
 * again, so handlers must be idempotent (e.g. keyed by {@link Job#id()}).
 */
@FunctionalInterface
public interface JobHandler {

    void handle(Job job) throws Exception;

    /** Dispatches by {@link Job#type()}; a job of a type without a handler fails (and so reaches the dead letters). */
    static JobHandler byType(Map<String, ? extends JobHandler> handlers) {
        Map<String, JobHandler> copy = Map.copyOf(handlers);
        return job -> {
            JobHandler h = copy.get(job.type());
            if (h == null) {
                throw new IllegalStateException("No handler for job type '" + job.type() + "'");
            }
            h.handle(job);
        };
    }
}
