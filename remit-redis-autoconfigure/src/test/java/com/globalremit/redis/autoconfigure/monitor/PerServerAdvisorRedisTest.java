package com.globalremit.redis.autoconfigure.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.autoconfigure.cache.RemitCacheAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.queue.RemitQueueAutoConfiguration;
import com.globalremit.redis.autoconfigure.session.RemitRedisSessionAutoConfiguration;
import com.globalremit.redis.monitor.Finding;
import com.globalremit.redis.monitor.FindingStatus;
import com.globalremit.redis.monitor.RedisRole;
import com.globalremit.redis.test.RedisServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The cache on its own allkeys-lru server, queue and sessions on the shared server, also on allkeys-lru: the
 * advisor judges each server by the features on it, and INFO meters exist for both.
 */
class PerServerAdvisorRedisTest {

    private static RedisServer durableServer;
    private static RedisServer cacheServer;

    @BeforeAll
    static void startServers() {
        durableServer = RedisServer.builder().config("maxmemory", "64mb").config("maxmemory-policy", "allkeys-lru")
                .start();
        cacheServer = RedisServer.builder().config("maxmemory", "64mb").config("maxmemory-policy", "allkeys-lru")
                .start();
    }

    @AfterAll
    static void stopServers() {
        for (RedisServer server : new RedisServer[] { durableServer, cacheServer }) {
            if (server != null) {
                server.close();
            }
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitCacheAutoConfiguration.class, RemitRedisSessionAutoConfiguration.class,
                    RemitQueueAutoConfiguration.class, RemitRedisMonitorAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=remitadvisor",
                    "remit.redis.monitor.interval=1h", "remit.redis.monitor.advisor.log-on-startup=false",
                    "remit.redis.session.encryption.generate-dev-key=true", "remit.redis.rate-limit.enabled=false",
                    // the queue's own start-up check would refuse the evicting server; the advisor is under test
                    "remit.redis.queue.check-eviction-policy=false", "remit.redis.queue.workers-enabled=false",
                    "remit.redis.cache.defaults.near-cache=false",
                    "remit.redis.url=redis://127.0.0.1:" + durableServer.port(),
                    "remit.redis.cache.connection.url=redis://127.0.0.1:" + cacheServer.port());

    @Test
    void evictingPolicyIsCriticalOnlyWhereQueueAndSessionsLive() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            ServersAdvisor.Advice advice = context.getBean(RemitAdvisorEndpoint.class).advice();
            assertThat(advice.servers()).extracting(ServersAdvisor.ServerAdvice::connection)
                    .containsExactly("shared", "cache");
            ServersAdvisor.ServerAdvice durable = advice.servers().get(0);
            ServersAdvisor.ServerAdvice cache = advice.servers().get(1);
            assertThat(durable.features()).containsExactly("queue", "session");
            assertThat(durable.report().roles()).containsExactly(RedisRole.DURABLE);
            assertThat(durable.address()).contains(String.valueOf(durableServer.port()));
            assertThat(policy(durable).status()).isEqualTo(FindingStatus.CRITICAL);
            assertThat(policy(durable).why()).contains("EVICTING POLICY");
            assertThat(cache.features()).containsExactly("cache");
            assertThat(cache.report().roles()).containsExactly(RedisRole.CACHE);
            assertThat(cache.address()).contains(String.valueOf(cacheServer.port()));
            assertThat(policy(cache).status()).isEqualTo(FindingStatus.OK);
            assertThat(advice.worst()).isEqualTo(FindingStatus.CRITICAL);
        });
    }

    @Test
    void infoMetersForEveryServerTaggedByConnection() {
        runner.run(context -> {
            context.getBean(RedisMonitorScheduler.class).sampleNow();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Gauge shared = registry.find("remit.redis.memory.max").tag("connection", "shared").gauge();
            Gauge cache = registry.find("remit.redis.memory.max").tag("connection", "cache").gauge();
            assertThat(shared).isNotNull();
            assertThat(cache).isNotNull();
            assertThat(shared.getId().getTag("node")).endsWith(":" + durableServer.port());
            assertThat(cache.getId().getTag("node")).endsWith(":" + cacheServer.port());
            assertThat(cache.value()).isEqualTo(64.0 * 1024 * 1024);
        });
    }

    private static Finding policy(ServersAdvisor.ServerAdvice advice) {
        return advice.report().findings().stream().filter(f -> f.check().equals("maxmemory-policy")).findFirst()
                .orElseThrow();
    }
}
