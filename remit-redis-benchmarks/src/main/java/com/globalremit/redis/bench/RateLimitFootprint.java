package com.globalremit.redis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.RateLimitAlgorithm;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.test.RedisServer;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * Not a JMH benchmark: two measurements for docs/rate-limiting.md, against a private redis-server.
 *
 * <ol>
 *   <li>Memory per key at the system tier (5000 per minute) when the caller has used its whole budget,
 *       from {@code MEMORY USAGE key SAMPLES 0}, for each algorithm and the peers.</li>
 *   <li>The sliding-window counter's error: traffic above the limit (random arrivals at twice the limit, then
 *       bursts in the last 100 ms of each fixed window) against limit 50 per 1 s window; the largest number of
 *       admissions in any 1 s sliding window (exact: at most 50), for the log and the counter. Times are taken
 *       on the client when the answer arrives, so the exact log can show one more than the limit.</li>
 * </ol>
 *
 * Run: {@code java -cp remit-redis-benchmarks/target/benchmarks.jar com.globalremit.redis.bench.RateLimitFootprint}
 */
public final class RateLimitFootprint {

    private RateLimitFootprint() {
    }

    public static void main(String[] args) throws Exception {
        try (RedisServer server = RedisServer.builder().start();
                RemitRedisClient remit = RemitRedisClient.create(RedisConnectionSettings
                        .standalone(server.host() + ":" + server.port()).build())) {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect();
                    StatefulRedisConnection<String, byte[]> bytes = client
                            .connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
                RedisCommands<String, String> redis = connection.sync();
                System.out.println("redis " + RedisBenchmarkState.infoField(redis.info("server"), "redis_version"));
                SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.builder(ScriptExecutor.create(remit))
                        .timeout(Duration.ofSeconds(10)).build();
                memory(redis, bytes, limiter);
                approximation(limiter);
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    private static void memory(RedisCommands<String, String> redis, StatefulRedisConnection<String, byte[]> bytes,
            SlidingWindowRateLimiter limiter) {
        RateLimit system = RateLimit.perMinute(5000);
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            for (int i = 0; i < 5000; i++) {
                limiter.check("user-42", "transfers", system.withAlgorithm(algorithm));
            }
            String key = limiter.key("user-42", "transfers", system.withAlgorithm(algorithm));
            System.out.printf("memory %-22s %8d bytes (%s)%n", algorithm, memoryUsage(redis, key), key);
        }
        // The document's snippet: member = score = millisecond timestamp, so same-millisecond requests collapse.
        String doc = "rate_limit:user-42:transfers";
        for (int i = 0; i < 5000; i++) {
            long now = System.currentTimeMillis();
            redis.zadd(doc, now, Long.toString(now));
        }
        System.out.printf("memory %-22s %8d bytes (%d entries of 5000 requests: the rest collided)%n",
                "document-snippet", memoryUsage(redis, doc), redis.zcard(doc));
        var proxies = Bucket4jLettuce.casBasedBuilder(bytes).expirationAfterWrite(ExpirationAfterWriteStrategy
                .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1))).build();
        var bucket = proxies.builder().build("bucket4j:user-42:transfers", () -> BucketConfiguration.builder()
                .addLimit(l -> l.capacity(5000).refillGreedy(5000, Duration.ofMinutes(1))).build());
        for (int i = 0; i < 5000; i++) {
            bucket.tryConsume(1);
        }
        System.out.printf("memory %-22s %8d bytes%n", "bucket4j-lettuce", memoryUsage(redis, "bucket4j:user-42:transfers"));
    }

    /**
     * {@code MEMORY USAGE key SAMPLES 0}: every element counted. Lettuce's {@code memoryUsage} sends no SAMPLES, and
     * Redis then extrapolates from 5 elements, which for a 5000-entry sorted set varies by several per cent.
     */
    private static Long memoryUsage(RedisCommands<String, String> redis, String key) {
        return redis.dispatch(io.lettuce.core.protocol.CommandType.MEMORY,
                new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("USAGE")
                        .addKey(key).add("SAMPLES").add(0));
    }

    private static void approximation(SlidingWindowRateLimiter limiter) throws InterruptedException {
        RateLimit limit = RateLimit.of(50, Duration.ofSeconds(1));
        for (String pattern : List.of("random", "bursts-at-window-end")) {
            for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
                String caller = pattern + "-" + algorithm;
                List<Long> admitted = Collections.synchronizedList(new ArrayList<>());
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                long requests = 0;
                while (System.nanoTime() < end) {
                    if (pattern.equals("random")) {
                        // 100 per second on average (twice the limit): exponential gaps with a 10 ms mean.
                        sleepMicros((long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * 10_000));
                    } else {
                        // As fast as possible in the last 100 ms of each second, idle otherwise (the counter's
                        // fixed windows are aligned to epoch seconds): the uneven traffic it mis-weights.
                        long msIntoSecond = System.currentTimeMillis() % 1000;
                        if (msIntoSecond < 900) {
                            sleepMicros((900 - msIntoSecond) * 1000);
                        }
                    }
                    requests++;
                    if (limiter.check(caller, "api", limit.withAlgorithm(algorithm)).allowed()) {
                        admitted.add(System.nanoTime());
                    }
                }
                System.out.printf("approximation %-22s %-22s requests %5d admitted %4d max in any 1 s window %4d"
                        + " (limit 50)%n", pattern, algorithm, requests, admitted.size(), maxInWindow(admitted));
            }
        }
    }

    private static int maxInWindow(List<Long> times) {
        int max = 0;
        int start = 0;
        for (int i = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(start) >= 1_000_000_000L) {
                start++;
            }
            max = Math.max(max, i - start + 1);
        }
        return max;
    }

    private static void sleepMicros(long micros) throws InterruptedException {
        TimeUnit.MICROSECONDS.sleep(Math.max(0, micros));
    }
}
