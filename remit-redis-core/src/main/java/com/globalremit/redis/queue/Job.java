package com.globalremit.redis.queue;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * A job as stored in Redis (a snapshot: the record does not follow later changes).
 *
 * @param id the job id (caller-supplied or a random UUID)
 * @param type the job type, e.g. {@code transaction-processing}
 * @param payload the payload as JSON text
 * @param priority the priority set it waits in
 * @param state where it is now
 * @param retryCount retries already scheduled (0 on the first attempt)
 * @param maxRetries retries allowed after the first attempt
 * @param createdAt server time of the enqueue
 * @param nextRetryAt server time the last retry was (or is) due, or null
 * @param finishedAt server time it completed or was dead-lettered, or null
 * @param lastError summary of the last failure, or null
 * @param attempts how many times it was fetched (the fencing token of the current attempt)
 * @param stalls how many times its lease lapsed
 * @param worker the worker of the latest attempt, or null
 * @param dedupKey the deduplication key, or null
 * @param history failed and stalled attempts, oldest first
 */
public record Job(String id, String type, String payload, JobPriority priority, JobState state, int retryCount,
        int maxRetries, Instant createdAt, Instant nextRetryAt, Instant finishedAt, String lastError, long attempts,
        int stalls, String worker, String dedupKey, List<JobAttempt> history) {

    public Job {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** Reads the payload as {@code type} (the caller names the type: no default typing on data from Redis). */
    public <T> T payload(JsonMapper mapper, Class<T> type) {
        return mapper.readValue(payload, type);
    }

    /** True when this attempt is the last one: a failure now sends the job to the dead letters. */
    public boolean lastAttempt() {
        return retryCount >= maxRetries;
    }
}
