/**
 * Redis job queues: priorities, reliable delivery with leases, retries with backoff, dead letters with admin
 * operations. Start with {@link com.globalremit.redis.queue.RedisJobQueue} and
 * {@link com.globalremit.redis.queue.JobWorker}; see docs/job-queue.md.
 */
package com.globalremit.redis.queue;
