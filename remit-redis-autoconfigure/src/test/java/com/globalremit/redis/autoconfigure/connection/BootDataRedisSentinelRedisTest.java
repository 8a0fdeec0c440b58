package com.globalremit.redis.autoconfigure.connection;

import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sentinel configured only through Boot's {@code spring.data.redis.sentinel.*}. */
@RemitRedis(topology = Topology.SENTINEL)
class BootDataRedisSentinelRedisTest {

    @Test
    void everyFeatureWorksThroughBootsSentinels(RedisSentinelGroup group) {
        String sentinels = group.sentinels().stream().map(s -> s.host() + ":" + s.port())
                .collect(Collectors.joining(","));
        EveryFeature.runner().withPropertyValues("spring.data.redis.sentinel.master=" + group.masterName(),
                "spring.data.redis.sentinel.nodes=" + sentinels).run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisConnectionSettings settings = context.getBean(RedisConnectionSettings.class);
                    assertThat(settings.mode()).isEqualTo(RedisMode.SENTINEL);
                    assertThat(settings.sentinelMasterName()).isEqualTo(group.masterName());
                    EveryFeature.eachDoOneOperation(context);
                    assertThat(keys(group.primary())).anyMatch(key -> key.contains("GBP-KES"));
                });
    }
}
