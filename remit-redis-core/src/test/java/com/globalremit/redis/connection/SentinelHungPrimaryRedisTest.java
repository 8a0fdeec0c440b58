package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import static com.globalremit.redis.connection.FailoverTestSupport.adminGet;
import static com.globalremit.redis.connection.FailoverTestSupport.awaitTrue;
import static com.globalremit.redis.connection.FailoverTestSupport.bytes;
import static com.globalremit.redis.connection.FailoverTestSupport.sentinelSettings;
import static com.globalremit.redis.connection.FailoverTestSupport.writes;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;


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
        RedisConnectionSettings settings = sentinelSettings(group).commandTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(500)).deadConnectionTimeout(Duration.ofSeconds(2)).build();
        try (RemitRedisClient redis = RemitRedisClient.create(settings)) {
            redis.sync().set("before", bytes("x"));
            RedisServer oldPrimary = group.currentPrimary();
            oldPrimary.pause();
            try {
                awaitTrue("a write within " + LIMIT + " of the primary hanging", LIMIT,
                        () -> writes(() -> redis.sync().set("during", bytes("y"))));
                RedisServer newPrimary = group.currentPrimary();
                assertThat(newPrimary.port()).isNotEqualTo(oldPrimary.port());
                assertThat(adminGet(newPrimary, "during")).isEqualTo("y");
            } finally {
                oldPrimary.resume();
            }
        }
    }
}
