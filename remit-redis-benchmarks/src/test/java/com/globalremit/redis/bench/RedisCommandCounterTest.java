package com.globalremit.redis.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** INFO commandstats parsing and delta arithmetic; no Redis needed. */
class RedisCommandCounterTest {

    /** As Redis 7.0 prints it (CRLF line ends). */
    private static final String REDIS7 = String.join("\r\n",
            "# Commandstats",
            "cmdstat_get:calls=2,usec=14,usec_per_call=7.00,rejected_calls=1,failed_calls=0",
            "cmdstat_set:calls=1,usec=10,usec_per_call=10.00,rejected_calls=0,failed_calls=0",
            "cmdstat_script|load:calls=1,usec=37,usec_per_call=37.00,rejected_calls=0,failed_calls=0",
            "cmdstat_client|setname:calls=3,usec=5,usec_per_call=1.67,rejected_calls=0,failed_calls=0",
            "cmdstat_evalsha:calls=2,usec=95,usec_per_call=47.50,rejected_calls=0,failed_calls=1",
            "cmdstat_info:calls=3,usec=91,usec_per_call=30.33,rejected_calls=0,failed_calls=0",
            "");

    /** As Redis 6 prints it: no rejected/failed fields, no sub-commands. */
    private static final String REDIS6 = "# Commandstats\n"
            + "cmdstat_get:calls=12,usec=40,usec_per_call=3.33\n"
            + "cmdstat_client:calls=2,usec=3,usec_per_call=1.50\n";

    @Test
    void parsesRedis7Fields() {
        Map<String, CommandStat> stats = RedisCommandCounter.parse(REDIS7);

        assertThat(stats).containsOnlyKeys("get", "set", "script|load", "client|setname", "evalsha", "info");
        assertThat(stats.get("get")).isEqualTo(new CommandStat(2, 14, 1, 0));
        assertThat(stats.get("get").issued()).isEqualTo(3);
        assertThat(stats.get("evalsha")).isEqualTo(new CommandStat(2, 95, 0, 1));
        // failed calls are part of calls: not added again
        assertThat(stats.get("evalsha").issued()).isEqualTo(2);
        assertThat(stats.get("client|setname").calls()).isEqualTo(3);
        assertThat(stats.get("script|load").calls()).isEqualTo(1);
    }

    @Test
    void parsesRedis6Format() {
        Map<String, CommandStat> stats = RedisCommandCounter.parse(REDIS6);

        assertThat(stats).containsOnlyKeys("get", "client");
        assertThat(stats.get("get")).isEqualTo(new CommandStat(12, 40, 0, 0));
    }

    @Test
    void skipsOtherInfoSectionsAndBlankInput() {
        String wholeInfo = "# Server\r\nredis_version:7.0.15\r\n\r\n# Stats\r\ntotal_commands_processed:9\r\n" + REDIS7
                + "\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n";

        assertThat(RedisCommandCounter.parse(wholeInfo)).containsOnlyKeys(
                "get", "set", "script|load", "client|setname", "evalsha", "info");
        assertThat(RedisCommandCounter.parse("")).isEmpty();
        assertThat(RedisCommandCounter.parse("# Commandstats\r\n")).isEmpty();
        assertThat(RedisCommandCounter.parse(null)).isEmpty();
    }

    @Test
    void ignoresUnknownFieldsAndUpperCase() {
        Map<String, CommandStat> stats = RedisCommandCounter.parse(
                "cmdstat_GET:calls=5,usec=1,usec_per_call=0.20,some_future_field=7");

        assertThat(stats).containsEntry("get", new CommandStat(5, 1, 0, 0));
    }

    @Test
    void rejectsMalformedNumbers() {
        assertThatThrownBy(() -> RedisCommandCounter.parse("cmdstat_get:calls=x,usec=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calls");
        assertThatThrownBy(() -> RedisCommandCounter.parse("cmdstat_get:usec=1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deltaSubtractsExcludesInfoAndDropsUnchanged() {
        Map<String, CommandStat> before = RedisCommandCounter.parse(
                "cmdstat_get:calls=2,usec=1,usec_per_call=0.5,rejected_calls=0,failed_calls=0\n"
                        + "cmdstat_set:calls=4,usec=1,usec_per_call=0.25,rejected_calls=0,failed_calls=0\n"
                        + "cmdstat_info:calls=1,usec=1,usec_per_call=1,rejected_calls=0,failed_calls=0\n");
        Map<String, CommandStat> after = RedisCommandCounter.parse(
                "cmdstat_get:calls=7,usec=9,usec_per_call=1.2,rejected_calls=1,failed_calls=0\n"
                        + "cmdstat_set:calls=4,usec=1,usec_per_call=0.25,rejected_calls=0,failed_calls=0\n"
                        + "cmdstat_evalsha:calls=5,usec=9,usec_per_call=1.8,rejected_calls=0,failed_calls=2\n"
                        + "cmdstat_info:calls=2,usec=2,usec_per_call=1,rejected_calls=0,failed_calls=0\n");

        CommandCounts counts = RedisCommandCounter.delta(before, after, 5);

        assertThat(counts.perCommand()).containsExactly(Map.entry("evalsha", 5L), Map.entry("get", 6L));
        assertThat(counts.total()).isEqualTo(11);
        assertThat(counts.operations()).isEqualTo(5);
        assertThat(counts.perOperation()).isCloseTo(2.2, within(1e-9));
        assertThat(counts.perOperation(11)).isCloseTo(1.0, within(1e-9));
        assertThat(counts.perOperation("get")).isCloseTo(1.2, within(1e-9));
        assertThat(counts.perOperation("set")).isZero();
        assertThat(counts.breakdown()).isEqualTo("evalsha=1, get=1.2");
        assertThat(counts.toString()).isEqualTo("2.2 commands/op (evalsha=1, get=1.2) over 5 ops");
    }

    @Test
    void deltaOfIdenticalSnapshotsIsEmpty() {
        Map<String, CommandStat> snapshot = RedisCommandCounter.parse(REDIS7);

        CommandCounts counts = RedisCommandCounter.delta(snapshot, snapshot, 10);

        assertThat(counts.perCommand()).isEmpty();
        assertThat(counts.total()).isZero();
        assertThat(counts.perOperation()).isZero();
        assertThat(counts.breakdown()).isEqualTo("-");
    }

    @Test
    void deltaFailsWhenStatsWereReset() {
        Map<String, CommandStat> before = RedisCommandCounter.parse("cmdstat_get:calls=10,usec=1\ncmdstat_set:calls=1,usec=1");
        Map<String, CommandStat> lower = RedisCommandCounter.parse("cmdstat_get:calls=3,usec=1\ncmdstat_set:calls=1,usec=1");
        Map<String, CommandStat> gone = RedisCommandCounter.parse("cmdstat_get:calls=12,usec=1");

        assertThatThrownBy(() -> RedisCommandCounter.delta(before, lower, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cmdstat_get");
        assertThatThrownBy(() -> RedisCommandCounter.delta(before, gone, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cmdstat_set");
    }

    @Test
    void measureSumsOverNodes() throws Exception {
        // two "nodes" whose INFO replies advance as the operation runs
        Deque<String> node1 = new ArrayDeque<>(List.of(
                "cmdstat_get:calls=1,usec=1\ncmdstat_info:calls=4,usec=1",
                "cmdstat_get:calls=4,usec=1\ncmdstat_info:calls=5,usec=1"));
        Deque<String> node2 = new ArrayDeque<>(List.of(
                "cmdstat_info:calls=1,usec=1",
                "cmdstat_get:calls=2,usec=1\ncmdstat_set:calls=3,usec=1\ncmdstat_info:calls=2,usec=1"));
        List<Supplier<String>> sources = List.of(node1::removeFirst, node2::removeFirst);
        int[] runs = {0};

        CommandCounts counts = RedisCommandCounter.ofSources(sources).measure(5, () -> runs[0]++);

        assertThat(runs[0]).isEqualTo(5);
        assertThat(counts.perCommand()).containsExactly(Map.entry("get", 5L), Map.entry("set", 3L));
        assertThat(counts.total()).isEqualTo(8);
        assertThat(counts.perOperation()).isCloseTo(1.6, within(1e-9));
    }

    @Test
    void snapshotSumsSameCommandAcrossNodes() {
        List<Supplier<String>> sources = List.of(
                () -> "cmdstat_get:calls=1,usec=2,rejected_calls=1,failed_calls=0",
                () -> "cmdstat_get:calls=3,usec=4,rejected_calls=0,failed_calls=1");

        assertThat(RedisCommandCounter.ofSources(sources).snapshot())
                .containsExactly(Map.entry("get", new CommandStat(4, 6, 1, 1)));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> RedisCommandCounter.ofSources(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisCommandCounter.ofSources(List.of(() -> "")).measure(0, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandCounts(Map.of(), 0).perOperation())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
