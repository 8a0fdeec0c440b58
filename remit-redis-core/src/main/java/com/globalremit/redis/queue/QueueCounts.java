package com.globalremit.redis.queue;

/** Depth of every state of one named queue, read in one round trip. */
public record QueueCounts(long high, long medium, long low, long delayed, long active, long dead, long completed) {

    public long waiting() {
        return high + medium + low;
    }

    public long waiting(JobPriority p) {
        return switch (p) {
            case HIGH -> high;
            case MEDIUM -> medium;
            case LOW -> low;
        };
    }
}
