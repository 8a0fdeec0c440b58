package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.CacheLoadException;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.key.InvalidKeyException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RemitCached} and {@link RemitCacheEvict} methods. The cache is looked up on first use, so the
 * advisor can be created early (as infrastructure) without pulling the Redis client into the post-processing phase.
 */
final class RemitCacheInterceptor implements MethodInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RemitCacheInterceptor.class);

    private final ObjectProvider<RemitCache> cacheProvider;
    private final CacheExpressions expressions = new CacheExpressions();
    private final Map<MethodClassKey, Plan> plans = new ConcurrentHashMap<>();
    private final Set<Method> reported = ConcurrentHashMap.newKeySet();
    private volatile RemitCache cache;

    RemitCacheInterceptor(ObjectProvider<RemitCache> cacheProvider) {
        this.cacheProvider = cacheProvider;
    }

    /** What to do around one method of one bean class, worked out once. */
    private record Plan(Method method, RemitCached cached, JavaTypes.ReturnType returnType, List<RemitCacheEvict> evicts) { }

    /** Carries a checked exception of the method through the loader, to be rethrown unchanged. */
    private static final class InvocationFailure extends RuntimeException {
        InvocationFailure(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
        RemitCache remitCache = cache();
        Plan plan = plans.computeIfAbsent(new MethodClassKey(invocation.getMethod(), targetClass),
                k -> plan(invocation.getMethod(), targetClass, remitCache));
        Object[] args = invocation.getArguments();
        for (RemitCacheEvict evict : plan.evicts()) {
            if (evict.beforeInvocation()) {
                evict(remitCache, evict, plan.method(), args, target, null, true);
            }
        }
        Object result = plan.cached() == null ? invocation.proceed() : cached(remitCache, plan, invocation, args, target);
        for (RemitCacheEvict evict : plan.evicts()) {
            if (!evict.beforeInvocation()) {
                evict(remitCache, evict, plan.method(), args, target, result, false);
            }
        }
        return result;
    }

    private Object cached(RemitCache remitCache, Plan plan, MethodInvocation invocation, Object[] args, Object target)
            throws Throwable {
        RemitCached cached = plan.cached();
        String id = cached.key().isEmpty() ? CacheIds.ofArguments(args)
                : CacheIds.of(expressions.onMethodBefore(cached.key(), plan.method(), args, target));
        String qualifier = cached.qualifier().isEmpty() ? null
                : CacheIds.of(expressions.onMethodBefore(cached.qualifier(), plan.method(), args, target));
        boolean optional = plan.returnType().optional();
        // [0] the method started, [1] it returned; returned[0] is what it returned.
        boolean[] ran = new boolean[2];
        Object[] returned = new Object[1];
        try {
            Object value = remitCache.get(CacheKey.of(cached.type(), id, qualifier), plan.returnType().valueType(), () -> {
                ran[0] = true;
                Object result;
                try {
                    result = invocation.proceed();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new InvocationFailure(e);
                }
                returned[0] = result;
                ran[1] = true;
                return optional && result != null ? ((Optional<?>) result).orElse(null) : result;
            });
            return optional ? Optional.ofNullable(value) : value;
        } catch (InvalidKeyException e) {
            if (ran[0] && !ran[1]) {
                throw e; // the method's own exception
            }
            // The cache key cannot be built (e.g. longer than maxLength once encoded): the business call must not
            // fail for that. Nothing can be cached under such a key, so the method runs uncached.
            uncacheable(plan.method(), cached.type(), e);
            return ran[1] ? returned[0] : invocation.proceed();
        } catch (InvocationFailure e) {
            throw e.getCause();
        } catch (CacheLoadException e) {
            throw e.getCause() instanceof InvocationFailure f ? f.getCause() : e;
        }
    }

    private void evict(RemitCache remitCache, RemitCacheEvict evict, Method method, Object[] args, Object target,
            Object result, boolean before) {
        if (!evict.group().isEmpty()) {
            String group = CacheIds.of(before ? expressions.onMethodBefore(evict.group(), method, args, target)
                    : expressions.onMethod(evict.group(), method, args, target, result));
            AfterCommit.nowAndAfterCommit(() -> {
                try {
                    remitCache.invalidateGroup(group);
                } catch (InvalidKeyException e) { // no key of that id could be built, so nothing is cached for it
                    uncacheable(method, "group", e);
                }
            });
        }
        if (!evict.type().isEmpty()) {
            String key = evict.key().isEmpty() ? CacheIds.ofArguments(args)
                    : CacheIds.of(before ? expressions.onMethodBefore(evict.key(), method, args, target)
                            : expressions.onMethod(evict.key(), method, args, target, result));
            String qualifier = evict.qualifier().isEmpty() ? null
                    : CacheIds.of(before ? expressions.onMethodBefore(evict.qualifier(), method, args, target)
                            : expressions.onMethod(evict.qualifier(), method, args, target, result));
            CacheKey cacheKey = CacheKey.of(evict.type(), key, qualifier);
            AfterCommit.nowAndAfterCommit(() -> {
                try {
                    remitCache.evict(cacheKey);
                } catch (InvalidKeyException e) { // the key cannot be built, so nothing is cached under it
                    uncacheable(method, evict.type(), e);
                }
            });
        }
    }

    /** Logs the first such call per method: type, method and key part, never the key or the id. */
    private void uncacheable(Method method, String type, InvalidKeyException e) {
        if (reported.add(method)) {
            log.warn("Cache key of type {} for {}.{} cannot be built ({} rejected, e.g. longer than maxLength once "
                    + "encoded); not cached, the method runs uncached. Further cases of this method are not "
                    + "logged", type, method.getDeclaringClass().getSimpleName(), method.getName(), e.part());
        }
    }

    private RemitCache cache() {
        RemitCache c = cache;
        if (c == null) {
            c = cacheProvider.getObject();
            cache = c;
        }
        return c;
    }

    private Plan plan(Method method, Class<?> targetClass, RemitCache remitCache) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        RemitCached cached = AnnotatedElementUtils.findMergedAnnotation(specific, RemitCached.class);
        JavaTypes.ReturnType returnType = cached == null ? null
                : JavaTypes.ofReturn(specific, targetClass, remitCache.codec().mapper().getTypeFactory());
        List<RemitCacheEvict> evicts = List.copyOf(
                AnnotatedElementUtils.findMergedRepeatableAnnotations(specific, RemitCacheEvict.class));
        return new Plan(specific, cached, returnType, evicts);
    }
}
