package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import static com.globalremit.redis.connection.FailoverTestSupport.admin;
import static com.globalremit.redis.connection.FailoverTestSupport.bytes;
import static com.globalremit.redis.connection.FailoverTestSupport.sentinelSettings;
import static com.globalremit.redis.connection.FailoverTestSupport.writes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

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
        try (RemitRedisClient redis = RemitRedisClient.create(
                sentinelSettings(group).commandTimeout(Duration.ofMillis(500)).build());
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

    private static long subscribersOn(RedisServer node) {
        return admin(node, c -> c.pubsubNumsub("transfers:events").getOrDefault("transfers:events", 0L));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        FailoverTestSupport.awaitTrue(what, LIMIT, condition);
    }
}
