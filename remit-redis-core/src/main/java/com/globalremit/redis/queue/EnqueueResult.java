package com.globalremit.redis.queue;

/**
 * @param id the job's id (the existing job's id for a duplicate)
 * @param created false when the job id or dedup key was already known, so nothing was enqueued
 */
public record EnqueueResult(String id, boolean created) {
}
