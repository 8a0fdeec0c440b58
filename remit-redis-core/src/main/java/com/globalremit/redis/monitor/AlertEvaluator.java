package com.globalremit.redis.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the alert rules on each {@link MonitorSample} and remembers since when each alert is in its state.
 * Thread-safe; call {@link #evaluate} once per sample.
 */
public final class AlertEvaluator {

    private final AlertThresholds thresholds;
    private final boolean hitRateApplies;
    private final Map<String, Since> states = new ConcurrentHashMap<>();
    private volatile List<Alert> latest = List.of();

    /**
     * @param thresholds the limits
     * @param hitRateApplies whether the instance serves the cache role; on a durable-only instance misses are
     *        normal (queue polls, expired sessions) and a hit-rate alert would only be noise
     */
    public AlertEvaluator(AlertThresholds thresholds, boolean hitRateApplies) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.hitRateApplies = hitRateApplies;
    }

    public AlertThresholds thresholds() {
        return thresholds;
    }

    /** Alerts of the last evaluation. */
    public List<Alert> latest() {
        return latest;
    }

    public synchronized List<Alert> evaluate(MonitorSample sample) {
        List<Alert> alerts = new ArrayList<>();
        sample.nodes().forEach((node, status) -> alerts.addAll(evaluate(node, status, sample.takenAt())));
        sample.failures().forEach((node, reason) -> {
            for (String name : names()) {
                alerts.add(alert(name, node, null, threshold(name), unit(name), sample.takenAt(), null,
                        "node could not be read: " + reason));
            }
        });
        latest = List.copyOf(alerts);
        return latest;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(List.of(AlertThresholds.MEMORY_USAGE, AlertThresholds.CPU_USAGE,
                AlertThresholds.REPLICATION_LAG, AlertThresholds.FAILED_COMMANDS));
        if (hitRateApplies) {
            names.add(AlertThresholds.HIT_RATE);
        }
        names.add(AlertThresholds.CONNECTED_CLIENTS);
        return names;
    }

    private List<Alert> evaluate(String node, NodeStatus status, Instant now) {
        NodeSnapshot snapshot = status.snapshot();
        IntervalStats interval = status.interval();
        List<Alert> alerts = new ArrayList<>();

        Double memory = percent(snapshot.memoryUsageRatio());
        alerts.add(above(AlertThresholds.MEMORY_USAGE, node, memory, thresholds.memoryUsagePercent(), now,
                memory == null ? "maxmemory is not set (0), so usage has no limit to compare with"
                        : "used_memory / maxmemory"));

        Double cpu = interval == null ? null : percent(interval.cpuRatio());
        alerts.add(above(AlertThresholds.CPU_USAGE, node, cpu, thresholds.cpuUsagePercent(), now,
                cpu == null ? needsInterval(interval, "used_cpu_sys/used_cpu_user")
                        : "(used_cpu_sys + used_cpu_user) per second of the interval, percent of one core"));

        Long lag = snapshot.replicationLagSeconds();
        if (snapshot.replicationLinkDown()) {
            // A replica without its primary fires whatever the threshold: its data is stale from the first second.
            alerts.add(alert(AlertThresholds.REPLICATION_LAG, node, lag == null ? null : lag.doubleValue(),
                    thresholds.replicationLagSeconds(), "seconds", now, AlertState.FIRING,
                    lag == null ? "master_link_status is down (not up since the replica was pointed at its primary)"
                            : "master_link_status is down: seconds since the link went down"));
        } else if (lag == null && snapshot.info().isPrimary()) {
            alerts.add(alert(AlertThresholds.REPLICATION_LAG, node, null, thresholds.replicationLagSeconds(),
                    "seconds", now, AlertState.OK, "no replicas connected"));
        } else {
            alerts.add(above(AlertThresholds.REPLICATION_LAG, node, lag == null ? null : lag.doubleValue(),
                    thresholds.replicationLagSeconds(), now,
                    "largest replica lag (seconds since its last acknowledgement)"));
        }

        Double failed = interval == null ? null : interval.failedCommandsPerMinute();
        alerts.add(above(AlertThresholds.FAILED_COMMANDS, node, failed, thresholds.failedCommandsPerMinute(), now,
                failed == null ? needsInterval(interval, "total_error_replies (Redis 6.2+)")
                        : "error replies per minute over the interval"));

        if (hitRateApplies) {
            if (interval != null && interval.lookups() < thresholds.hitRateMinLookups()) {
                alerts.add(alert(AlertThresholds.HIT_RATE, node, percent(interval.hitRatio()),
                        thresholds.hitRatePercent(), "percent", now, AlertState.OK,
                        interval.lookups() + " lookups in the interval, fewer than the "
                                + thresholds.hitRateMinLookups() + " needed to judge the hit rate"));
            } else {
                Double hitRate = interval == null ? null : percent(interval.hitRatio());
                alerts.add(below(AlertThresholds.HIT_RATE, node, hitRate, thresholds.hitRatePercent(), now,
                        hitRate == null ? needsInterval(interval, "keyspace_hits/keyspace_misses")
                                : "keyspace hits / lookups over the interval"));
            }
        }

        Double clients = percent(snapshot.clientsUsageRatio());
        alerts.add(above(AlertThresholds.CONNECTED_CLIENTS, node, clients, thresholds.connectedClientsPercent(), now,
                clients == null ? "maxclients could not be read (INFO before 7.0 and CONFIG refused)"
                        : "connected_clients / maxclients"));
        return alerts;
    }

    private static String needsInterval(IntervalStats interval, String fields) {
        return interval == null ? "needs two samples of the same server run" : fields + " not reported";
    }

    private Alert above(String name, String node, Double value, double threshold, Instant now, String detail) {
        AlertState state = value == null ? AlertState.UNKNOWN
                : value > threshold ? AlertState.FIRING : AlertState.OK;
        return alert(name, node, value, threshold, unit(name), now, state, detail);
    }

    private Alert below(String name, String node, Double value, double threshold, Instant now, String detail) {
        AlertState state = value == null ? AlertState.UNKNOWN
                : value < threshold ? AlertState.FIRING : AlertState.OK;
        return alert(name, node, value, threshold, unit(name), now, state, detail);
    }

    private Alert alert(String name, String node, Double value, double threshold, String unit, Instant now,
            AlertState state, String detail) {
        AlertState effective = state == null ? AlertState.UNKNOWN : state;
        String key = node + "/" + name;
        Since since = states.compute(key, (k, previous) -> previous != null && previous.state() == effective
                ? previous : new Since(effective, now));
        return new Alert(name, node, effective, thresholds.severityOf(name), value, threshold, unit, since.at(),
                detail);
    }

    private double threshold(String name) {
        return switch (name) {
            case AlertThresholds.MEMORY_USAGE -> thresholds.memoryUsagePercent();
            case AlertThresholds.CPU_USAGE -> thresholds.cpuUsagePercent();
            case AlertThresholds.REPLICATION_LAG -> thresholds.replicationLagSeconds();
            case AlertThresholds.FAILED_COMMANDS -> thresholds.failedCommandsPerMinute();
            case AlertThresholds.HIT_RATE -> thresholds.hitRatePercent();
            default -> thresholds.connectedClientsPercent();
        };
    }

    private static String unit(String name) {
        return switch (name) {
            case AlertThresholds.REPLICATION_LAG -> "seconds";
            case AlertThresholds.FAILED_COMMANDS -> "per-minute";
            default -> "percent";
        };
    }

    private static Double percent(Double ratio) {
        return ratio == null ? null : ratio * 100;
    }

    private record Since(AlertState state, Instant at) {
    }
}
