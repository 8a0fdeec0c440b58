package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

@RemitRedis(topology = Topology.SENTINEL)
class RedisMonitorSentinelRedisTest {

    @Test
    void samplesTheCurrentPrimaryUnderItsSentinelNameAndSeesItsReplica(RedisSentinelGroup group) {
        List<String> sentinels = group.sentinels().stream().map(s -> s.host() + ":" + s.port()).toList();
        try (RemitRedisClient client = RemitRedisClient.create(RedisConnectionSettings.sentinel(group.masterName(),
                sentinels.toArray(String[]::new)).build())) {
            MonitorSample sample = RedisMonitor.create(client).sample();
            String node = "sentinel:" + group.masterName();
            assertThat(sample.nodes()).containsOnlyKeys(node);
            NodeSnapshot primary = sample.nodes().get(node).snapshot();
            assertThat(primary.info().isPrimary()).isTrue();
            assertThat(primary.info().longValue("tcp_port")).hasValue(group.currentPrimary().port());
            assertThat(primary.info().replicas()).singleElement()
                    .satisfies(r -> assertThat(r.port()).isEqualTo(group.replica().port()));
            Alert lag = new AlertEvaluator(AlertThresholds.defaults(), false).evaluate(sample).stream()
                    .filter(a -> a.name().equals("replication-lag")).findFirst().orElseThrow();
            assertThat(lag.state()).isEqualTo(AlertState.OK);
            assertThat(lag.value()).isNotNull();

            AdvisorReport advice = ConfigurationAdvisor.create(client, Set.of(RedisRole.DURABLE)).advise();
            assertThat(advice.findings()).filteredOn(f -> f.check().equals("maxmemory-policy"))
                    .singleElement().satisfies(f -> assertThat(f.node()).isEqualTo(node));
        }
    }
}
