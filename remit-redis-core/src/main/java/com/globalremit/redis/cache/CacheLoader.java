package com.globalremit.redis.cache;

/** Loads one value on a miss; returns {@code null} when there is none. */
@FunctionalInterface
public interface CacheLoader<T> {
    T load() throws Exception;
}
