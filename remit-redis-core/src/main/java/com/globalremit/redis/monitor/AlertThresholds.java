package com.globalremit.redis.monitor;

import java.util.Set;

/**
 * Alert thresholds, defaulting to the design document's ("Alerting" section).
 *
 * @param memoryUsagePercent fire above this share of {@code maxmemory} (80)
 * @param cpuUsagePercent fire above this CPU use of one core, over the interval (70); Redis executes commands on
 *        one thread, so 100% of one core is saturation whatever the machine's core count
 * @param replicationLagSeconds fire above this lag (5)
 * @param failedCommandsPerMinute fire above this rate of error replies (100)
 * @param hitRatePercent fire below this keyspace hit rate over the interval (90); evaluated only for the CACHE role
 * @param hitRateMinLookups evaluate the hit rate only when the interval had at least this many lookups (100), so
 *        three misses on an idle node do not page anyone
 * @param connectedClientsPercent fire above this share of {@code maxclients} (90)
 * @param critical names of the alerts that are CRITICAL when firing; the others are WARNING
 */
public record AlertThresholds(double memoryUsagePercent, double cpuUsagePercent, double replicationLagSeconds,
        double failedCommandsPerMinute, double hitRatePercent, long hitRateMinLookups, double connectedClientsPercent,
        Set<String> critical) {

    public static final String MEMORY_USAGE = "memory-usage";
    public static final String CPU_USAGE = "cpu-usage";
    public static final String REPLICATION_LAG = "replication-lag";
    public static final String FAILED_COMMANDS = "failed-commands";
    public static final String HIT_RATE = "hit-rate";
    public static final String CONNECTED_CLIENTS = "connected-clients";

    public static final Set<String> NAMES = Set.of(MEMORY_USAGE, CPU_USAGE, REPLICATION_LAG, FAILED_COMMANDS, HIT_RATE,
            CONNECTED_CLIENTS);

    public AlertThresholds {
        percent("memoryUsagePercent", memoryUsagePercent);
        percent("hitRatePercent", hitRatePercent);
        percent("connectedClientsPercent", connectedClientsPercent);
        if (!(cpuUsagePercent > 0)) {
            throw new IllegalArgumentException("cpuUsagePercent must be > 0 but was " + cpuUsagePercent);
        }
        if (!(replicationLagSeconds >= 0)) {
            throw new IllegalArgumentException("replicationLagSeconds must be >= 0 but was " + replicationLagSeconds);
        }
        if (!(failedCommandsPerMinute >= 0)) {
            throw new IllegalArgumentException(
                    "failedCommandsPerMinute must be >= 0 but was " + failedCommandsPerMinute);
        }
        if (hitRateMinLookups < 0) {
            throw new IllegalArgumentException("hitRateMinLookups must be >= 0 but was " + hitRateMinLookups);
        }
        critical = Set.copyOf(critical);
        for (String name : critical) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("critical names an unknown alert '" + name + "'; known: "
                        + NAMES.stream().sorted().toList());
            }
        }
    }

    /**
     * The document's thresholds. Only memory is CRITICAL by default: a full durable instance refuses writes
     * (noeviction) and a full cache starts evicting hot keys, both outages; the others degrade service.
     */
    public static AlertThresholds defaults() {
        return new AlertThresholds(80, 70, 5, 100, 90, 100, 90, Set.of(MEMORY_USAGE));
    }

    public AlertSeverity severityOf(String name) {
        return critical.contains(name) ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
    }

    private static void percent(String name, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be between 0 and 100 but was " + value);
        }
    }
}
