package com.globalremit.redis.autoconfigure.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a method's return value in Redis under data type {@link #type()} and the id {@link #key()}: a hit returns
 * without calling the method, a miss calls it once (per key per JVM, and per key across instances with the lease).
 * Works on any Spring bean (it is proxied). The return type, generics included, is what values are decoded into;
 * {@code Optional} is unwrapped for storage and an empty result is remembered as absent (if the type caches
 * absences); {@code null} likewise.
 * <pre>{@code
 * @RemitCached(type = "client-profile", key = "#clientId")
 * public ClientProfile profile(long clientId) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RemitCached {

    /** Data type: selects the TTL and near-cache policy and the key's first parts. */
    String type();

    /**
     * SpEL for the entity id ({@code #clientId}, {@code #p0}, {@code #request.accountId}); by default the arguments
     * joined with {@code ,} ({@code all} for none). It is also the group {@code @RemitCacheEvict(group=...)} drops.
     */
    String key() default "";

    /** Optional SpEL for a last key part, e.g. {@code 'recent'} or {@code #currency}. */
    String qualifier() default "";
}
