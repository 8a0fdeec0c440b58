package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

@RemitRedis(topology = Topology.CLUSTER)
class RemitRedisClientClusterRedisTest {

    private static RedisConnectionSettings settings(RedisClusterGroup cluster) {
        return RedisConnectionSettings.cluster(cluster.nodes().stream().map(n -> n.host() + ":" + n.port())
                .toArray(String[]::new)).build();
    }

    @Test
    void writesThroughTheFeatureFacingInterfaceReachEveryMaster(RedisClusterGroup cluster) throws Exception {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(cluster))) {
            assertThat(redis.mode()).isEqualTo(RedisMode.CLUSTER);
            RedisClusterCommands<String, byte[]> commands = redis.sync();
            for (int i = 0; i < 60; i++) {
                commands.set("client:profile:" + i, new byte[] {(byte) i});
            }
            List<RedisFuture<String>> pending = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pending.add(redis.asyncStrings().set("client:name:" + i, "n" + i));
            }
            for (RedisFuture<String> f : pending) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
            }
            assertThat(commands.get("client:profile:42")).containsExactly(42);
            assertThat(redis.syncStrings().get("client:name:59")).isEqualTo("n59");

            Map<String, Long> sizes = redis.fromEachMaster(c -> c.dbsize());
            List<String> masterAddresses = cluster.masters().stream().map(m -> m.host() + ":" + m.port()).toList();
            assertThat(sizes.keySet()).containsExactlyInAnyOrderElementsOf(masterAddresses);
            assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isPositive());
            assertThat(sizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(120);
        }
    }

    @Test
    void forEachMasterVisitsThreeDistinctMasters(RedisClusterGroup cluster) {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(cluster))) {
            List<String> runIds = new ArrayList<>();
            redis.forEachMaster(c -> {
                String info = c.info("server");
                runIds.add(info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow());
                assertThat(c.info("replication")).contains("role:master");
            });
            assertThat(runIds).hasSize(3).doesNotHaveDuplicates();
        }
    }
}
