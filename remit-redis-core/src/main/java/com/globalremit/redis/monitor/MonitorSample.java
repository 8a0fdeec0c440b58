package com.globalremit.redis.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * One round of INFO over every node.
 *
 * @param takenAt when the round started
 * @param nodes status of each node that answered, by node name
 * @param failures nodes that could not be read, with the reason (a Redis error or timeout message, never data)
 */
public record MonitorSample(Instant takenAt, Map<String, NodeStatus> nodes, Map<String, String> failures) {

    public MonitorSample {
        nodes = Map.copyOf(nodes);
        failures = Map.copyOf(failures);
    }

    public static MonitorSample empty() {
        return new MonitorSample(Instant.EPOCH, Map.of(), Map.of());
    }
}
