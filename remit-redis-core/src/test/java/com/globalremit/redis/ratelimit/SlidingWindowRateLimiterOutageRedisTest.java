package com.globalremit.redis.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

/** Redis stopped or hung: the failure policy decides, within a bounded time, and Redis takes over again after. */
@RemitRedis
class SlidingWindowRateLimiterOutageRedisTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration PROBE = Duration.ofMillis(200);

    private static RemitRedisClient connect(RedisServer server) {
        return RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .commandTimeout(Duration.ofSeconds(5)).build());
    }

    private static SlidingWindowRateLimiter limiter(RemitRedisClient redis, FailurePolicy policy) {
        return SlidingWindowRateLimiter.builder(ScriptExecutor.create(redis)).timeout(TIMEOUT).probeInterval(PROBE)
                .failurePolicy(policy).build();
    }

    @Test
    void failOpenServesWithinLocalLimitsAndRecovers(RedisServer server) throws Exception {
        try (RemitRedisClient redis = connect(server)) {
            SlidingWindowRateLimiter limiter = limiter(redis, FailurePolicy.FAIL_OPEN);
            RateLimit limit = RateLimit.of(5, Duration.ofHours(1));
            assertThat(limiter.check("teller", "x", limit).source()).isEqualTo(RateLimitDecision.Source.REDIS);

            server.stop();
            List<RateLimitDecision> during = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                during.add(limiter.check("teller", "x", limit));
                assertThat(System.nanoTime() - start).isLessThan(TIMEOUT.plusSeconds(2).toNanos());
            }
            assertThat(during).allSatisfy(d -> assertThat(d.source())
                    .isEqualTo(RateLimitDecision.Source.LOCAL_FALLBACK));
            // The local limiter applies the same limit on its own: 5 of 8, not 8 and not 4.
            assertThat(during.stream().filter(RateLimitDecision::allowed).count()).isEqualTo(5);
            assertThat(during.get(7).retryAfterSeconds()).isPositive();
            assertThat(limiter.redisUnavailable()).isTrue();
            assertThat(limiter.failedChecks()).isGreaterThanOrEqualTo(8);

            server.restart();
            RateLimitDecision after = awaitSource(limiter, limit, RateLimitDecision.Source.REDIS);
            // The restarted server (no persistence) starts empty: Redis counts again, not the local limiter,
            // which had no room left.
            assertThat(after.allowed()).isTrue();
            assertThat(after.remaining()).isEqualTo(4);
            assertThat(limiter.redisUnavailable()).isFalse();
        }
    }

    @Test
    void failClosedDeniesAndRecovers(RedisServer server) throws Exception {
        try (RemitRedisClient redis = connect(server)) {
            SlidingWindowRateLimiter limiter = limiter(redis, FailurePolicy.FAIL_CLOSED);
            RateLimit limit = RateLimit.perMinute(100);
            assertThat(limiter.check("teller", "x", limit).allowed()).isTrue();
            server.stop();
            for (int i = 0; i < 3; i++) {
                RateLimitDecision d = limiter.check("teller", "x", limit);
                assertThat(d.allowed()).isFalse();
                assertThat(d.source()).isEqualTo(RateLimitDecision.Source.UNAVAILABLE);
                assertThat(d.retryAfterSeconds()).isPositive();
            }
            server.restart();
            RateLimitDecision after = awaitSource(limiter, limit, RateLimitDecision.Source.REDIS);
            assertThat(after.allowed()).isTrue();
        }
    }

    @Test
    void aHungRedisCostsAtMostTheLimiterTimeoutPerCheck(RedisServer server) throws Exception {
        try (RemitRedisClient redis = connect(server)) {
            // The connection would wait 5 s; the limiter gives up after its own 300 ms.
            SlidingWindowRateLimiter limiter = limiter(redis, FailurePolicy.FAIL_OPEN);
            RateLimit limit = RateLimit.perMinute(100);
            limiter.check("teller", "x", limit);
            server.pause();
            try {
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    RateLimitDecision d = limiter.check("teller", "x", limit);
                    assertThat(d.source()).isEqualTo(RateLimitDecision.Source.LOCAL_FALLBACK);
                    assertThat(System.nanoTime() - start).isLessThan(TIMEOUT.plusSeconds(2).toNanos());
                }
            } finally {
                server.resume();
            }
            assertThat(awaitSource(limiter, limit, RateLimitDecision.Source.REDIS).allowed()).isTrue();
        }
    }

    private static RateLimitDecision awaitSource(SlidingWindowRateLimiter limiter, RateLimit limit,
            RateLimitDecision.Source source) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            RateLimitDecision d = limiter.check("teller", "x", limit);
            if (d.source() == source) {
                return d;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("limiter did not return to " + source);
    }
}
