package com.globalremit.redis.failover;

import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.CachedValue;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.queue.EnqueueOptions;
import com.globalremit.redis.queue.JobQueueOptions;
import com.globalremit.redis.queue.JobWorker;
import com.globalremit.redis.queue.JobWorkerOptions;
import com.globalremit.redis.queue.RedisJobQueue;
import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.RateLimitDecision;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.session.NewSession;
import com.globalremit.redis.session.RedisSessionStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JavaType;

/**
 * Every feature under steady traffic on one client while a fault is injected: cache put+get, rate-limit checks,
 * session create+touch, queue enqueue with a worker processing. Remembers what Redis acknowledged, so that after
 * the failover it can tell what was lost.
 */
final class FailoverDrill implements AutoCloseable {

    /** Recovered: no failed operation for this long. */
    private static final long QUIET = Duration.ofSeconds(1).toNanos();
    private static final RateLimit GENEROUS = RateLimit.of(1_000_000, Duration.ofHours(1));

    private final RemitCache cache;
    private final SlidingWindowRateLimiter limiter;
    private final RedisSessionStore sessions;
    private final RedisJobQueue queue;
    private final JobWorker worker;
    private final JavaType stringType;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> cached = ConcurrentHashMap.newKeySet();
    private final Set<String> sessionIds = ConcurrentHashMap.newKeySet();
    private final Set<String> enqueued = ConcurrentHashMap.newKeySet();
    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final java.util.Queue<Long> completions = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<FeatureProbe> probes;

    FailoverDrill(RemitRedisClient redis) {
        cache = RemitCache.builder(redis).build();
        stringType = cache.codec().mapper().constructType(String.class);
        limiter = SlidingWindowRateLimiter.builder(ScriptExecutor.create(redis)).timeout(Duration.ofMillis(500))
                .build();
        sessions = RedisSessionStore.builder(redis).build();
        queue = RedisJobQueue.create(redis, JobQueueOptions.builder("drill").leaseTime(Duration.ofSeconds(5)).build());
        worker = JobWorker.start(queue, job -> {
            processed.add(job.id());
            completions.add(System.nanoTime());
        },
                JobWorkerOptions.defaults().withWorkerId("drill").withMaxIdleWait(Duration.ofMillis(200)));
        probes = List.of(new FeatureProbe("cache", this::cachePutGet), new FeatureProbe("rate-limit", this::check),
                new FeatureProbe("session", this::sessionCreateTouch), new FeatureProbe("queue-enqueue", this::enqueue));
    }

    private boolean cachePutGet() {
        String id = "c" + sequence.incrementAndGet();
        CacheKey key = CacheKey.of("client-profile", id);
        if (!cache.put(key, id)) {
            return false;
        }
        cached.add(id);
        CachedValue<String> read = cache.getIfPresent(key, stringType);
        return read != null && id.equals(read.value());
    }

    private boolean check() {
        String caller = "caller-" + sequence.incrementAndGet() % 50;
        return limiter.check(caller, "transfers", GENEROUS).source() == RateLimitDecision.Source.REDIS;
    }

    private boolean sessionCreateTouch() {
        String id = sessions.create(NewSession.builder().userId("u" + sequence.incrementAndGet() % 50).build()).id();
        sessionIds.add(id);
        return sessions.touch(id).isPresent();
    }

    private boolean enqueue() {
        String id = "j" + sequence.incrementAndGet();
        queue.enqueue("drill", id, EnqueueOptions.jobId(id));
        enqueued.add(id);
        return true;
    }

    /** Longest time between two job completions by the worker up to {@code end} (a stalled tail counts), in ms. */
    private long longestProcessingGapMillis(long end) {
        long[] times = completions.stream().mapToLong(Long::longValue).sorted().toArray();
        long longest = 0;
        for (int i = 1; i < times.length; i++) {
            longest = Math.max(longest, times[i] - times[i - 1]);
        }
        if (times.length > 0) {
            longest = Math.max(longest, end - times[times.length - 1]);
        }
        return longest / 1_000_000;
    }

    /**
     * Traffic for a second, then {@code fault}, then traffic until every feature has answered again and no operation
     * failed for a second (or {@code recoveryLimit} passed); then waits for the queue to drain and counts losses.
     */
    FailoverReport run(String scenario, Runnable fault, Duration recoveryLimit) throws InterruptedException {
        probes.forEach(FeatureProbe::start);
        Thread.sleep(1000);
        long faultAt = System.nanoTime();
        fault.run();
        long faultDone = System.nanoTime();
        long deadline = faultDone + recoveryLimit.toNanos();
        while (System.nanoTime() < deadline && !probes.stream().allMatch(p -> p.recoveredSince(faultDone, QUIET))) {
            Thread.sleep(50);
        }
        for (FeatureProbe probe : probes) {
            probe.stop();
        }
        long trafficEnd = System.nanoTime();
        long drainDeadline = System.nanoTime() + recoveryLimit.toNanos();
        while (System.nanoTime() < drainDeadline && !processed.containsAll(enqueued)) {
            Thread.sleep(50);
        }
        worker.stop(Duration.ofSeconds(5));
        Map<String, FailoverReport.Feature> features = new LinkedHashMap<>();
        for (FeatureProbe probe : probes) {
            features.put(probe.name(), new FailoverReport.Feature(probe.longestGapMillis(),
                    probe.failureWindowMillis(), probe.answered(), probe.failed(), probe.answeredAfter(faultDone),
                    probe.lastError()));
        }
        long processingGap = longestProcessingGapMillis(trafficEnd);
        Map<String, long[]> losses = new LinkedHashMap<>();
        losses.put("cache entries", new long[] {cached.size(), count(cached, id -> cache.getIfPresent(
                CacheKey.of("client-profile", id), stringType) == null)});
        losses.put("sessions", new long[] {sessionIds.size(), count(sessionIds, id -> sessions.peek(id).isEmpty())});
        losses.put("acknowledged jobs not completed", new long[] {enqueued.size(),
                count(enqueued, id -> !processed.contains(id))});
        return new FailoverReport(scenario, (faultDone - faultAt) / 1_000_000, features, processingGap, losses);
    }

    private static long count(Set<String> ids, java.util.function.Predicate<String> lost) {
        return ids.stream().filter(lost).count();
    }

    @Override
    public void close() {
        worker.stop(Duration.ofSeconds(1));
        cache.close();
    }
}
