package com.globalremit.redis.bench;

import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The counter and the benchmark state against a real redis-server started by remit-redis-test. */
class RedisCommandCounterServerTest {

    private static RedisServer server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.builder().start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsTenSetsAndFiveGetsExactly() throws Exception {
        RedisCommands<String, String> redis = connection.sync();
        RedisCommandCounter counter = RedisCommandCounter.of(connection);

        Map<String, CommandStat> before = counter.snapshot();
        for (int i = 0; i < 10; i++) {
            redis.set("counter:test:" + i, "v" + i);
        }
        for (int i = 0; i < 5; i++) {
            redis.get("counter:test:" + i);
        }
        Map<String, CommandStat> after = counter.snapshot();
        CommandCounts counts = RedisCommandCounter.delta(before, after, 15);

        // the first snapshot's INFO shows up in the second one: it is excluded
        assertThat(after.get("info").calls() - before.getOrDefault("info", CommandStat.ZERO).calls()).isEqualTo(1);
        assertThat(counts.perCommand()).containsExactly(Map.entry("get", 5L), Map.entry("set", 10L));
        assertThat(counts.total()).isEqualTo(15);
        assertThat(counts.perOperation()).isEqualTo(1.0);
    }

    @Test
    void measureCountsRejectedCallsAndScriptInternalCommands() throws Exception {
        RedisCommands<String, String> redis = connection.sync();
        redis.set("counter:script", "x");
        String sha = redis.scriptLoad("return redis.call('GET', KEYS[1])");

        CommandCounts script = RedisCommandCounter.count(connection, 20,
                () -> redis.evalsha(sha, io.lettuce.core.ScriptOutputType.VALUE, "counter:script"));
        // GET called from inside the script is counted too
        assertThat(script.perCommand()).containsExactly(Map.entry("evalsha", 20L), Map.entry("get", 20L));
        assertThat(script.perOperation()).isEqualTo(2.0);

        // a wrong-type error is a failed call (in calls), still one command per operation
        redis.rpush("counter:list", "a");
        CommandCounts failed = RedisCommandCounter.count(connection, 3, () -> {
            try {
                redis.get("counter:list");
            } catch (io.lettuce.core.RedisCommandExecutionException expected) {
                // WRONGTYPE
            }
        });
        assertThat(failed.perCommand()).containsExactly(Map.entry("get", 3L));
    }

    @Test
    void sumsOverSeveralNodes() throws Exception {
        try (RedisServer second = RedisServer.builder().start()) {
            RedisClient secondClient = RedisClient.create(second.uri());
            try (StatefulRedisConnection<String, String> other = secondClient.connect()) {
                CommandCounts counts = RedisCommandCounter.count(List.of(connection, other), 4, () -> {
                    connection.sync().set("counter:a", "1");
                    other.sync().set("counter:b", "2");
                    other.sync().get("counter:b");
                });

                assertThat(counts.perCommand()).containsExactly(Map.entry("get", 4L), Map.entry("set", 8L));
                assertThat(counts.perOperation()).isEqualTo(3.0);
            } finally {
                secondClient.shutdown();
            }
        }
    }

    @Test
    void forClusterMastersSumsOverMastersNotReplicas() throws Exception {
        try (RedisClusterGroup cluster = RedisClusterGroup.start(3, 1)) {
            RedisClusterClient clusterClient = RedisClusterClient.create(cluster.uris());
            try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
                RedisCommandCounter counter = RedisCommandCounter.forClusterMasters(connection);
                int[] i = {0};
                RedisCommandCounter.Operation set = () -> connection.sync().set("counter:cluster:" + (i[0]++ % 30), "v");
                // warm up: Lettuce opens the routing connection to each master lazily (HELLO), as a benchmark's
                // warmup would have done before counting
                for (int n = 0; n < 30; n++) {
                    set.run();
                }

                // keys spread over the three masters; replicas replay the SETs but are not counted
                CommandCounts counts = counter.measure(30, set);

                assertThat(counts.perCommand()).containsExactly(Map.entry("set", 30L));
                assertThat(counts.perOperation()).isEqualTo(1.0);
            } finally {
                clusterClient.shutdown();
            }
        }
    }

    @Test
    void rawLettuceBenchmarkOperationsCountAsDocumented() throws Exception {
        RawLettuceBenchmark benchmark = new RawLettuceBenchmark();
        benchmark.startRedis();
        try {
            assertThat(benchmark.get()).isEqualTo(RawLettuceBenchmark.VALUE);
            assertThat(benchmark.evalsha()).isEqualTo(RawLettuceBenchmark.VALUE);

            CommandCounts get = benchmark.commandCounter().measure(100, benchmark.countedOperation("get"));
            CommandCounts evalsha = benchmark.commandCounter().measure(100, benchmark.countedOperation("evalsha"));

            assertThat(get.perCommand()).containsExactly(Map.entry("get", 100L));
            assertThat(evalsha.perCommand()).containsExactly(Map.entry("evalsha", 100L), Map.entry("get", 100L));
            assertThat(benchmark.redisVersion()).matches("\\d+\\.\\d+.*");
        } finally {
            benchmark.stop();
        }
    }
}
