package com.globalremit.redis.autoconfigure.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RemitRedisHealthIndicatorTest {

    private static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitRedisHealthContributorAutoConfiguration.class));

    @Test
    void readsFieldsOfAnInfoReply() {
        String info = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n";
        assertThat(RemitRedisHealthIndicator.field(info, "redis_version")).isEqualTo("7.0.15");
        assertThat(RemitRedisHealthIndicator.field(info, "missing")).isEqualTo("unknown");
    }

    @Nested
    @RemitRedis
    class Standalone {

        @Test
        void upWithVersionThenDownWhenRedisStops(RedisServer server) {
            RUNNER.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                    "remit.redis.command-timeout=500ms").run(context -> {
                        RemitRedisHealthIndicator indicator = context.getBean(RemitRedisHealthIndicator.class);
                        Health up = indicator.health(true);
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat(up.getDetails()).containsEntry("mode", "standalone").containsKey("version");
                        assertThat((String) up.getDetails().get("version")).isNotEqualTo("unknown");

                        server.stop();
                        try {
                            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
                        }
                        finally {
                            server.restart();
                        }
                    });
        }

        @Test
        void canBeSwitchedOff(RedisServer server) {
            RUNNER.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                    "management.health.remit-redis.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean(RemitRedisHealthIndicator.class));
        }
    }

    @Nested
    @RemitRedis(topology = Topology.CLUSTER)
    class Cluster {

        @Test
        void upOnAHealthyCluster(RedisClusterGroup cluster) {
            String nodes = cluster.uris().stream().map(uri -> uri.getHost() + ":" + uri.getPort())
                    .collect(Collectors.joining(","));
            RUNNER.withPropertyValues("remit.redis.mode=cluster", "remit.redis.cluster.nodes=" + nodes).run(context -> {
                Health health = context.getBean(RemitRedisHealthIndicator.class).health(true);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("mode", "cluster").containsEntry("clusterState", "ok");
            });
        }
    }
}
