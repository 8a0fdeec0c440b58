package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.CacheLoadException;
import com.globalremit.redis.cache.CachedValue;
import com.globalremit.redis.cache.RemitCache;
import java.util.concurrent.Callable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;
import tools.jackson.databind.JavaType;

/**
 * A Spring {@link Cache} over {@link RemitCache}: the cache name is the data type, so {@code @Cacheable("client-profile")}
 * gets the same TTL, jitter, absent-value, stampede and near-cache policy as {@code @RemitCached}. Values decode
 * into {@code valueType}: the method's return type when the cache comes from {@link RemitCacheResolver}, else
 * plain JSON types (maps, lists, strings, numbers), since stored data never names a class.
 * {@code get(key, valueLoader)} ({@code @Cacheable(sync = true)}) uses the per-key lease across instances.
 */
public final class RemitSpringCache implements Cache {

    private final String type;
    private final RemitCache cache;
    private final JavaType valueType;

    RemitSpringCache(String type, RemitCache cache, JavaType valueType) {
        this.type = type;
        this.cache = cache;
        this.valueType = valueType;
    }

    @Override
    public String getName() {
        return type;
    }

    @Override
    public RemitCache getNativeCache() {
        return cache;
    }

    private CacheKey key(Object key) {
        return CacheKey.of(type, CacheIds.of(key));
    }

    @Override
    public ValueWrapper get(Object key) {
        CachedValue<Object> found = cache.getIfPresent(key(key), valueType);
        return found == null ? null : new SimpleValueWrapper(found.value());
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
        CachedValue<T> found = cache.getIfPresent(key(key), cache.codec().mapper().constructType(type));
        return found == null ? null : found.value();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        try {
            return (T) cache.get(key(key), valueType, valueLoader::call);
        } catch (CacheLoadException e) {
            throw new ValueRetrievalException(key, valueLoader, e.getCause());
        }
    }

    @Override
    public void put(Object key, Object value) {
        cache.put(key(key), value);
    }

    @Override
    public void evict(Object key) {
        cache.evict(key(key));
    }

    @Override
    public boolean evictIfPresent(Object key) {
        return cache.evict(key(key));
    }

    /** Drops every entry of the type with SCAN on every master (never KEYS). */
    @Override
    public void clear() {
        cache.clearType(type);
    }

    @Override
    public boolean invalidate() {
        return cache.clearType(type) > 0;
    }
}
