package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertSeverity;
import com.globalremit.redis.monitor.AlertState;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health component {@code remitRedisAlerts}: DOWN while a CRITICAL alert fires (by default only memory-usage,
 * see {@code remit.redis.monitor.alerts.critical}), UP otherwise, with firing warnings and unknown alerts as
 * details, over every Redis the application uses ({@link MonitoredServers}). Reads the latest evaluation, never
 * Redis, so it adds no load to health probes. It is not part of the liveness or readiness groups unless you add
 * it: restarting the application does not free Redis memory.
 */
public class RemitRedisAlertsHealthIndicator extends AbstractHealthIndicator {

    private final MonitoredServers servers;

    public RemitRedisAlertsHealthIndicator(MonitoredServers servers) {
        super("Redis alerts could not be read");
        this.servers = servers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Alert> latest = servers.latestAlerts();
        List<String> critical = describe(latest, a -> a.firing() && a.severity() == AlertSeverity.CRITICAL);
        List<String> warnings = describe(latest, a -> a.firing() && a.severity() == AlertSeverity.WARNING);
        List<String> unknown = latest.stream().filter(a -> a.state() == AlertState.UNKNOWN)
                .map(a -> a.name() + "@" + a.node()).toList();
        if (critical.isEmpty()) {
            builder.up();
        }
        else {
            builder.down().withDetail("critical", critical);
        }
        builder.withDetail("warnings", warnings).withDetail("unknown", unknown);
    }

    private static List<String> describe(List<Alert> alerts, java.util.function.Predicate<Alert> filter) {
        return alerts.stream().filter(filter).map(a -> a.name() + "@" + a.node() + " " + format(a.value()) + " "
                + a.unit() + " (threshold " + format(a.threshold()) + ")" + " since " + a.since()).toList();
    }

    private static String format(Double value) {
        return value == null ? "?" : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
