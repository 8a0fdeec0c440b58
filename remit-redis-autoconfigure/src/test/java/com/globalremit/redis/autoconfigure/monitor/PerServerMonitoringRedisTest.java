package com.globalremit.redis.autoconfigure.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.autoconfigure.cache.RemitCacheAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.queue.RemitQueueAutoConfiguration;
import com.globalremit.redis.autoconfigure.session.RemitRedisSessionAutoConfiguration;
import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertState;
import com.globalremit.redis.monitor.Finding;
import com.globalremit.redis.monitor.FindingStatus;
import com.globalremit.redis.monitor.RedisInfo;
import com.globalremit.redis.monitor.RedisRole;
import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Monitoring when features have Redis servers of their own. Two topologies:
 * <ul>
 *   <li>advisor: the cache on its own allkeys-lru server, queue and sessions on the shared server, also on
 *   allkeys-lru. The advisor judges each server by the features on it, and INFO meters exist for both;</li>
 *   <li>alerts: the queue on its own server, nearly full, nothing else on the shared server. The memory alert must
 *   fire for the queue's server (where a full noeviction Redis refuses new jobs), not stay silent because the
 *   shared server is fine: alerts, health and the endpoint cover every server.</li>
 * </ul>
 */
@ExtendWith(OutputCaptureExtension.class)
class PerServerMonitoringRedisTest {

    private static RedisServer durableServer;
    private static RedisServer cacheServer;
    private static RedisServer sharedServer;
    private static RedisServer queueServer;

    @BeforeAll
    static void startServers() {
        durableServer = RedisServer.builder().config("maxmemory", "64mb").config("maxmemory-policy", "allkeys-lru")
                .start();
        cacheServer = RedisServer.builder().config("maxmemory", "64mb").config("maxmemory-policy", "allkeys-lru")
                .start();
        sharedServer = RedisServer.builder().config("maxmemory", "1gb").start();
        queueServer = RedisServer.builder().config("maxmemory-policy", "noeviction").start();
    }

    @AfterAll
    static void stopServers() {
        Stream.of(durableServer, cacheServer, sharedServer, queueServer).filter(s -> s != null)
                .forEach(RedisServer::close);
    }

    /** What both topologies share: one monitoring round only when a test asks for it, no workers. */
    private static WebApplicationContextRunner runner(Class<?>... features) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                        RemitRedisMonitorAutoConfiguration.class))
                .withConfiguration(AutoConfigurations.of(features))
                .withPropertyValues("management.endpoints.web.exposure.include=remitadvisor,remitalerts",
                        "remit.redis.monitor.interval=1h", "remit.redis.monitor.advisor.log-on-startup=false",
                        "remit.redis.queue.workers-enabled=false");
    }

    private final WebApplicationContextRunner advisorTopology = runner(RemitCacheAutoConfiguration.class,
            RemitRedisSessionAutoConfiguration.class, RemitQueueAutoConfiguration.class,
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class)
            .withPropertyValues("remit.redis.session.encryption.generate-dev-key=true",
                    "remit.redis.rate-limit.enabled=false",
                    // the queue's own start-up check would refuse the evicting server; the advisor is under test
                    "remit.redis.queue.check-eviction-policy=false", "remit.redis.cache.defaults.near-cache=false",
                    "remit.redis.url=redis://127.0.0.1:" + durableServer.port(),
                    "remit.redis.cache.connection.url=redis://127.0.0.1:" + cacheServer.port());

    private final WebApplicationContextRunner alertsTopology = runner(RemitQueueAutoConfiguration.class)
            .withPropertyValues("remit.redis.url=redis://127.0.0.1:" + sharedServer.port(),
                    "remit.redis.queue.connection.url=redis://127.0.0.1:" + queueServer.port());

    @Test
    void evictingPolicyIsCriticalOnlyWhereQueueAndSessionsLive() {
        advisorTopology.run(context -> {
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
        advisorTopology.run(context -> {
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

    @Test
    void memoryAlertFiresForTheQueuesOwnServer(CapturedOutput output) {
        String queueNode = "127.0.0.1:" + queueServer.port();
        String sharedNode = "127.0.0.1:" + sharedServer.port();
        alertsTopology.run(context -> {
            assertThat(context).hasNotFailed();
            RedisMonitorScheduler scheduler = context.getBean(RedisMonitorScheduler.class);
            RemitRedisAlertsHealthIndicator health = context.getBean(RemitRedisAlertsHealthIndicator.class);
            scheduler.sampleNow();
            assertThat(memoryAlert(context.getBean(RemitAlertsEndpoint.class).alerts(), queueNode).state())
                    .isEqualTo(AlertState.UNKNOWN); // maxmemory 0: nothing to compare with
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

            try (RedisClient client = RedisClient.create(queueServer.adminUri());
                    StatefulRedisConnection<String, String> admin = client.connect()) {
                long used = RedisInfo.parse(admin.sync().info("memory")).longValue("used_memory").orElseThrow();
                admin.sync().configSet("maxmemory", Long.toString(used + used / 10));
                scheduler.sampleNow();

                RemitAlertsEndpoint.AlertsReport report = context.getBean(RemitAlertsEndpoint.class).alerts();
                assertThat(report.connections()).containsOnlyKeys("shared", "queue");
                assertThat(report.connections().get("queue")).containsExactly(queueNode);
                assertThat(report.connections().get("shared")).containsExactly(sharedNode);
                assertThat(memoryAlert(report, queueNode).state()).isEqualTo(AlertState.FIRING);
                assertThat(memoryAlert(report, sharedNode).state()).isEqualTo(AlertState.OK);
                assertThat(report.firing()).isPositive();
                // the queue's server has no cache on it: no hit-rate rule there, only on the shared server's
                assertThat(report.alerts()).noneMatch(a -> a.node().equals(queueNode) && a.name().equals("hit-rate"));
                assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.health(true).getDetails().get("critical").toString())
                        .contains("memory-usage@" + queueNode).doesNotContain(sharedNode);
                assertThat(output.getAll()).contains("Redis alert memory-usage FIRING on " + queueNode);
            }
        });
    }

    private static Finding policy(ServersAdvisor.ServerAdvice advice) {
        return advice.report().findings().stream().filter(f -> f.check().equals("maxmemory-policy")).findFirst()
                .orElseThrow();
    }

    private static Alert memoryAlert(RemitAlertsEndpoint.AlertsReport report, String node) {
        return report.alerts().stream().filter(a -> a.name().equals("memory-usage") && a.node().equals(node))
                .findFirst().orElseThrow(() -> new AssertionError("no memory-usage alert for " + node + " in "
                        + report.alerts()));
    }
}
