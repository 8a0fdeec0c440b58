package com.globalremit.redis.queue;

import java.time.Instant;

/**
 * One entry of a job's history: when an attempt ended, on which worker, and how ({@code failed} with an error
 * summary, or {@code stalled} when its lease lapsed). Only failed and stalled attempts are recorded; the last 50 are
 * kept.
 */
public record JobAttempt(Instant at, String worker, String outcome, String error) {
}
