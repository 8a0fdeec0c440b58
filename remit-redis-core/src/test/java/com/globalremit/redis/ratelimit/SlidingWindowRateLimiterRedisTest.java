package com.globalremit.redis.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

@RemitRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlidingWindowRateLimiterRedisTest {

    private RemitRedisClient redis;
    private SlidingWindowRateLimiter limiter;

    @BeforeAll
    void connect(RedisServer server) {
        redis = RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .build());
        // A generous per-check timeout: this class tests the algorithms, not the failure policy.
        limiter = SlidingWindowRateLimiter.builder(ScriptExecutor.create(redis)).keyNaming(KeyNaming.withPrefix("t"))
                .timeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void close() {
        redis.close();
    }

    @Test
    void exactlyTheLimitOfConcurrentRequestsIsAdmittedByTheLog() throws Exception {
        List<RateLimitDecision> decisions = RateLimitExactness.concurrently(limiter, "teller-1",
                RateLimit.perMinute(100), 16, 1000);
        assertThat(decisions).hasSize(1000).allSatisfy(d -> assertThat(d.source())
                .isEqualTo(RateLimitDecision.Source.REDIS));
        assertThat(decisions.stream().filter(RateLimitDecision::allowed).count()).isEqualTo(100);
        // One entry per admitted request even though many arrived in the same microsecond; rejected ones unrecorded.
        String key = limiter.key("teller-1", "transfers", RateLimit.perMinute(100));
        assertThat(redis.sync().zcard(key)).isEqualTo(100);
        assertThat(redis.sync().pttl(key)).isBetween(1L, 60_000L);
        assertThat(decisions.stream().filter(d -> !d.allowed()))
                .allSatisfy(d -> assertThat(d.retryAfterSeconds()).isBetween(1L, 60L));
    }

    @Test
    void exactlyTheLimitOfConcurrentRequestsIsAdmittedByTheCounter() throws Exception {
        // One hour: the burst cannot straddle a fixed-window boundary, where the counter is only approximate.
        RateLimit limit = new RateLimit(100, Duration.ofHours(1), RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
        List<RateLimitDecision> decisions = RateLimitExactness.concurrently(limiter, "teller-2", limit, 16, 1000);
        assertThat(decisions.stream().filter(RateLimitDecision::allowed).count()).isEqualTo(100);
        String key = limiter.key("teller-2", "transfers", limit);
        // "<window µs> <fixed window start µs> <units in it> <units in the one before>"
        assertThat(redis.syncStrings().get(key)).matches("3600000000 \\d+ 100 0");
        assertThat(redis.sync().pttl(key)).isBetween(1L, 2 * 3_600_000L);
    }

    @Test
    void theCounterTakesOverAHashWrittenByAnEarlierVersion() {
        RateLimit limit = new RateLimit(10, Duration.ofHours(1), RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
        String key = limiter.key("teller-legacy", "transfers", limit);
        long now = redisMicros();
        long window = 3_600_000_000L;
        long start = now - now % window;
        redis.syncStrings().hset(key, java.util.Map.of("w", Long.toString(window), "s", Long.toString(start),
                "c", "7", "p", "0"));
        RateLimitDecision decision = limiter.check("teller-legacy", "transfers", limit);
        assertThat(decision.source()).isEqualTo(RateLimitDecision.Source.REDIS);
        assertThat(decision.remaining()).isEqualTo(2);
        assertThat(redis.syncStrings().get(key)).isEqualTo(window + " " + start + " 8 0");
    }

    private long redisMicros() {
        List<String> time = redis.syncStrings().time();
        return Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));
    }

    @Test
    void decisionsCarryRemainingResetAndRetryAfter() {
        RateLimit limit = RateLimit.of(3, Duration.ofSeconds(30));
        long before = System.currentTimeMillis() / 1000;
        RateLimitDecision first = limiter.check("teller-3", "rates", limit);
        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isEqualTo(2);
        assertThat(first.limit()).isEqualTo(3);
        // Epoch seconds when the window is clear again: about 30 s from now (clocks of one host).
        assertThat(first.resetEpochSeconds()).isBetween(before + 25, before + 35);
        assertThat(limiter.check("teller-3", "rates", limit).remaining()).isEqualTo(1);
        assertThat(limiter.check("teller-3", "rates", limit).remaining()).isZero();
        RateLimitDecision denied = limiter.check("teller-3", "rates", limit);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.remaining()).isZero();
        assertThat(denied.retryAfterSeconds()).isBetween(25L, 30L);
        // Another endpoint group and another caller have their own windows.
        assertThat(limiter.check("teller-3", "transfers", limit).allowed()).isTrue();
        assertThat(limiter.check("teller-4", "rates", limit).allowed()).isTrue();
    }

    @Test
    void theLogsResetIsWhenTheNewestCountedRequestLeavesTheWindow() throws InterruptedException {
        RateLimit limit = RateLimit.of(2, Duration.ofSeconds(30));
        RateLimitDecision first = limiter.check("teller-5", "rates", limit);
        Thread.sleep(1100);
        RateLimitDecision second = limiter.check("teller-5", "rates", limit);
        // The whole limit is back only when the second request has left too: a second later than the first's reset.
        assertThat(second.resetEpochSeconds()).isGreaterThan(first.resetEpochSeconds());
        RateLimitDecision denied = limiter.check("teller-5", "rates", limit);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.resetEpochSeconds()).isEqualTo(second.resetEpochSeconds());
        // Retrying waits only for the oldest request, so it comes before the reset.
        assertThat(denied.retryAfterSeconds()).isLessThan(denied.resetEpochSeconds() - System.currentTimeMillis() / 1000);
    }

    @Test
    void aRequestMayCostMoreThanOne() {
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            RateLimit limit = new RateLimit(10, Duration.ofHours(1), algorithm);
            String caller = "bulk-" + algorithm;
            assertThat(limiter.check(caller, "batch", limit, 4).remaining()).isEqualTo(6);
            assertThat(limiter.check(caller, "batch", limit, 4).remaining()).isEqualTo(2);
            long now = System.currentTimeMillis() / 1000;
            RateLimitDecision denied = limiter.check(caller, "batch", limit, 4);
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.remaining()).isEqualTo(2);
            // Needs the two oldest units gone: for the log about an hour; for the counter the next fixed window.
            assertThat(denied.retryAfterSeconds()).isBetween(1L, 7200L);
            assertThat(denied.resetEpochSeconds()).isBetween(now, now + 3601);
            if (algorithm == RateLimitAlgorithm.SLIDING_LOG) {
                assertThat(denied.retryAfterSeconds()).isBetween(3590L, 3600L);
                assertThat(denied.resetEpochSeconds()).isBetween(now + 3590, now + 3601);
            }
            RateLimitDecision rest = limiter.check(caller, "batch", limit, 2);
            assertThat(rest.allowed()).isTrue();
            assertThat(rest.remaining()).isZero();
        }
        assertThat(redis.sync().zcard(limiter.key("bulk-SLIDING_LOG", "batch",
                new RateLimit(10, Duration.ofHours(1), RateLimitAlgorithm.SLIDING_LOG))))
                .isEqualTo(10);
        assertThat(limiter.check("big", "batch", RateLimit.perMinute(3000), 2500).remaining()).isEqualTo(500);
        assertThat(redis.sync().zcard(limiter.key("big", "batch", RateLimit.perMinute(3000)))).isEqualTo(2500);
    }

    @Test
    void limitsOfDifferentWindowsOnOneCallerAndGroupDoNotResetEachOther() throws Exception {
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            String caller = "two-windows-" + algorithm;
            RateLimit hourly = new RateLimit(3, Duration.ofHours(1), algorithm);
            RateLimit perMillisecond = new RateLimit(100, Duration.ofMillis(1), algorithm);
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.check(caller, "x", hourly).allowed()).isTrue();
            }
            // Past the short window: sharing one key, the log trimmed the hourly entries with it and the counter
            // started afresh on the changed window, so the hourly check below admitted again.
            awaitNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
            assertThat(limiter.check(caller, "x", perMillisecond).allowed()).isTrue();
            RateLimitDecision again = limiter.check(caller, "x", hourly);
            assertThat(again.source()).isEqualTo(RateLimitDecision.Source.REDIS);
            assertThat(again.allowed()).as(algorithm + ": hourly limit after a check with another window").isFalse();
            assertThat(limiter.key(caller, "x", hourly)).isNotEqualTo(limiter.key(caller, "x", perMillisecond));
        }
    }

    @Test
    void capacityReturnsAsOldRequestsLeaveTheWindowNotAllAtOnce() throws Exception {
        RateLimit limit = RateLimit.of(3, Duration.ofSeconds(2));
        long firstAt = System.nanoTime();
        assertThat(limiter.check("slider", "x", limit).allowed()).isTrue();
        awaitNanos(firstAt + TimeUnit.MILLISECONDS.toNanos(1000));
        assertThat(limiter.check("slider", "x", limit).allowed()).isTrue();
        assertThat(limiter.check("slider", "x", limit).allowed()).isTrue();
        assertThat(limiter.check("slider", "x", limit).allowed()).isFalse();

        RateLimitDecision next = pollUntilAllowed(limit, "slider", Duration.ofSeconds(10));
        // Only the first request has left (after its 2 s); the two later ones are still inside the window.
        assertThat(System.nanoTime() - firstAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1900));
        assertThat(next.remaining()).isZero();
        assertThat(limiter.check("slider", "x", limit).allowed()).isFalse();
    }

    @Test
    void deniedRequestsDoNotExtendTheBlock() {
        RateLimit limit = RateLimit.of(2, Duration.ofSeconds(1));
        String key = limiter.key("retrier", "x", limit);
        long start = System.nanoTime();
        assertThat(limiter.check("retrier", "x", limit).allowed()).isTrue();
        assertThat(limiter.check("retrier", "x", limit).allowed()).isTrue();
        // A client retrying as fast as it can: with the design document's snippet every retry is recorded and the
        // client stays blocked for as long as it keeps retrying.
        int denied = 0;
        RateLimitDecision d;
        while (!(d = limiter.check("retrier", "x", limit)).allowed()) {
            denied++;
            assertThat(redis.sync().zcard(key)).isLessThanOrEqualTo(2);
            assertThat(System.nanoTime() - start).as("still blocked").isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
        assertThat(denied).isPositive();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        assertThat(d.source()).isEqualTo(RateLimitDecision.Source.REDIS);
    }

    @Test
    void aCallerRetryingWhileDeniedIsAnsweredWithoutARoundTripUntilCapacityReturns() throws Exception {
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            RateLimit limit = new RateLimit(2, Duration.ofSeconds(2), algorithm);
            String caller = "hammer-" + algorithm;
            while (limiter.check(caller, "x", limit).allowed()) {
                // use up the window
            }
            long before = evalshaCalls();
            long start = System.nanoTime();
            int local = 0;
            RateLimitDecision d;
            while (!(d = limiter.check(caller, "x", limit)).allowed()) {
                assertThat(d.retryAfterSeconds()).isBetween(1L, 4L);
                assertThat(d.remaining()).isZero();
                local++;
                assertThat(System.nanoTime() - start).as("still denied").isLessThan(TimeUnit.SECONDS.toNanos(10));
                Thread.sleep(1);
            }
            // Hundreds of denied retries, a handful of round trips (one per expiry of a remembered denial).
            assertThat(local).as(algorithm.name()).isGreaterThan(100);
            assertThat(evalshaCalls() - before).as(algorithm.name()).isLessThan(10);
        }
        // Switched off, every check is a round trip.
        SlidingWindowRateLimiter plain = SlidingWindowRateLimiter.builder(ScriptExecutor.create(redis))
                .timeout(Duration.ofSeconds(5)).rememberDenials(false).build();
        RateLimit limit = RateLimit.of(1, Duration.ofMinutes(1));
        plain.check("plain", "x", limit);
        long before = evalshaCalls();
        for (int i = 0; i < 20; i++) {
            assertThat(plain.check("plain", "x", limit).allowed()).isFalse();
        }
        assertThat(evalshaCalls() - before).isEqualTo(20);
    }

    private long evalshaCalls() {
        for (String line : redis.syncStrings().info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void theCounterSlidesWithAWeightedPreviousWindow() throws Exception {
        RateLimit limit = new RateLimit(4, Duration.ofSeconds(1), RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
        int admitted = 0;
        while (limiter.check("counter", "x", limit).allowed()) {
            admitted++;
        }
        assertThat(admitted).isBetween(1, 4);
        RateLimitDecision denied = limiter.check("counter", "x", limit);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfterSeconds()).isBetween(1L, 2L);
        RateLimitDecision later = pollUntilAllowed(limit, "counter", Duration.ofSeconds(10));
        assertThat(later.source()).isEqualTo(RateLimitDecision.Source.REDIS);
    }

    @Test
    void invalidRequestsAreRefusedWithAClearError() {
        RateLimit limit = RateLimit.perMinute(5);
        assertThatThrownBy(() -> limiter.check("", "x", limit)).hasMessageContaining("caller must not be empty");
        assertThatThrownBy(() -> limiter.check("a", "", limit)).hasMessageContaining("endpoint must not be empty");
        assertThatThrownBy(() -> limiter.check("a", "x", limit, 0)).hasMessageContaining("cost");
        assertThatThrownBy(() -> limiter.check("a", "x", limit, 6)).hasMessageContaining("cost");
    }

    private RateLimitDecision pollUntilAllowed(RateLimit limit, String caller, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            RateLimitDecision d = limiter.check(caller, "x", limit);
            if (d.allowed()) {
                return d;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no capacity returned within " + max);
    }

    private static void awaitNanos(long at) throws InterruptedException {
        long left;
        while ((left = at - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000L));
        }
    }
}
