package com.globalremit.redis.queue;

/** Where a job is in its life; see docs/job-queue.md for the state machine. */
public enum JobState {
    /** In one of the three priority sets, ready to be fetched. */
    WAITING,
    /** Waiting for its retry (or enqueue) delay, in the delayed set. */
    DELAYED,
    /** Fetched by a worker, in the in-flight set with a lease deadline. */
    ACTIVE,
    /** Done; only visible when completed jobs are retained. */
    COMPLETED,
    /** Retries or stalls used up: in the dead-letter set, waiting for an admin. */
    DEAD;

    static JobState fromCode(String code) {
        return code == null ? WAITING : valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
