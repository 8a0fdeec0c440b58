package com.globalremit.redis.queue;

/**
 * The result of completing or failing an attempt.
 *
 * @param outcome what happened to the job
 * @param next the next job fetched in the same round trip, or null when not asked for
 */
public record Settlement(Outcome outcome, FetchResult next) {

    public enum Outcome {
        COMPLETED,
        RETRY_SCHEDULED,
        DEAD_LETTERED,
        /** The attempt had lost its lease (it stalled and another attempt took over): nothing was changed. */
        LEASE_LOST
    }
}
