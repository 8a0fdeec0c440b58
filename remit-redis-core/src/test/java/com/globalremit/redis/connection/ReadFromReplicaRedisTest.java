package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * {@link RedisConnectionSettings#readFrom()}: reads of the shared connections are served by replicas, writes and
 * dedicated connections by primaries. Counted per node with INFO commandstats. (Sentinel: see the autoconfigure
 * module's CacheReadReplicaRedisTest.)
 */
@RemitRedis(topology = Topology.CLUSTER, masters = 3, replicasPerMaster = 1)
class ReadFromReplicaRedisTest {

    private static final int READS = 6;

    @Test
    void clusterReadsGoToReplicas(RedisClusterGroup cluster) {
        RedisConnectionSettings settings = RedisConnectionSettings.cluster(cluster.masters().stream()
                .map(n -> n.host() + ":" + n.port()).toArray(String[]::new)).readFrom(ReadFrom.REPLICA).build();
        try (RemitRedisClient redis = RemitRedisClient.create(settings)) {
            assertReadsOnReplicas(redis, cluster.masters(), cluster.replicas());
        }
    }

    @Test
    void standaloneReplicasAreFoundFromThePrimary() {
        try (RedisServer primary = RedisServer.builder().start();
                RedisServer replica = RedisServer.builder().replicaOf(primary.host(), primary.port()).start();
                RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings
                        .standalone("redis://127.0.0.1:" + primary.port()).readFrom(ReadFrom.REPLICA).build())) {
            assertReadsOnReplicas(redis, List.of(primary), List.of(replica));
        }
    }

    private static void assertReadsOnReplicas(RemitRedisClient redis, List<RedisServer> primaries,
            List<RedisServer> replicas) {
        redis.syncStrings().set("fx:{GBP-KES}", "171.2");
        // Reading through the client itself waits for replication (and proves the replica answers).
        await(() -> "171.2".equals(redis.syncStrings().get("fx:{GBP-KES}")));
        primaries.forEach(ReadFromReplicaRedisTest::resetStats);
        replicas.forEach(ReadFromReplicaRedisTest::resetStats);

        for (int i = 0; i < READS; i++) {
            assertThat(redis.syncStrings().get("fx:{GBP-KES}")).isEqualTo("171.2");
        }
        redis.syncStrings().set("fx:{GBP-KES}", "171.5");
        try (CommandConnection<String> dedicated = redis.connectDedicated(io.lettuce.core.codec.StringCodec.UTF8)) {
            dedicated.sync().get("fx:{GBP-KES}");
        }

        assertThat(replicas.stream().mapToLong(s -> calls(s, "get")).sum()).isEqualTo(READS);
        assertThat(primaries.stream().mapToLong(s -> calls(s, "get")).sum()).as("only the dedicated read").isOne();
        assertThat(primaries.stream().mapToLong(s -> calls(s, "set")).sum()).isOne();
    }

    private static void await(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("replica caught up within 5 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void resetStats(RedisServer server) {
        onNode(server, connection -> connection.sync().configResetstat());
    }

    private static long calls(RedisServer server, String command) {
        String info = onNode(server, connection -> connection.sync().info("commandstats"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    private static <T> T onNode(RedisServer server,
            java.util.function.Function<StatefulRedisConnection<String, String>, T> action) {
        RedisClient client = RedisClient.create(server.adminUri()); // CONFIG RESETSTAT is an admin command (ACL mode)
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection);
        } finally {
            client.shutdown();
        }
    }
}
