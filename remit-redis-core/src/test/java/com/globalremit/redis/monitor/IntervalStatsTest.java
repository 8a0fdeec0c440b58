package com.globalremit.redis.monitor;

import static com.globalremit.redis.monitor.InfoFixtures.info;
import static com.globalremit.redis.monitor.InfoFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class IntervalStatsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void hitRatioIsOverTheIntervalNotSinceStart() {
        // Since start: 1,000,000 hits, 0 misses (100%). In the interval: 50 hits, 50 misses (50%).
        NodeSnapshot before = snapshot(info("r", 100, 100_000_000, 1000, 1_000_000, 0, 0, 0, 0, 1, 1, 10, 100), T0);
        NodeSnapshot after = snapshot(info("r", 110, 110_000_000, 3000, 1_000_050, 50, 4, 6, 20, 1.5, 2.0, 10, 100),
                T0.plusSeconds(99));
        IntervalStats stats = IntervalStats.between(before, after);
        assertThat(stats.seconds()).isEqualTo(10.0); // server clock, not the client's 99 s
        assertThat(stats.hitRatio()).isEqualTo(0.5);
        assertThat(stats.lookups()).isEqualTo(100);
        assertThat(stats.commandsPerSecond()).isEqualTo(200.0);
        assertThat(stats.evictedKeys()).isEqualTo(4);
        assertThat(stats.expiredKeys()).isEqualTo(6);
        assertThat(stats.failedCommandsPerMinute()).isEqualTo(120.0);
        assertThat(stats.cpuRatio()).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void noLookupsMeansNoHitRatio() {
        NodeSnapshot before = snapshot(info("r", 1, 1_000_000, 1, 5, 5, 0, 0, 0, 0, 0, 1, 0), T0);
        NodeSnapshot after = snapshot(info("r", 2, 2_000_000, 2, 5, 5, 0, 0, 0, 0, 0, 1, 0), T0.plusSeconds(1));
        assertThat(IntervalStats.between(before, after).hitRatio()).isNull();
    }

    @Test
    void restartOrNoElapsedTimeGivesNoInterval() {
        NodeSnapshot before = snapshot(info("r", 100, 1_000_000, 10, 0, 0, 0, 0, 0, 0, 0, 1, 0), T0);
        NodeSnapshot otherRun = snapshot(info("s", 5, 2_000_000, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0), T0);
        NodeSnapshot sameTime = snapshot(info("r", 100, 1_000_000, 10, 0, 0, 0, 0, 0, 0, 0, 1, 0), T0);
        assertThat(IntervalStats.between(before, otherRun)).isNull();
        assertThat(IntervalStats.between(before, sameTime)).isNull();
    }

    @Test
    void usesClientClockAndNoErrorRateWhenServerLacksFields() {
        NodeSnapshot before = snapshot("# Stats\ntotal_commands_processed:10\n", T0);
        NodeSnapshot after = snapshot("# Stats\ntotal_commands_processed:30\n", T0.plusSeconds(2));
        IntervalStats stats = IntervalStats.between(before, after);
        assertThat(stats.seconds()).isEqualTo(2.0);
        assertThat(stats.commandsPerSecond()).isEqualTo(10.0);
        assertThat(stats.failedCommandsPerMinute()).isNull();
        assertThat(stats.cpuRatio()).isNull();
    }

    @Test
    void snapshotRatiosAndReplicationLag() {
        NodeSnapshot s = snapshot(info("r", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 850, 1000), T0);
        assertThat(s.memoryUsageRatio()).isEqualTo(0.85);
        assertThat(s.clientsUsageRatio()).isEqualTo(0.9);
        assertThat(s.replicationLagSeconds()).isEqualTo(7);
        assertThat(s.replicationLagBytes()).isEqualTo(100);
        NodeSnapshot unlimited = snapshot(info("r", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 850, 0), T0);
        assertThat(unlimited.memoryUsageRatio()).isNull();
        NodeSnapshot replica = snapshot("# Replication\nrole:slave\nmaster_last_io_seconds_ago:3\n", T0);
        assertThat(replica.replicationLagSeconds()).isEqualTo(3);
        assertThat(replica.replicationLagBytes()).isNull();
    }
}
