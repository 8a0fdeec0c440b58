package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;

@RemitRedis
class RedisMonitorRedisTest {

    private StatefulRedisConnection<String, String> admin;

    private static RemitRedisClient client(RedisServer server) {
        return RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .build());
    }

    private static Alert named(List<Alert> alerts, String name) {
        return alerts.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void intervalFiguresReflectWhatHappenedBetweenSamples(RedisServer server) {
        try (RemitRedisClient client = client(server)) {
            RedisMonitor monitor = RedisMonitor.create(client);
            AlertEvaluator alerts = new AlertEvaluator(AlertThresholds.defaults(), true);
            MonitorSample first = monitor.sample();
            String node = server.host() + ":" + server.port();
            assertThat(first.nodes()).containsOnlyKeys(node);
            assertThat(first.nodes().get(node).interval()).isNull();
            assertThat(named(alerts.evaluate(first), "hit-rate").state()).isEqualTo(AlertState.UNKNOWN);

            admin.sync().set("present", "1");
            for (int i = 0; i < 20; i++) {
                admin.sync().get("present");
            }
            for (int i = 0; i < 180; i++) {
                admin.sync().get("missing:" + i);
            }
            admin.sync().set("text", "x");
            for (int i = 0; i < 5; i++) {
                try {
                    admin.sync().incr("text");
                } catch (RedisCommandExecutionException expected) {
                    // ERR value is not an integer: counted in total_error_replies
                }
            }

            MonitorSample second = monitor.sample();
            IntervalStats interval = second.nodes().get(node).interval();
            assertThat(interval).isNotNull();
            assertThat(interval.hits()).isEqualTo(20);
            assertThat(interval.misses()).isEqualTo(180);
            assertThat(interval.hitRatio()).isEqualTo(0.1);
            assertThat(interval.commandsPerSecond()).isPositive();
            assertThat(interval.failedCommandsPerMinute()).isPositive();
            assertThat(second.nodes().get(node).snapshot().maxClients()).isPositive();

            Alert hitRate = named(alerts.evaluate(second), "hit-rate");
            assertThat(hitRate.state()).isEqualTo(AlertState.FIRING);
            assertThat(hitRate.value()).isEqualTo(10.0);
        }
    }

    @Test
    void memoryAlertFiresWithASmallMaxmemory(RedisServer server) {
        try (RemitRedisClient client = client(server)) {
            long used = RedisInfo.parse(admin.sync().info("memory")).longValue("used_memory").orElseThrow();
            // A limit just above current use (the alert reads, the test sets: the monitor never changes config).
            admin.sync().configSet("maxmemory", Long.toString(used + used / 10));
            try {
                RedisMonitor monitor = RedisMonitor.create(client);
                Alert memory = named(new AlertEvaluator(AlertThresholds.defaults(), false).evaluate(monitor.sample()),
                        "memory-usage");
                assertThat(memory.state()).isEqualTo(AlertState.FIRING);
                assertThat(memory.value()).isGreaterThan(80.0);
                assertThat(memory.severity()).isEqualTo(AlertSeverity.CRITICAL);
            } finally {
                admin.sync().configSet("maxmemory", "0");
            }
            Alert relaxed = named(new AlertEvaluator(AlertThresholds.defaults(), false)
                    .evaluate(RedisMonitor.create(client).sample()), "memory-usage");
            assertThat(relaxed.state()).isEqualTo(AlertState.UNKNOWN); // no limit: nothing to compare with
        }
    }

    @Test
    void replicaLinesAreReadFromARealPrimary(RedisServer server) throws InterruptedException {
        try (RedisServer replica = RedisServer.builder().replicaOf(server.host(), server.port()).start();
                RemitRedisClient client = client(server)) {
            RedisMonitor monitor = RedisMonitor.create(client);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (monitor.sample().nodes().values().iterator().next().snapshot().info().replicas().stream()
                    .noneMatch(r -> r.state().equals("online")) && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling until the replica is online, not a wait for correctness
            }
            NodeSnapshot snapshot = monitor.latest().nodes().values().iterator().next().snapshot();
            assertThat(snapshot.info().replicas()).singleElement()
                    .satisfies(link -> assertThat(link.port()).isEqualTo(replica.port()));
            assertThat(snapshot.replicationLagSeconds()).isNotNull().isLessThan(5);
            assertThat(snapshot.replicationLagBytes()).isNotNull().isNotNegative();
        }
    }

    @Test
    void replicaOfADeadPrimaryFiresTheReplicationLagAlert(RedisServer server) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // closed again before REPLICAOF: nothing listens there
        }
        admin.sync().replicaof("127.0.0.1", closedPort);
        try (RemitRedisClient client = client(server)) {
            NodeSnapshot snapshot = RedisMonitor.create(client).sample().nodes().values().iterator().next()
                    .snapshot();
            assertThat(snapshot.info().string("master_link_status")).contains("down");
            assertThat(snapshot.info().longValue("master_last_io_seconds_ago")).hasValue(-1);
            assertThat(snapshot.replicationLinkDown()).isTrue();
            assertThat(snapshot.replicationLagSeconds()).isNull(); // never up: -1 is not a lag
            Alert lag = named(new AlertEvaluator(AlertThresholds.defaults(), false)
                    .evaluate(RedisMonitor.create(client).sample()), "replication-lag");
            assertThat(lag.state()).isEqualTo(AlertState.FIRING);
        } finally {
            admin.sync().replicaofNoOne();
        }
    }

    @Test
    void unreachableServerIsAFailureNotAnException(RedisServer server) {
        try (RemitRedisClient client = client(server)) {
            RedisMonitor monitor = RedisMonitor.create(client);
            server.stop();
            MonitorSample sample = monitor.sample();
            assertThat(sample.nodes()).isEmpty();
            assertThat(sample.failures()).hasSize(1);
            assertThat(new AlertEvaluator(AlertThresholds.defaults(), true).evaluate(sample))
                    .extracting(Alert::state).containsOnly(AlertState.UNKNOWN);
            assertThat(Set.copyOf(sample.failures().values()).iterator().next()).doesNotContain("password");
        }
    }
}
