package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.CacheLoadException;
import com.globalremit.redis.cache.RemitCache;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs {@link RemitCached} and {@link RemitCacheEvict} methods. The cache is looked up on first use, so the
 * advisor can be created early (as infrastructure) without pulling the Redis client into the post-processing phase.
 */
final class RemitCacheInterceptor implements MethodInterceptor {

    private final ObjectProvider<RemitCache> cacheProvider;
    private final CacheExpressions expressions = new CacheExpressions();
    private final Map<MethodClassKey, Plan> plans = new ConcurrentHashMap<>();
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
        try {
            Object value = remitCache.get(CacheKey.of(cached.type(), id, qualifier), plan.returnType().valueType(), () -> {
                Object result;
                try {
                    result = invocation.proceed();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new InvocationFailure(e);
                }
                return optional && result != null ? ((Optional<?>) result).orElse(null) : result;
            });
            return optional ? Optional.ofNullable(value) : value;
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
            AfterCommit.nowAndAfterCommit(() -> remitCache.invalidateGroup(group));
        }
        if (!evict.type().isEmpty()) {
            String key = evict.key().isEmpty() ? CacheIds.ofArguments(args)
                    : CacheIds.of(before ? expressions.onMethodBefore(evict.key(), method, args, target)
                            : expressions.onMethod(evict.key(), method, args, target, result));
            String qualifier = evict.qualifier().isEmpty() ? null
                    : CacheIds.of(before ? expressions.onMethodBefore(evict.qualifier(), method, args, target)
                            : expressions.onMethod(evict.qualifier(), method, args, target, result));
            CacheKey cacheKey = CacheKey.of(evict.type(), key, qualifier);
            AfterCommit.nowAndAfterCommit(() -> remitCache.evict(cacheKey));
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
