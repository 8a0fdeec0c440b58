package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A primary that hangs (SIGSTOP: its kernel still acknowledges every packet, so the socket never breaks) must be
 * left once the sentinels have promoted the replica. Before the dead-connection watchdog every write timed out for
 * minutes: nothing closed the old socket, so the client never asked the sentinels again. The extension resumes the
 * old primary and demotes it before the next test.
 */
@RemitRedis(topology = Topology.SENTINEL)
class SentinelHungPrimaryRedisTest {

    /** Sentinels call the primary down after 2 s and elect within a few more; the watchdog needs 2 s of timeouts. */
    private static final Duration LIMIT = Duration.ofSeconds(25);

    @Test
    void writesReachThePromotedReplicaWhileTheOldPrimaryHangs(RedisSentinelGroup group) throws Exception {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(group))) {
            redis.sync().set("before", bytes("x"));
            RedisServer oldPrimary = group.currentPrimary();
            oldPrimary.pause();
            try {
                long start = System.nanoTime();
                boolean written = false;
                while (!written && System.nanoTime() - start < LIMIT.toNanos()) {
                    try {
                        redis.sync().set("during", bytes("y"));
                        written = true;
                    } catch (RedisException e) {
                        Thread.sleep(250);
                    }
                }
                assertThat(written).as("a write succeeded within %s of the primary hanging", LIMIT).isTrue();
                RedisServer newPrimary = group.currentPrimary();
                assertThat(newPrimary.port()).isNotEqualTo(oldPrimary.port());
                assertThat(get(newPrimary, "during")).isEqualTo("y");
            } finally {
                oldPrimary.resume();
            }
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
        return settings.commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
                .deadConnectionTimeout(Duration.ofSeconds(2)).build();
    }

    private static String get(RedisServer node, String key) {
        RedisClient admin = RedisClient.create(node.adminUri());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            return connection.sync().get(key);
        } finally {
            admin.shutdown();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
