package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RedisInfoTest {

    private static final String REPLY = String.join("\r\n",
            "# Server", "redis_version:6.2.14", "run_id:abc", "", "# Memory", "used_memory:1024",
            "used_memory_human:1.00K", "mem_fragmentation_ratio:1.53", "", "# Replication", "role:master",
            "connected_slaves:2", "slave0:ip=10.0.0.2,port=6380,state=online,offset=5000,lag=0",
            "slave1:ip=10.0.0.3,port=6381,state=wait_bgsave,offset=0,lag=12", "master_repl_offset:5100",
            "slave_read_only:1", "", "# Errorstats", "errorstat_ERR:count=3", "errorstat_NOPERM:count=2", "",
            "# Keyspace", "db0:keys=100,expires=20,avg_ttl=3000", "db3:keys=1,expires=0,avg_ttl=0", "");

    private final RedisInfo info = RedisInfo.parse(REPLY);

    @Test
    void readsSectionsInOrderLowerCased() {
        assertThat(info.sectionNames()).containsExactly("server", "memory", "replication", "errorstats", "keyspace");
        assertThat(info.section("Memory")).containsEntry("used_memory", "1024");
        assertThat(info.section("cpu")).isEmpty();
    }

    @Test
    void readsNumbersAndStrings() {
        assertThat(info.longValue("used_memory")).hasValue(1024);
        assertThat(info.doubleValue("mem_fragmentation_ratio")).hasValue(1.53);
        assertThat(info.string("used_memory_human")).hasValue("1.00K");
        assertThat(info.version()).containsExactly(6, 2);
        assertThat(info.isPrimary()).isTrue();
    }

    @Test
    void missingOrNonNumericFieldsAreAbsentNotZero() {
        assertThat(info.longValue("evicted_keys")).isEmpty();
        assertThat(info.string("evicted_keys")).isEmpty();
        assertThat(info.longValue("used_memory_human")).isEmpty();
        assertThat(info.doubleValue("role")).isEmpty();
    }

    @Test
    void readsKeyspaceLines() {
        assertThat(info.keyspace()).containsExactly(Map.entry(0, new KeyspaceStats(0, 100, 20, 3000)),
                Map.entry(3, new KeyspaceStats(3, 1, 0, 0)));
    }

    @Test
    void readsReplicaLinesButNotOtherSlaveFields() {
        assertThat(info.replicas()).containsExactly(new ReplicaLink("10.0.0.2", 6380, "online", 5000, 0),
                new ReplicaLink("10.0.0.3", 6381, "wait_bgsave", 0, 12));
    }

    @Test
    void errorsFromErrorStatsWhenTotalIsMissing() {
        assertThat(info.errorStats()).containsExactly(Map.entry("ERR", 3L), Map.entry("NOPERM", 2L));
        assertThat(info.totalErrorReplies()).hasValue(5);
        RedisInfo withTotal = RedisInfo.parse("# Stats\ntotal_error_replies:42\n# Errorstats\nerrorstat_ERR:count=3\n");
        assertThat(withTotal.totalErrorReplies()).hasValue(42);
        assertThat(RedisInfo.parse("# Stats\ntotal_commands_processed:1\n").totalErrorReplies()).isEmpty();
    }

    @Test
    void toleratesEmptyHeaderlessAndOddLines() {
        assertThat(RedisInfo.parse("").fields()).isEmpty();
        assertThat(RedisInfo.parse("").version()).containsExactly(0, 0);
        RedisInfo headerless = RedisInfo.parse("role:slave\nnonsense\n:novalue\nmaster_host:10.0.0.1\n");
        assertThat(headerless.fields()).containsOnlyKeys("role", "master_host");
        assertThat(headerless.isPrimary()).isFalse();
        assertThat(headerless.replicas()).isEmpty();
        assertThat(RedisInfo.parse("# Keyspace\ndbx:keys=1\n").keyspace()).isEmpty();
    }

    @Test
    void valuesMayContainColons() {
        RedisInfo parsed = RedisInfo.parse("# Server\nexecutable:/usr/bin/redis-server\nconfig_file:C:\\redis.conf\n");
        assertThat(parsed.string("config_file")).hasValue("C:\\redis.conf");
        assertThat(List.of(parsed.string("executable").orElseThrow())).containsExactly("/usr/bin/redis-server");
    }
}
