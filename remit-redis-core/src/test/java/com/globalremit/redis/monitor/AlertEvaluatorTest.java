package com.globalremit.redis.monitor;

import static com.globalremit.redis.monitor.InfoFixtures.info;
import static com.globalremit.redis.monitor.InfoFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static MonitorSample sample(Instant at, NodeSnapshot before, NodeSnapshot after) {
        IntervalStats interval = before == null ? null : IntervalStats.between(before, after);
        return new MonitorSample(at, Map.of("n1:7000", new NodeStatus(after, interval)), Map.of());
    }

    private static Alert named(List<Alert> alerts, String name) {
        return alerts.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void documentThresholdsFireOnABusyUnhealthyNode() {
        // 85% memory, 90% clients, lag 7 s, 120 errors/min, 150% CPU, 50% hit rate over 100 lookups.
        NodeSnapshot before = snapshot(info("r", 100, 100_000_000, 1000, 0, 0, 0, 0, 0, 1, 1, 850, 1000), T0);
        NodeSnapshot after = snapshot(info("r", 110, 110_000_000, 3000, 50, 50, 0, 0, 20, 8.5, 8.5, 850, 1000),
                T0.plusSeconds(10));
        AlertEvaluator evaluator = new AlertEvaluator(AlertThresholds.defaults(), true);
        List<Alert> alerts = evaluator.evaluate(sample(T0.plusSeconds(10), before, after));

        assertThat(alerts).extracting(Alert::name).containsExactly("memory-usage", "cpu-usage", "replication-lag",
                "failed-commands", "hit-rate", "connected-clients");
        assertThat(named(alerts, "memory-usage")).extracting(Alert::state, Alert::value, Alert::threshold,
                Alert::severity).containsExactly(AlertState.FIRING, 85.0, 80.0, AlertSeverity.CRITICAL);
        assertThat(named(alerts, "cpu-usage").state()).isEqualTo(AlertState.FIRING);
        assertThat(named(alerts, "cpu-usage").value()).isEqualTo(150.0);
        assertThat(named(alerts, "replication-lag")).extracting(Alert::state, Alert::value)
                .containsExactly(AlertState.FIRING, 7.0);
        assertThat(named(alerts, "failed-commands")).extracting(Alert::state, Alert::value, Alert::severity)
                .containsExactly(AlertState.FIRING, 120.0, AlertSeverity.WARNING);
        assertThat(named(alerts, "hit-rate")).extracting(Alert::state, Alert::value)
                .containsExactly(AlertState.FIRING, 50.0);
        // 90% of maxclients is the threshold itself: "above" means strictly above.
        assertThat(named(alerts, "connected-clients")).extracting(Alert::state, Alert::value)
                .containsExactly(AlertState.OK, 90.0);
    }

    private static NodeSnapshot replica(String... replication) {
        String info = String.join("\r\n", "# Server", "redis_version:7.0.15", "run_id:r", "", "# Replication",
                "role:slave", "master_host:10.0.0.1", "master_port:7000", String.join("\r\n", replication),
                "slave_read_only:1", "connected_slaves:0", "");
        return snapshot(info, T0);
    }

    @Test
    void replicaThatLostItsPrimaryFiresWithTheTimeTheLinkHasBeenDown() {
        // Redis reports master_last_io_seconds_ago:-1 while the link is down; -1 once read as "no lag", so OK.
        NodeSnapshot down = replica("master_link_status:down", "master_last_io_seconds_ago:-1",
                "master_sync_in_progress:0", "master_link_down_since_seconds:42");
        assertThat(down.replicationLinkDown()).isTrue();
        assertThat(down.replicationLagSeconds()).isEqualTo(42L);
        Alert alert = named(new AlertEvaluator(AlertThresholds.defaults(), false).evaluate(sample(T0, null, down)),
                "replication-lag");
        assertThat(alert).extracting(Alert::state, Alert::value).containsExactly(AlertState.FIRING, 42.0);
        assertThat(alert.detail()).contains("master_link_status is down");

        // Down for less than the threshold still fires: the replica has no primary at all.
        NodeSnapshot justDown = replica("master_link_status:down", "master_last_io_seconds_ago:-1",
                "master_link_down_since_seconds:1");
        assertThat(named(new AlertEvaluator(AlertThresholds.defaults(), false)
                .evaluate(sample(T0, null, justDown)), "replication-lag").state()).isEqualTo(AlertState.FIRING);

        // Never up since REPLICAOF: both fields are -1, so the lag is unknown, but the alert still fires.
        NodeSnapshot neverUp = replica("master_link_status:down", "master_last_io_seconds_ago:-1",
                "master_link_down_since_seconds:-1");
        assertThat(neverUp.replicationLagSeconds()).isNull();
        assertThat(named(new AlertEvaluator(AlertThresholds.defaults(), false)
                .evaluate(sample(T0, null, neverUp)), "replication-lag"))
                .extracting(Alert::state, Alert::value).containsExactly(AlertState.FIRING, null);
    }

    @Test
    void replicaWithItsLinkUpReadsTheLastContact() {
        NodeSnapshot up = replica("master_link_status:up", "master_last_io_seconds_ago:2",
                "master_sync_in_progress:0");
        assertThat(up.replicationLinkDown()).isFalse();
        assertThat(up.replicationLagSeconds()).isEqualTo(2L);
        assertThat(named(new AlertEvaluator(AlertThresholds.defaults(), false).evaluate(sample(T0, null, up)),
                "replication-lag")).extracting(Alert::state, Alert::value).containsExactly(AlertState.OK, 2.0);
    }

    @Test
    void firstSampleLeavesIntervalAlertsUnknown() {
        NodeSnapshot only = snapshot(info("r", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 10, 1000), T0);
        List<Alert> alerts = new AlertEvaluator(AlertThresholds.defaults(), true).evaluate(sample(T0, null, only));
        assertThat(named(alerts, "cpu-usage").state()).isEqualTo(AlertState.UNKNOWN);
        assertThat(named(alerts, "failed-commands").state()).isEqualTo(AlertState.UNKNOWN);
        assertThat(named(alerts, "hit-rate").state()).isEqualTo(AlertState.UNKNOWN);
        assertThat(named(alerts, "memory-usage").state()).isEqualTo(AlertState.OK);
    }

    @Test
    void hitRateNeedsEnoughLookupsAndTheCacheRole() {
        NodeSnapshot before = snapshot(info("r", 1, 1_000_000, 1, 0, 0, 0, 0, 0, 0, 0, 10, 0), T0);
        NodeSnapshot after = snapshot(info("r", 2, 2_000_000, 1, 0, 3, 0, 0, 0, 0, 0, 10, 0), T0);
        List<Alert> cache = new AlertEvaluator(AlertThresholds.defaults(), true).evaluate(sample(T0, before, after));
        assertThat(named(cache, "hit-rate").state()).isEqualTo(AlertState.OK);
        assertThat(named(cache, "hit-rate").detail()).contains("3 lookups");
        assertThat(named(cache, "memory-usage").state()).isEqualTo(AlertState.UNKNOWN); // maxmemory 0
        List<Alert> durable = new AlertEvaluator(AlertThresholds.defaults(), false)
                .evaluate(sample(T0, before, after));
        assertThat(durable).extracting(Alert::name).doesNotContain("hit-rate");
    }

    @Test
    void sinceChangesOnlyWithTheState() {
        AlertEvaluator evaluator = new AlertEvaluator(AlertThresholds.defaults(), false);
        NodeSnapshot full = snapshot(info("r", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 900, 1000), T0);
        NodeSnapshot fine = snapshot(info("r", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 100, 1000), T0);
        Instant t1 = T0.plusSeconds(15);
        Instant t2 = T0.plusSeconds(30);
        assertThat(named(evaluator.evaluate(sample(T0, null, full)), "memory-usage").since()).isEqualTo(T0);
        assertThat(named(evaluator.evaluate(sample(t1, null, full)), "memory-usage").since()).isEqualTo(T0);
        Alert resolved = named(evaluator.evaluate(sample(t2, null, fine)), "memory-usage");
        assertThat(resolved.state()).isEqualTo(AlertState.OK);
        assertThat(resolved.since()).isEqualTo(t2);
    }

    @Test
    void unreadableNodeMakesEveryAlertUnknown() {
        MonitorSample failed = new MonitorSample(T0, Map.of(), Map.of("n2:7001", "RedisCommandTimeoutException"));
        List<Alert> alerts = new AlertEvaluator(AlertThresholds.defaults(), true).evaluate(failed);
        assertThat(alerts).hasSize(6).allMatch(a -> a.state() == AlertState.UNKNOWN && a.node().equals("n2:7001"));
    }

    @Test
    void thresholdsAreValidated() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AlertThresholds(120, 70, 5, 100, 90, 100, 90,
                Set.of())).withMessageContaining("memoryUsagePercent");
        assertThatIllegalArgumentException().isThrownBy(() -> new AlertThresholds(80, 70, 5, 100, 90, 100, 90,
                Set.of("disk"))).withMessageContaining("disk");
    }
}
