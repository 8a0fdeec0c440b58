package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

@RemitRedis(topology = Topology.SENTINEL)
class RemitRedisClientSentinelRedisTest {

    @Test
    void connectsThroughTheSentinelsToThePrimaryAndWrites(RedisSentinelGroup group) {
        List<String> sentinels = group.sentinels().stream().map(s -> s.host() + ":" + s.port()).toList();
        RedisConnectionSettings settings = RedisConnectionSettings.sentinel(group.masterName(),
                sentinels.toArray(String[]::new)).build();
        try (RemitRedisClient redis = RemitRedisClient.create(settings)) {
            assertThat(redis.mode()).isEqualTo(RedisMode.SENTINEL);
            redis.syncStrings().set("client:profile:7", "written via sentinel");
            assertThat(redis.syncStrings().get("client:profile:7")).isEqualTo("written via sentinel");

            // The write landed on the primary the sentinels name, not on some other node.
            RedisServer primary = group.currentPrimary();
            assertThat(redis.syncStrings().info("server")).contains("tcp_port:" + primary.port());
            assertThat(redis.fromEachMaster(c -> c.dbsize())).hasSize(1).containsValue(1L);
        }
    }
}
