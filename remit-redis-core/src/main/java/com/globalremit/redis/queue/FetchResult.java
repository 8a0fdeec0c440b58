package com.globalremit.redis.queue;

import java.util.List;

/**
 * What a fetch returned: a job with its lease, or nothing (and how long until the next delayed job is due).
 *
 * @param job the fetched job, or null
 * @param serverTimeMs the server's clock at the fetch
 * @param nextDueInMs with no job: ms until the earliest delayed job is due, -1 when none is delayed
 */
public record FetchResult(Job job, long serverTimeMs, long nextDueInMs) {

    static final FetchResult NOTHING = new FetchResult(null, 0, -1);

    public boolean hasJob() {
        return job != null;
    }

    static List<String> types(Object csv) {
        String s = RedisReplies.string(csv);
        return s == null || s.isEmpty() ? List.of() : List.of(s.split(","));
    }
}
