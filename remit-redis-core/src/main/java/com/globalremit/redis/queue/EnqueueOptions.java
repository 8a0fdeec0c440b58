package com.globalremit.redis.queue;

import java.time.Duration;

/**
 * Per-enqueue choices; everything is optional.
 *
 * @param jobId a caller-supplied id; a second enqueue with the same id is a no-op returning it. Also the dedup key
 *        when none is given.
 * @param dedupKey a deduplication key (e.g. the client's idempotency key of a transfer request): while the job lives
 *        and for the queue's dedup window after it completed, another enqueue with this key returns the first job's id
 * @param priority overrides the type's priority
 * @param maxRetries overrides the type's retries
 * @param delay runs the job no earlier than this after enqueue (server time)
 */
public record EnqueueOptions(String jobId, String dedupKey, JobPriority priority, Integer maxRetries, Duration delay) {

    public static final EnqueueOptions NONE = new EnqueueOptions(null, null, null, null, null);

    public EnqueueOptions {
        if (jobId != null) {
            JobIds.requireValid("jobId", jobId);
        }
        if (dedupKey != null) {
            JobIds.requireValid("dedupKey", dedupKey);
        }
        if (maxRetries != null && maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, but was " + maxRetries);
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, but was " + delay);
        }
    }

    public static EnqueueOptions jobId(String id) {
        return NONE.withJobId(id);
    }

    public static EnqueueOptions dedupKey(String key) {
        return NONE.withDedupKey(key);
    }

    public EnqueueOptions withJobId(String id) {
        return new EnqueueOptions(id, dedupKey, priority, maxRetries, delay);
    }

    public EnqueueOptions withDedupKey(String key) {
        return new EnqueueOptions(jobId, key, priority, maxRetries, delay);
    }

    public EnqueueOptions withPriority(JobPriority p) {
        return new EnqueueOptions(jobId, dedupKey, p, maxRetries, delay);
    }

    public EnqueueOptions withMaxRetries(int retries) {
        return new EnqueueOptions(jobId, dedupKey, priority, retries, delay);
    }

    public EnqueueOptions withDelay(Duration d) {
        return new EnqueueOptions(jobId, dedupKey, priority, maxRetries, d);
    }
}
