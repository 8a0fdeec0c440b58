package com.globalremit.redis.ratelimit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.script.LuaScript;
import com.globalremit.redis.script.ScriptExecutor;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

/**
 * A distributed rate limiter: each {@link #check check} is one Lua script (one round trip) that uses the Redis
 * server clock, so every instance of a service shares the same limit and no client clock matters.
 *
 * <p>Keys follow {@code [prefix:]rate_limit:<log|counter>:{caller}:<endpoint>:<window ms>} ({@link RateLimitKeys}).
 *
 * <p>Each check waits at most {@link Builder#timeout(Duration) timeout} (default 200 ms) for Redis, whatever the
 * connection's own command timeout. On an error or timeout the {@link FailurePolicy} decides; the outage is
 * counted, logged once per interval, and after a failure Redis is probed again every
 * {@link Builder#probeInterval(Duration) probe interval} (default 1 s), so a hung server costs one timeout per
 * interval rather than per request, and recovery needs no intervention. Thread-safe.
 *
 * <pre>{@code
 * SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.builder(ScriptExecutor.create(redis))
 *         .keyNaming(naming).timeout(Duration.ofMillis(100)).failurePolicy(FailurePolicy.FAIL_OPEN).build();
 * RateLimitDecision d = limiter.check("teller-42", "transfers", RateLimit.perMinute(300));
 * }</pre>
 */
public final class SlidingWindowRateLimiter {

    static final LuaScript LOG_SCRIPT = LuaScript.fromResource(SlidingWindowRateLimiter.class,
            "sliding_window_log.lua");
    static final LuaScript COUNTER_SCRIPT = LuaScript.fromResource(SlidingWindowRateLimiter.class,
            "sliding_window_counter.lua");

    private final ScriptExecutor scripts;
    private final RateLimitKeys keys;
    private final Duration timeout;
    private final FailurePolicy failurePolicy;
    private final LocalRateLimiter local;
    private final OutageTracker outage;
    private final byte[] memberPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final boolean rememberDenials;
    private final Map<String, Denial> denials = new ConcurrentHashMap<>();

    /**
     * A denial Redis answered, valid until the entry that blocks it leaves the window. Entries leave only with
     * time and other checks can only add, so until then the same (or a costlier) request is certainly denied.
     */
    private record Denial(long limit, long windowMicros, long cost, long remaining, long resetEpochSeconds,
            long untilNanos) {
    }

    private static final int MAX_REMEMBERED_DENIALS = 10_000;

    private SlidingWindowRateLimiter(Builder b) {
        this.scripts = b.scripts;
        this.keys = new RateLimitKeys(b.naming);
        this.timeout = b.timeout;
        this.failurePolicy = b.failurePolicy;
        this.local = new LocalRateLimiter();
        this.outage = new OutageTracker(b.outageLogInterval, b.probeInterval, b.failurePolicy);
        // Members must be unique across instances too: 64 random bits per limiter instance + a counter.
        this.memberPrefix = Ascii.memberPrefix(new SecureRandom().nextLong());
        this.rememberDenials = b.rememberDenials;
    }

    public static Builder builder(ScriptExecutor scripts) {
        return new Builder(scripts);
    }

    /** Checks one request of cost 1. */
    public RateLimitDecision check(String caller, String endpoint, RateLimit limit) {
        return check(caller, endpoint, limit, 1);
    }

    /**
     * Checks a request costing {@code cost} units against {@code limit} for this caller and endpoint group, and
     * counts it when allowed. Denied requests are not counted.
     *
     * @throws IllegalArgumentException when caller or endpoint is empty, or cost is below 1 or above the limit
     *         (such a request could never be admitted)
     */
    public RateLimitDecision check(String caller, String endpoint, RateLimit limit, long cost) {
        Objects.requireNonNull(limit, "limit");
        String key = key(caller, endpoint, limit);
        if (cost < 1 || cost > limit.limit()) {
            throw new IllegalArgumentException("Rate limit cost must be between 1 and the limit " + limit.limit()
                    + ", but was " + cost);
        }
        RateLimitDecision remembered = rememberedDenial(key, limit, cost);
        if (remembered != null) {
            return remembered;
        }
        if (outage.skipRedis()) {
            outage.skipped();
            return degraded(key, limit, cost);
        }
        CompletableFuture<List<Object>> future = null;
        try {
            long sentAt = System.nanoTime();
            future = send(key, limit, cost).toCompletableFuture();
            List<Object> reply = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            outage.success();
            RateLimitDecision decision = decision(reply, limit);
            if (!decision.allowed() && rememberDenials) {
                // Measured from before sending: the server's clock read came later, so this ends early, never late.
                remember(key, limit, cost, decision, sentAt + (Long) reply.get(3) * 1000L);
            }
            return decision;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outage.failure(e);
            return degraded(key, limit, cost);
        } catch (TimeoutException | ExecutionException | RedisException e) {
            // RedisException covers commands rejected at once while disconnected and script errors (WRONGTYPE...).
            if (future != null) {
                future.cancel(false);
            }
            outage.failure(e);
            return degraded(key, limit, cost);
        }
    }

    private RateLimitDecision rememberedDenial(String key, RateLimit limit, long cost) {
        if (!rememberDenials) {
            return null;
        }
        Denial d = denials.get(key);
        if (d == null) {
            return null;
        }
        long left = d.untilNanos() - System.nanoTime();
        if (left <= 0) {
            denials.remove(key, d);
            return null;
        }
        if (d.limit() != limit.limit() || d.windowMicros() != limit.windowMicros() || cost < d.cost()) {
            return null;
        }
        return new RateLimitDecision(false, limit.limit(), d.remaining(), d.resetEpochSeconds(),
                Math.max(1, LocalRateLimiter.ceilDiv(left, 1_000_000_000L)), RateLimitDecision.Source.REDIS);
    }

    private void remember(String key, RateLimit limit, long cost, RateLimitDecision decision, long untilNanos) {
        if (denials.size() >= MAX_REMEMBERED_DENIALS) {
            long now = System.nanoTime();
            denials.values().removeIf(d -> d.untilNanos() - now <= 0);
            if (denials.size() >= MAX_REMEMBERED_DENIALS) {
                return;
            }
        }
        denials.put(key, new Denial(limit.limit(), limit.windowMicros(), cost, decision.remaining(),
                decision.resetEpochSeconds(), untilNanos));
    }

    /** The Redis key for a caller and endpoint group under a limit's algorithm and window ({@link RateLimitKeys}). */
    public String key(String caller, String endpoint, RateLimit limit) {
        return keys.key(caller, endpoint, limit);
    }

    /** Checks decided without Redis since start (errors, timeouts and checks skipped during the probe gap). */
    public long failedChecks() {
        return failures();
    }

    /** True while the last attempt to reach Redis failed. */
    public boolean redisUnavailable() {
        return outage.isDown();
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public Duration timeout() {
        return timeout;
    }

    private long failures() {
        return outage.failures();
    }

    private CompletionStage<List<Object>> send(String key, RateLimit limit, long cost) {
        // Bytes built directly (no String per argument, no charset encoder): the check path runs per request.
        byte[] limitArg = Ascii.digits(limit.limit());
        byte[] windowArg = Ascii.digits(limit.window().toMillis());
        byte[] costArg = Ascii.digits(cost);
        List<String> keyList = List.of(key);
        if (limit.algorithm() == RateLimitAlgorithm.SLIDING_LOG) {
            byte[] member = Ascii.member(memberPrefix, sequence.incrementAndGet());
            return scripts.executeAsync(LOG_SCRIPT, ScriptOutputType.MULTI, keyList, limitArg, windowArg, costArg,
                    member);
        }
        return scripts.executeAsync(COUNTER_SCRIPT, ScriptOutputType.MULTI, keyList, limitArg, windowArg, costArg);
    }

    private RateLimitDecision degraded(String key, RateLimit limit, long cost) {
        if (failurePolicy == FailurePolicy.FAIL_OPEN) {
            return local.check(key, limit, cost);
        }
        long retry = 1;
        return new RateLimitDecision(false, limit.limit(), 0,
                LocalRateLimiter.ceilDiv(System.currentTimeMillis(), 1000) + retry, retry,
                RateLimitDecision.Source.UNAVAILABLE);
    }

    static RateLimitDecision decision(List<Object> reply, RateLimit limit) {
        boolean allowed = ((Long) reply.get(0)) == 1L;
        long remaining = (Long) reply.get(1);
        long resetMicros = (Long) reply.get(2);
        long retryMicros = (Long) reply.get(3);
        return new RateLimitDecision(allowed, limit.limit(), remaining,
                LocalRateLimiter.ceilDiv(resetMicros, 1_000_000L),
                allowed ? 0 : Math.max(1, LocalRateLimiter.ceilDiv(retryMicros, 1_000_000L)),
                RateLimitDecision.Source.REDIS);
    }

    @Override
    public String toString() {
        return "SlidingWindowRateLimiter[timeout=" + timeout + ", failurePolicy=" + failurePolicy + "]";
    }

    /** Options; every one has a default. */
    public static final class Builder {

        private final ScriptExecutor scripts;
        private KeyNaming naming = KeyNaming.DEFAULT;
        private Duration timeout = Duration.ofMillis(200);
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
        private Duration outageLogInterval = Duration.ofMinutes(1);
        private Duration probeInterval = Duration.ofSeconds(1);
        private boolean rememberDenials = true;

        private Builder(ScriptExecutor scripts) {
            this.scripts = Objects.requireNonNull(scripts, "scripts");
        }

        /** Key prefix and length rules (default: no prefix). */
        public Builder keyNaming(KeyNaming naming) {
            this.naming = Objects.requireNonNull(naming, "keyNaming");
            return this;
        }

        /** Longest wait for Redis per check before the failure policy applies (default 200 ms). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        /** What to answer when Redis fails or is too slow (default {@link FailurePolicy#FAIL_OPEN}). */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
            return this;
        }

        /** At most one outage log line per interval (default 1 min). */
        public Builder outageLogInterval(Duration interval) {
            this.outageLogInterval = positive("outageLogInterval", interval);
            return this;
        }

        /** After a failure, how long checks skip Redis before trying it again (default 1 s). Zero: never skip. */
        public Builder probeInterval(Duration interval) {
            Objects.requireNonNull(interval, "probeInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("probeInterval must not be negative, but was " + interval);
            }
            this.probeInterval = interval;
            return this;
        }

        /**
         * Answer a repeated request that Redis has denied without asking Redis again, until the entry that blocks
         * it leaves the window (default on). Exact: denied requests change nothing in Redis, entries leave only
         * with time, and other checks can only add. Saves the round trip for clients that keep retrying.
         */
        public Builder rememberDenials(boolean remember) {
            this.rememberDenials = remember;
            return this;
        }

        public SlidingWindowRateLimiter build() {
            return new SlidingWindowRateLimiter(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + value);
            }
            return value;
        }
    }
}
