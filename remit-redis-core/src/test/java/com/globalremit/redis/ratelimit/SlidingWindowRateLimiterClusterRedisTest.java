package com.globalremit.redis.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

@RemitRedis(topology = Topology.CLUSTER)
class SlidingWindowRateLimiterClusterRedisTest {

    @Test
    void exactlyTheLimitIsAdmittedOnAThreeMasterCluster(RedisClusterGroup cluster) throws Exception {
        assertThat(cluster.masters()).hasSize(3);
        try (RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings.cluster(cluster.nodes().stream()
                .map(n -> n.host() + ":" + n.port()).toArray(String[]::new)).build())) {
            SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.builder(ScriptExecutor.create(redis))
                    .timeout(Duration.ofSeconds(5)).build();
            for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
                List<RateLimitDecision> decisions = RateLimitExactness.concurrently(limiter, "teller-" + algorithm,
                        new RateLimit(100, Duration.ofHours(1), algorithm), 16, 1000);
                assertThat(decisions).allSatisfy(d -> assertThat(d.source()).isEqualTo(RateLimitDecision.Source.REDIS));
                assertThat(decisions.stream().filter(RateLimitDecision::allowed).count()).as(algorithm.name())
                        .isEqualTo(100);
            }
            // Callers spread over the masters: each key lives where its {caller} hash tag puts it.
            for (int i = 0; i < 30; i++) {
                assertThat(limiter.check("caller-" + i, "transfers", RateLimit.perMinute(1)).allowed()).isTrue();
            }
            assertThat(redis.fromEachMaster(c -> c.dbsize()).values()).allSatisfy(n -> assertThat(n).isPositive());
        }
    }
}
