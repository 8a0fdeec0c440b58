package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * After {@code SENTINEL FAILOVER} the old primary stays up as a replica. One write refused with READONLY must move
 * every connection of the client to the new primary: the shared one, an idle dedicated one and a Pub/Sub one
 * (which would otherwise stay subscribed on the demoted node).
 */
@RemitRedis(topology = Topology.SENTINEL)
class SentinelPlannedFailoverRedisTest {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    @Test
    void everyConnectionFollowsThePromotedPrimary(RedisSentinelGroup group) throws Exception {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(group));
                CommandConnection<byte[]> dedicated = redis.connectDedicated();
                StatefulRedisPubSubConnection<String, byte[]> subscriber = redis.connectPubSub()) {
            subscriber.sync().subscribe("transfers:events");
            dedicated.sync().set("before", bytes("x"));
            RedisServer oldPrimary = group.currentPrimary();

            group.failover();
            RedisServer newPrimary = group.currentPrimary();
            assertThat(newPrimary.port()).isNotEqualTo(oldPrimary.port());

            awaitTrue("a write on the shared connection", () -> writes(() -> redis.sync().set("k", bytes("v"))));
            // The dedicated connection sent nothing since the failover: it moved because the shared one saw READONLY.
            awaitTrue("a write on the dedicated connection", () -> writes(() -> dedicated.sync().set("d", bytes("v"))));
            awaitTrue("the subscription on the new primary", () -> subscribersOn(newPrimary) == 1);
            assertThat(subscribersOn(oldPrimary)).isZero();
        }
    }

    private static boolean writes(Runnable write) {
        try {
            write.run();
            return true;
        } catch (RedisException e) {
            return false;
        }
    }

    private static long subscribersOn(RedisServer node) {
        RedisClient admin = RedisClient.create(node.adminUri());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            Map<String, Long> counts = connection.sync().pubsubNumsub("transfers:events");
            return counts.getOrDefault("transfers:events", 0L);
        } finally {
            admin.shutdown();
        }
    }

    private static RedisConnectionSettings settings(RedisSentinelGroup group) {
        RedisConnectionSettings.Builder settings = RedisConnectionSettings.sentinel(group.masterName(),
                group.sentinels().stream().map(s -> s.host() + ":" + s.port()).toArray(String[]::new));
        // The harness's URI carries the app user under -Dremit.redis.test.acl=app.
        RedisURI uri = group.uri();
        if (uri.getUsername() != null) {
            settings.username(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            settings.password(uri.getPassword());
        }
        return settings.commandTimeout(Duration.ofMillis(500)).build();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
