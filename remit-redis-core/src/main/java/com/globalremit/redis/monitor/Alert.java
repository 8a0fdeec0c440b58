package com.globalremit.redis.monitor;

import java.time.Instant;

/**
 * One alert rule on one node.
 *
 * @param name rule name ({@code memory-usage}, {@code cpu-usage}, {@code replication-lag},
 *        {@code failed-commands}, {@code hit-rate}, {@code connected-clients})
 * @param node the node it was evaluated on
 * @param state OK, FIRING or UNKNOWN
 * @param severity how bad it is when firing
 * @param value the measured value in {@code unit}; {@code null} when unknown
 * @param threshold the limit in {@code unit}
 * @param unit {@code percent}, {@code seconds} or {@code per-minute}
 * @param since when the alert entered its current state (first evaluation for a state never left)
 * @param detail what was compared, or why it is unknown
 */
public record Alert(String name, String node, AlertState state, AlertSeverity severity, Double value,
        double threshold, String unit, Instant since, String detail) {

    public boolean firing() {
        return state == AlertState.FIRING;
    }
}
