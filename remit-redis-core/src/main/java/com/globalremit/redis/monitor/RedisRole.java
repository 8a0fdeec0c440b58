package com.globalremit.redis.monitor;

/** What an instance is used for; each role has its own recommended configuration profile. */
public enum RedisRole {
    /**
     * Data that can be recomputed (cached profiles, exchange rates): bounded memory, evict the least useful keys when
     * full ({@code allkeys-lru} / {@code allkeys-lfu}), persistence optional.
     */
    CACHE,
    /**
     * Data that must not disappear (sessions, queued jobs, rate-limit windows): never evict ({@code noeviction}),
     * AOF on with {@code appendfsync everysec} or {@code always}.
     */
    DURABLE
}
