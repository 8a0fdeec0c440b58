package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters per data type (tag {@code type}): {@code remit.cache.hits}, {@code remit.cache.misses},
 * {@code remit.cache.near.hits}, {@code remit.cache.loads}, {@code remit.cache.load.failures},
 * {@code remit.cache.load.time}, {@code remit.cache.evictions}, {@code remit.cache.invalidations}; and
 * {@code remit.cache.redis.failures} (no tag). Meters are looked up once per type, not per call.
 */
final class MicrometerCacheListener implements CacheListener {

    private final MeterRegistry registry;
    private final Map<String, Meters> byType = new ConcurrentHashMap<>();
    private final Counter redisFailures;

    private final class Meters {
        final Counter hits;
        final Counter misses;
        final Counter nearHits;
        final Counter loads;
        final Counter loadFailures;
        final Timer loadTime;
        final Counter evictions;
        final Counter invalidations;

        Meters(String type) {
            hits = counter("remit.cache.hits", type, "Values found in Redis");
            misses = counter("remit.cache.misses", type, "Values found neither in the near cache nor in Redis");
            nearHits = counter("remit.cache.near.hits", type, "Values found in the in-process near cache");
            loads = counter("remit.cache.loads", type, "Loader calls");
            loadFailures = counter("remit.cache.load.failures", type, "Loader calls that threw");
            loadTime = Timer.builder("remit.cache.load.time").tag("type", type).description("Time spent in loaders")
                    .register(registry);
            evictions = counter("remit.cache.evictions", type, "Entries evicted by key");
            invalidations = counter("remit.cache.invalidations", type,
                    "Group invalidations and invalidation messages received");
        }

        private Counter counter(String name, String type, String description) {
            return Counter.builder(name).tag("type", type).description(description).register(registry);
        }
    }

    MicrometerCacheListener(MeterRegistry registry) {
        this.registry = registry;
        this.redisFailures = Counter.builder("remit.cache.redis.failures")
                .description("Redis calls of the cache that failed or timed out (the loader's value was served)")
                .register(registry);
    }

    private Meters meters(String type) {
        Meters meters = byType.get(type);
        return meters != null ? meters : byType.computeIfAbsent(type, Meters::new);
    }

    @Override
    public void hit(String type) {
        meters(type).hits.increment();
    }

    @Override
    public void nearCacheHit(String type) {
        meters(type).nearHits.increment();
    }

    @Override
    public void miss(String type) {
        meters(type).misses.increment();
    }

    @Override
    public void load(String type, long nanos, boolean success) {
        Meters meters = meters(type);
        meters.loads.increment();
        if (!success) {
            meters.loadFailures.increment();
        }
        meters.loadTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void eviction(String type) {
        meters(type).evictions.increment();
    }

    @Override
    public void invalidation(String type) {
        meters(type).invalidations.increment();
    }

    @Override
    public void redisFailure(Throwable error) {
        redisFailures.increment();
    }
}
