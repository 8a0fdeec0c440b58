package com.globalremit.redis.bench;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.RateLimitAlgorithm;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import com.globalremit.redis.script.ScriptExecutor;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * One rate-limit check at the system tier (5000 per minute), on one hot key or spread over 10,000 keys:
 *
 * <ul>
 *   <li>{@link #remitSlidingLog()} / {@link #remitSlidingCounter()}: {@link SlidingWindowRateLimiter}, at most
 *       one EVALSHA per check (a caller Redis has denied is answered locally until its blocking entry leaves);
 *       {@link #remitSlidingLogNoMemory()}: the same with every check sent to Redis;</li>
 *   <li>{@link #bucket4jLettuce()}: Bucket4j's Lettuce backend (compare-and-swap token bucket, capacity 5000,
 *       greedy refill 5000 per minute);</li>
 *   <li>{@link #documentFourCommands()}: the design document's snippet as written (ZADD, ZREMRANGEBYSCORE,
 *       ZCARD, EXPIRE, one round trip each, client clock);</li>
 *   <li>{@link #rawEvalshaTrivial()}: EVALSHA of {@code return 1} with one key: the ceiling for any one-script
 *       limiter.</li>
 * </ul>
 *
 * On the hot key the limit is reached within the first second, so most checks there are denials (which write
 * nothing for ours and for Bucket4j); over 10,000 keys most are admissions.
 */
@State(Scope.Benchmark)
public class RateLimitBenchmark extends RedisBenchmarkState {

    static final RateLimit LOG = RateLimit.perMinute(5000);
    static final RateLimit COUNTER = LOG.withAlgorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);

    @Param({"1", "10000"})
    public int keys;

    private SlidingWindowRateLimiter limiter;
    private SlidingWindowRateLimiter everyCheckToRedis;
    private String[] callers;
    private String[] documentKeys;
    private BucketProxy[] buckets;
    private String trivialSha;
    private final String[] trivialKeys = {"bench:trivial"};

    @Override
    protected void prepare() {
        RemitRedisClient remit = closeAfterTrial(RemitRedisClient.create(RedisConnectionSettings
                .standalone(server.host() + ":" + server.port()).build()));
        // A long timeout: the benchmark measures Redis checks, not the fallback.
        limiter = SlidingWindowRateLimiter.builder(ScriptExecutor.create(remit)).timeout(Duration.ofSeconds(10))
                .build();
        everyCheckToRedis = SlidingWindowRateLimiter.builder(ScriptExecutor.create(remit))
                .timeout(Duration.ofSeconds(10)).rememberDenials(false).build();
        StatefulRedisConnection<String, byte[]> bucket4jConnection = closeAfterTrial(
                client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
        LettuceBasedProxyManager<String> proxies = Bucket4jLettuce.casBasedBuilder(bucket4jConnection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(5000).refillGreedy(5000, Duration.ofMinutes(1))).build();
        callers = new String[keys];
        documentKeys = new String[keys];
        buckets = new BucketProxy[keys];
        for (int i = 0; i < keys; i++) {
            callers[i] = "caller-" + i;
            documentKeys[i] = "rate_limit:caller-" + i + ":api";
            buckets[i] = proxies.builder().build("bucket4j:caller-" + i + ":api", () -> configuration);
        }
        trivialSha = redis.scriptLoad("return 1");
    }

    private int next() {
        return keys == 1 ? 0 : ThreadLocalRandom.current().nextInt(keys);
    }

    @Benchmark
    public boolean remitSlidingLog() {
        return limiter.check(callers[next()], "api", LOG).allowed();
    }

    /** The log without remembered denials: every check runs the script, denials included. */
    @Benchmark
    public boolean remitSlidingLogNoMemory() {
        return everyCheckToRedis.check(callers[next()], "api", LOG).allowed();
    }

    @Benchmark
    public boolean remitSlidingCounter() {
        return limiter.check(callers[next()], "api", COUNTER).allowed();
    }

    @Benchmark
    public boolean bucket4jLettuce() {
        return buckets[next()].tryConsume(1);
    }

    /** The design document's limiter, transcribed: four awaited commands, timestamp as score and member. */
    @Benchmark
    public boolean documentFourCommands() {
        String key = documentKeys[next()];
        long now = System.currentTimeMillis();
        long windowStart = now - 60_000;
        redis.zadd(key, now, Long.toString(now));
        redis.zremrangebyscore(key, io.lettuce.core.Range.create(0, windowStart));
        long count = redis.zcard(key);
        redis.expire(key, 60);
        return count <= 5000;
    }

    @Benchmark
    public Long rawEvalshaTrivial() {
        return redis.evalsha(trivialSha, ScriptOutputType.INTEGER, trivialKeys);
    }
}
