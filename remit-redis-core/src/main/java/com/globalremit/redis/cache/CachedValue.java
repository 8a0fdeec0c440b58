package com.globalremit.redis.cache;

/**
 * What {@link RemitCache#getIfPresent(CacheKey, tools.jackson.databind.JavaType)} found: a value, or a remembered
 * absence ({@code value == null}). A miss is a {@code null} {@code CachedValue}.
 */
public record CachedValue<T>(T value) {

    public boolean isAbsent() {
        return value == null;
    }
}
