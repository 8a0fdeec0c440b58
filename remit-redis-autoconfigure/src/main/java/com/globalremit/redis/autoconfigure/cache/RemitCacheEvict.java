package com.globalremit.redis.autoconfigure.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Invalidates cache entries after the method returns normally (and again after the surrounding transaction commits,
 * if there is one, so a reader cannot cache pre-commit data in between): one entry ({@link #type()} +
 * {@link #key()}) or everything cached for an entity ({@link #group()}). Other instances drop their near-cache
 * copies through Pub/Sub.
 * <p>
 * On a method: SpEL sees the arguments and {@code #result}. On an application event class: SpEL sees
 * {@code #event}, and publishing the event invalidates.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RemitCacheEvict.List.class)
public @interface RemitCacheEvict {

    /** Data type of the entry to evict (with {@link #key()}). */
    String type() default "";

    /** SpEL for the id of the entry to evict. */
    String key() default "";

    /** Optional SpEL for the qualifier of the entry to evict. */
    String qualifier() default "";

    /** SpEL for an entity id: every entry cached for it, of any type, is invalidated. */
    String group() default "";

    /** Evict before the method runs instead of after it returns. */
    boolean beforeInvocation() default false;

    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        RemitCacheEvict[] value();
    }
}
