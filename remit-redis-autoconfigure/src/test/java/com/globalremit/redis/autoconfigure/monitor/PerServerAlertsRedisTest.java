package com.globalremit.redis.autoconfigure.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.queue.RemitQueueAutoConfiguration;
import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertState;
import com.globalremit.redis.monitor.RedisInfo;
import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The queue on its own server, nearly full; nothing else on the shared server. The memory alert must fire for
 * the queue's server (where a full noeviction Redis refuses new jobs), not stay silent because the shared server
 * is fine: alerts, health and the endpoint cover every server.
 */
@ExtendWith(OutputCaptureExtension.class)
class PerServerAlertsRedisTest {

    private static RedisServer sharedServer;
    private static RedisServer queueServer;

    @BeforeAll
    static void startServers() {
        sharedServer = RedisServer.builder().config("maxmemory", "1gb").start();
        queueServer = RedisServer.builder().config("maxmemory-policy", "noeviction").start();
    }

    @AfterAll
    static void stopServers() {
        for (RedisServer server : new RedisServer[] { sharedServer, queueServer }) {
            if (server != null) {
                server.close();
            }
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitQueueAutoConfiguration.class, RemitRedisMonitorAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=remitalerts",
                    "remit.redis.monitor.interval=1h", "remit.redis.monitor.advisor.log-on-startup=false",
                    "remit.redis.queue.workers-enabled=false",
                    "remit.redis.url=redis://127.0.0.1:" + sharedServer.port(),
                    "remit.redis.queue.connection.url=redis://127.0.0.1:" + queueServer.port());

    @Test
    void memoryAlertFiresForTheQueuesOwnServer(CapturedOutput output) {
        String queueNode = "127.0.0.1:" + queueServer.port();
        String sharedNode = "127.0.0.1:" + sharedServer.port();
        runner.run(context -> {
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

    private static Alert memoryAlert(RemitAlertsEndpoint.AlertsReport report, String node) {
        return report.alerts().stream().filter(a -> a.name().equals("memory-usage") && a.node().equals(node))
                .findFirst().orElseThrow(() -> new AssertionError("no memory-usage alert for " + node + " in "
                        + report.alerts()));
    }
}
