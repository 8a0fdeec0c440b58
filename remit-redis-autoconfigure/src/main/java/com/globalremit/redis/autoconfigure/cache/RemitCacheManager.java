package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.RemitCache;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring {@link CacheManager} whose caches are {@link RemitCache} data types (any name works; unknown names get the
 * 5-minute default). Caches it hands out directly decode into plain JSON types; with {@code @EnableCaching} the
 * {@link RemitCacheResolver} installed by the auto-configuration hands out caches typed by the method instead.
 */
public class RemitCacheManager implements CacheManager {

    private final RemitCache cache;
    private final Map<String, RemitSpringCache> caches = new ConcurrentHashMap<>();

    public RemitCacheManager(RemitCache cache) {
        this.cache = cache;
    }

    @Override
    public Cache getCache(String name) {
        return caches.computeIfAbsent(name,
                n -> new RemitSpringCache(n, cache, cache.codec().mapper().constructType(Object.class)));
    }

    @Override
    public Collection<String> getCacheNames() {
        return Collections.unmodifiableSet(caches.keySet());
    }

    RemitCache remitCache() {
        return cache;
    }
}
