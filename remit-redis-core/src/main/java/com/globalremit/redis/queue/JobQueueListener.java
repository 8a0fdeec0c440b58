package com.globalremit.redis.queue;

import java.time.Duration;

/**
 * Events of a queue and its workers, e.g. for metrics. Called on the thread that saw the event; must be quick and
 * must not throw (exceptions are logged and ignored).
 */
public interface JobQueueListener {

    default void enqueued(String queue, String type) {
    }

    default void completed(String queue, String type, Duration processingTime) {
    }

    /** A handler failed; {@code retried} or {@code deadLettered} follows. */
    default void failed(String queue, String type, Duration processingTime) {
    }

    default void retried(String queue, String type) {
    }

    /** A lease lapsed and the job went back to its queue (or, after too many stalls, to the dead letters). */
    default void stalled(String queue, String type) {
    }

    default void deadLettered(String queue, String type) {
    }

    /**
     * The dead letters' cap ({@link JobQueueOptions#deadLetterMaxSize()}, {@link JobQueueOptions#deadLetterMaxAge()})
     * deleted {@code count} dead letters, oldest first: they are gone for good (also logged at WARN).
     */
    default void deadLettersTrimmed(String queue, long count) {
    }
}
