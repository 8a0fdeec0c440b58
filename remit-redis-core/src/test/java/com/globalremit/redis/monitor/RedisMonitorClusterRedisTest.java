package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

@RemitRedis(topology = Topology.CLUSTER, masters = 3, replicasPerMaster = 1)
class RedisMonitorClusterRedisTest {

    @Test
    void samplesEveryMasterAndReplicaSeparately(RedisClusterGroup cluster) {
        String[] seeds = cluster.masters().stream().map(s -> s.host() + ":" + s.port()).toArray(String[]::new);
        try (RemitRedisClient client = RemitRedisClient.create(RedisConnectionSettings.cluster(seeds).build())) {
            RedisMonitor monitor = RedisMonitor.create(client);
            monitor.sample();
            for (int i = 0; i < 300; i++) {
                client.syncStrings().get("missing:" + i); // spread over the three masters by hash slot
            }
            MonitorSample sample = monitor.sample();
            Set<String> expected = cluster.masters().stream().map(s -> s.host() + ":" + s.port())
                    .collect(Collectors.toSet());
            Set<String> replicas = cluster.replicas().stream().map(s -> s.host() + ":" + s.port())
                    .collect(Collectors.toSet());
            assertThat(sample.nodes().keySet()).hasSize(6).containsAll(expected).containsAll(replicas);
            assertThat(sample.failures()).isEmpty();
            long misses = sample.nodes().entrySet().stream().filter(e -> expected.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().interval().misses()).sum();
            assertThat(misses).isEqualTo(300);
            assertThat(expected).allSatisfy(node -> assertThat(sample.nodes().get(node).interval().misses())
                    .isPositive());
            assertThat(replicas).allSatisfy(node -> {
                NodeSnapshot replica = sample.nodes().get(node).snapshot();
                assertThat(replica.info().isPrimary()).isFalse();
                assertThat(replica.replicationLagSeconds()).isNotNull().isLessThan(5);
            });
            assertThat(expected).allSatisfy(node -> assertThat(sample.nodes().get(node).snapshot().info().replicas())
                    .hasSize(1));
            assertThat(new AdvisorCheck(client).nodes()).isEqualTo(expected);
        }
    }

    /** The advisor checks each master too. */
    private record AdvisorCheck(RemitRedisClient client) {
        Set<String> nodes() {
            return ConfigurationAdvisor.create(client, Set.of(RedisRole.CACHE)).advise().findings().stream()
                    .filter(f -> f.check().equals("maxmemory-policy")).map(Finding::node)
                    .collect(Collectors.toSet());
        }
    }

}
