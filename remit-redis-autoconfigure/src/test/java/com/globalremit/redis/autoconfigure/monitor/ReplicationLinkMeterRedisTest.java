package com.globalremit.redis.autoconfigure.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.RedisMonitor;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A replica whose link to its primary has never been up has no lag (NaN), so a rule on the lag never fires for it;
 * the link gauge says 0 there.
 */
@RemitRedis
class ReplicationLinkMeterRedisTest {

    private StatefulRedisConnection<String, String> admin;

    @Test
    void replicaOfAClosedPortReportsItsLinkDown(RedisServer server) throws Exception {
        String node = server.host() + ":" + server.port();
        try (RemitRedisClient client = RemitRedisClient.create(
                RedisConnectionSettings.standalone(node).build())) {
            RedisMonitor monitor = RedisMonitor.create(client);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisInfoMeters meters = new RedisInfoMeters(monitor);
            meters.bindTo(registry);
            meters.register(monitor.sample());
            assertThat(registry.get("remit.redis.replication.link.up").tag("node", node).gauge().value())
                    .as("a primary has no link").isNaN();

            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort(); // closed again before REPLICAOF: nothing listens there
            }
            admin.sync().replicaof("127.0.0.1", closedPort);
            try {
                monitor.sample();
                assertThat(registry.get("remit.redis.replication.lag").tag("node", node).gauge().value()).isNaN();
                assertThat(registry.get("remit.redis.replication.link.up").tag("node", node).gauge().value())
                        .isEqualTo(0.0);
            } finally {
                admin.sync().replicaofNoOne();
            }
        }
    }
}
