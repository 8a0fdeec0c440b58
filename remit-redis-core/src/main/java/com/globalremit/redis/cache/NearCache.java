package com.globalremit.redis.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The in-process copy of one data type's entries (Caffeine, bounded), keyed by Redis key. A copy lives
 * {@code nearCacheTtl} (a remembered absence at most {@code absentTtl}) from when it was put here, that is from
 * when it was read from Redis, not from when it was loaded: the remaining Redis TTL is not known to a reader that
 * got the value with one GET. So without an invalidation a value can be served up to the Redis TTL plus
 * {@code nearCacheTtl} after it was loaded. Values are the decoded objects: callers share them, so cached types
 * should be immutable.
 */
final class NearCache {

    /** A near-cache entry; {@code value} is {@link RemitCache#ABSENT} for a remembered absence. */
    record Entry(Object value, String group) { }

    private final Cache<String, Entry> cache;

    NearCache(CacheType type) {
        long valueNanos = type.nearCacheTtl().toNanos();
        long absentNanos = Math.min(valueNanos, type.absentTtl().toNanos());
        this.cache = Caffeine.newBuilder().maximumSize(type.nearCacheMaxSize())
                .expireAfter(Expiry.<String, Entry>writing((key, entry) -> java.time.Duration.ofNanos(
                        entry.value() == RemitCache.ABSENT ? absentNanos : valueNanos)))
                .build();
    }

    Entry get(String redisKey) {
        return cache.getIfPresent(redisKey);
    }

    void put(String redisKey, Object value, String group) {
        cache.put(redisKey, new Entry(value, group));
    }

    void invalidate(String redisKey) {
        cache.invalidate(redisKey);
    }

    void invalidateGroup(String group) {
        cache.asMap().values().removeIf(entry -> entry.group().equals(group));
    }

    void clear() {
        cache.invalidateAll();
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
