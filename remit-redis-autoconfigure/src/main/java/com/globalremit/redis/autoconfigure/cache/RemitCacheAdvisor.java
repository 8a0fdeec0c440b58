package com.globalremit.redis.autoconfigure.cache;

import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies {@link RemitCacheInterceptor} to bean methods annotated with {@link RemitCached} or
 * {@link RemitCacheEvict}. Checked when beans are proxied, so a {@code @RemitCached void} method fails start-up.
 */
public final class RemitCacheAdvisor extends AbstractPointcutAdvisor {

    private final transient RemitCacheInterceptor interceptor;

    private final Pointcut pointcut = new StaticMethodMatcherPointcut() {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
            boolean cached = AnnotatedElementUtils.hasAnnotation(specific, RemitCached.class);
            if (cached && (specific.getReturnType() == void.class || specific.getReturnType() == Void.class)) {
                throw new IllegalStateException("@RemitCached on " + specific + " which returns nothing to cache");
            }
            return cached || !AnnotatedElementUtils.findMergedRepeatableAnnotations(specific, RemitCacheEvict.class)
                    .isEmpty();
        }
    };

    RemitCacheAdvisor(RemitCacheInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }
}
