package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterGroupTest {

    @Test
    void threeMastersFormAClusterAndKeysSpreadOverAllOfThem() {
        List<Long> pids;
        RedisClusterGroup cluster = RedisClusterGroup.start(3, 0);
        try {
            pids = TestProcesses.pids(cluster.nodes());
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.masters()).hasSize(3);
            for (RedisServer node : cluster.nodes()) {
                assertThat(String.valueOf(node.call("CLUSTER", "INFO"))).contains("cluster_state:ok");
            }
            RedisClusterClient client = RedisClusterClient.create(cluster.uris());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                for (int i = 0; i < 100; i++) {
                    connection.sync().set("key-" + i, Integer.toString(i));
                }
            } finally {
                client.shutdown();
            }
            for (RedisServer master : cluster.masters()) {
                assertThat(dbSize(master)).as("keys on %s", master.name()).isPositive();
            }
            assertThat(cluster.masters().stream().mapToLong(ClusterGroupTest::dbSize).sum()).isEqualTo(100);

            cluster.flushAll();
            assertThat(cluster.masters().stream().mapToLong(ClusterGroupTest::dbSize).sum()).isZero();
        } finally {
            cluster.close();
        }
        assertThat(TestProcesses.stillAlive(pids)).isEmpty();
    }

    private static long dbSize(RedisServer node) {
        RedisClient client = RedisClient.create(node.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().dbsize();
        } finally {
            client.shutdown();
        }
    }
}
