package com.globalremit.redis.autoconfigure.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;
import org.junit.jupiter.api.Test;

/** A 3-master cluster configured only through Boot's {@code spring.data.redis.cluster.nodes}. */
@RemitRedis(topology = Topology.CLUSTER)
class BootDataRedisClusterRedisTest {

    @Test
    void everyFeatureWorksOnBootsClusterNodes(RedisClusterGroup cluster) {
        RedisServer seed = cluster.masters().get(0);
        EveryFeature.runner().withPropertyValues("spring.data.redis.cluster.nodes=" + seed.host() + ":" + seed.port())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisConnectionSettings settings = context.getBean(RedisConnectionSettings.class);
                    assertThat(settings.mode()).isEqualTo(RedisMode.CLUSTER);
                    EveryFeature.eachDoOneOperation(context);
                });
    }
}
