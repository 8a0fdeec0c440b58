package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Container mode. Where Docker runs, a real container is started; where it does not (as on the
 * development machine), the failure must be immediate and say what to do.
 */
class ContainerModeTest {

    @AfterEach
    void clearMode() {
        System.clearProperty(ContainerMode.MODE_PROPERTY);
        System.clearProperty(ContainerMode.IMAGE_PROPERTY);
    }

    @Test
    void standaloneRunsInAContainerOrFailsClearlyWithoutDocker() {
        System.setProperty(ContainerMode.MODE_PROPERTY, "container");
        if (ContainerMode.dockerAvailable()) {
            try (RedisServer server = RedisServer.builder().password("pw").start()) {
                assertThat(server.origin()).isEqualTo("container " + ContainerMode.DEFAULT_IMAGE);
                RedisClient client = RedisClient.create(server.uri());
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    assertThat(connection.sync().ping()).isEqualTo("PONG");
                } finally {
                    client.shutdown();
                }
                assertThatThrownBy(server::kill).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("container mode");
            }
        } else {
            assertThatThrownBy(() -> RedisServer.builder().start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no reachable Docker engine")
                    .hasMessageContaining("REMIT_REDIS_SERVER");
        }
    }

    @Test
    void sentinelAndClusterRefuseContainerMode() {
        System.setProperty(ContainerMode.MODE_PROPERTY, "container");
        assertThatThrownBy(RedisSentinelGroup::start).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SENTINEL is not supported in container mode");
        assertThatThrownBy(() -> RedisClusterGroup.start(3, 0)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("CLUSTER is not supported in container mode");
    }

    @Test
    void theImageCanBeOverridden() {
        assertThat(ContainerMode.image()).isEqualTo("redis:7.4");
        System.setProperty(ContainerMode.IMAGE_PROPERTY, "redis:6.2");
        assertThat(ContainerMode.image()).isEqualTo("redis:6.2");
    }

    @Test
    void anExplicitBinaryNeverUsesAContainer() {
        System.setProperty(ContainerMode.MODE_PROPERTY, "container");
        try (RedisServer server = RedisServer.builder().binary(RedisBinary.locate()).start()) {
            assertThat(server.origin()).startsWith("redis-server ");
        }
    }
}
