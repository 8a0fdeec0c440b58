package com.globalremit.redis.queue;

import java.util.List;

/**
 * What a fetch of several jobs returned ({@link RedisJobQueue#fetch(String, int)}): the jobs taken, each with its
 * own lease, in the order they should run, or none (and how long until the next delayed job is due).
 *
 * @param jobs the fetched jobs; empty when nothing was waiting
 * @param serverTimeMs the server's clock at the fetch
 * @param nextDueInMs with no job: ms until the earliest delayed job is due, -1 when none is delayed
 */
public record FetchBatch(List<Job> jobs, long serverTimeMs, long nextDueInMs) {

    public FetchBatch {
        jobs = List.copyOf(jobs);
    }
}
