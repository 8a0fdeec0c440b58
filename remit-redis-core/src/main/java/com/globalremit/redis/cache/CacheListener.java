package com.globalremit.redis.cache;

/**
 * Observes what a {@link RemitCache} does, per data type, for metrics. Called on the caller's thread (or Lettuce's
 * for Pub/Sub invalidations): implementations must be fast and must not throw.
 */
public interface CacheListener {

    CacheListener NONE = new CacheListener() { };

    /** A value (or a remembered absence) was read from Redis. */
    default void hit(String type) { }

    /** A value was found in the near cache; no Redis command was sent. */
    default void nearCacheHit(String type) { }

    /** Neither the near cache nor Redis had the value (or it was corrupt). */
    default void miss(String type) { }

    /** The loader ran, successfully or not, for {@code nanos}. */
    default void load(String type, long nanos, boolean success) { }

    /** An entry was evicted by key. */
    default void eviction(String type) { }

    /** A group invalidation ran here ({@code type} is {@code "group"}), or an invalidation message was received. */
    default void invalidation(String type) { }

    /** A Redis call failed or timed out; the caller got the loader's value. */
    default void redisFailure(Throwable error) { }
}
