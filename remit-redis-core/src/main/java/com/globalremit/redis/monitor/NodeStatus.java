package com.globalremit.redis.monitor;

/**
 * The latest snapshot of one node and, from the second sample on, the interval that ended with it.
 *
 * @param snapshot latest INFO of the node
 * @param interval what changed since the previous sample; {@code null} on the first sample or after a restart
 */
public record NodeStatus(NodeSnapshot snapshot, IntervalStats interval) {

    public String node() {
        return snapshot.node();
    }
}
