package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.RemitCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.core.MethodClassKey;

/**
 * Gives {@code @Cacheable} methods caches that decode into the method's generic return type, which Spring's
 * {@link org.springframework.cache.Cache#get(Object)} cannot tell a cache (and which we will not read from the
 * stored data: no default typing).
 */
public class RemitCacheResolver implements CacheResolver {

    private final RemitCache cache;
    private record Key(MethodClassKey method, java.util.Set<String> names) { }

    private final Map<Key, List<Cache>> resolved = new ConcurrentHashMap<>();

    public RemitCacheResolver(RemitCache cache) {
        this.cache = cache;
    }

    @Override
    public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
        Class<?> targetClass = context.getTarget().getClass();
        return resolved.computeIfAbsent(new Key(new MethodClassKey(context.getMethod(), targetClass),
                context.getOperation().getCacheNames()), k -> {
            JavaTypes.ReturnType type = JavaTypes.ofReturn(context.getMethod(), org.springframework.aop.support.AopUtils
                    .getTargetClass(context.getTarget()), cache.codec().mapper().getTypeFactory());
            List<Cache> caches = new ArrayList<>();
            for (String name : context.getOperation().getCacheNames()) {
                caches.add(new RemitSpringCache(name, cache, type.valueType()));
            }
            return List.copyOf(caches);
        });
    }
}
