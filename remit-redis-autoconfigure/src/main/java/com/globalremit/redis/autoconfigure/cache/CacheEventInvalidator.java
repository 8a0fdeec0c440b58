package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.RemitCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Maps published application events to the invalidations they imply: {@link RemitCacheEvict} on the event class,
 * and {@code remit.redis.cache.invalidate-on[*]} rules. Works for {@link ApplicationEvent}s and for plain objects
 * published with {@code publishEvent(Object)}. Inside a transaction the invalidation runs again after commit.
 */
final class CacheEventInvalidator implements ApplicationListener<ApplicationEvent> {

    /** One invalidation for events of one class: an entry (type + key) and/or a group. */
    record Rule(Class<?> eventClass, String type, String key, String qualifier, String group) { }

    private final RemitCache cache;
    private final List<Rule> configured;
    private final CacheExpressions expressions = new CacheExpressions();
    private final Map<Class<?>, List<Rule>> byClass = new ConcurrentHashMap<>();

    CacheEventInvalidator(RemitCache cache, List<Rule> configured) {
        this.cache = cache;
        this.configured = List.copyOf(configured);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        Object payload = event instanceof PayloadApplicationEvent<?> p ? p.getPayload() : event;
        for (Rule rule : byClass.computeIfAbsent(payload.getClass(), this::rulesFor)) {
            apply(rule, payload);
        }
    }

    private List<Rule> rulesFor(Class<?> eventClass) {
        List<Rule> rules = new ArrayList<>();
        for (RemitCacheEvict evict : AnnotatedElementUtils.findMergedRepeatableAnnotations(eventClass, RemitCacheEvict.class)) {
            rules.add(new Rule(eventClass, evict.type(), evict.key(), evict.qualifier(), evict.group()));
        }
        configured.stream().filter(r -> r.eventClass().isAssignableFrom(eventClass)).forEach(rules::add);
        return List.copyOf(rules);
    }

    private void apply(Rule rule, Object event) {
        if (!rule.group().isEmpty()) {
            String group = CacheIds.of(expressions.onEvent(rule.group(), event));
            AfterCommit.nowAndAfterCommit(() -> cache.invalidateGroup(group));
        }
        if (!rule.type().isEmpty() && !rule.key().isEmpty()) {
            String id = CacheIds.of(expressions.onEvent(rule.key(), event));
            String qualifier = rule.qualifier().isEmpty() ? null : CacheIds.of(expressions.onEvent(rule.qualifier(), event));
            CacheKey key = CacheKey.of(rule.type(), id, qualifier);
            AfterCommit.nowAndAfterCommit(() -> cache.evict(key));
        }
    }
}
