package com.globalremit.redis.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import com.globalremit.redis.script.LuaScript;
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
 *   <li>{@link #rawEvalshaTrivial()}: EVALSHA of {@code return 1} with one key, picked like the others' keys, over
 *       a plain Lettuce connection: the ceiling for any one-script limiter;</li>
 *   <li>{@link #remitPathTrivialScript()}: the same trivial script sent the way the limiter sends its own
 *       (shared {@code RemitRedisClient} connection, {@code ScriptExecutor}, per-check timeout): separates the
 *       cost of the client path from the cost of the limiter's script in Redis.</li>
 * </ul>
 *
 * On the hot key the limit is reached within the first second, so most checks there are denials (which write
 * nothing for ours and for Bucket4j); over 10,000 keys most are admissions.
 */
@State(Scope.Benchmark)
public class RateLimitBenchmark extends RedisBenchmarkState {

    static final RateLimit LOG = RateLimit.perMinute(5000);
    static final RateLimit COUNTER = LOG.withAlgorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
    /** A long timeout: the benchmark measures Redis checks, not the fallback. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final LuaScript TRIVIAL = LuaScript.of("trivial", "return 1");

    @Param({"1", "10000"})
    public int keys;

    private SlidingWindowRateLimiter limiter;
    private SlidingWindowRateLimiter everyCheckToRedis;
    private String[] callers;
    private String[] documentKeys;
    private BucketProxy[] buckets;
    private String trivialSha;
    private String[][] trivialKeys;
    private List<String>[] trivialKeyLists;
    private ScriptExecutor remitScripts;

    @Override
    protected void prepare() {
        RemitRedisClient remit = closeAfterTrial(RemitRedisClient.create(RedisConnectionSettings
                .standalone(server.host() + ":" + server.port()).build()));
        remitScripts = ScriptExecutor.create(remit);
        limiter = SlidingWindowRateLimiter.builder(remitScripts).timeout(TIMEOUT).build();
        everyCheckToRedis = SlidingWindowRateLimiter.builder(ScriptExecutor.create(remit))
                .timeout(TIMEOUT).rememberDenials(false).build();
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
        trivialKeys = new String[keys][];
        trivialKeyLists = newListArray(keys);
        for (int i = 0; i < keys; i++) {
            // Same key distribution as the limiters (one key per caller), so the ceiling is like with like.
            trivialKeys[i] = new String[] {"bench:trivial:{caller-" + i + "}:api"};
            trivialKeyLists[i] = List.of(trivialKeys[i][0]);
            callers[i] = "caller-" + i;
            documentKeys[i] = "rate_limit:caller-" + i + ":api";
            buckets[i] = proxies.builder().build("bucket4j:caller-" + i + ":api", () -> configuration);
        }
        trivialSha = redis.scriptLoad(TRIVIAL.source());
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newListArray(int n) {
        return new List[n];
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
        return redis.evalsha(trivialSha, ScriptOutputType.INTEGER, trivialKeys[next()]);
    }

    /** The trivial script over the limiter's own path: shared connection, ScriptExecutor, timed wait. */
    @Benchmark
    public Long remitPathTrivialScript() throws Exception {
        return remitScripts.<Long>executeAsync(TRIVIAL, ScriptOutputType.INTEGER, trivialKeyLists[next()])
                .toCompletableFuture().get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }
}
