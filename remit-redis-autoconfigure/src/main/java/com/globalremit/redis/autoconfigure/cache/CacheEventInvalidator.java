package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.CacheType;
import com.globalremit.redis.cache.RemitCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

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
        List<Rule> rules = new ArrayList<>(annotatedRules(eventClass, expressions));
        configured.stream().filter(r -> r.eventClass().isAssignableFrom(eventClass)).forEach(rules::add);
        return List.copyOf(rules);
    }

    /**
     * The {@link RemitCacheEvict} rules on an event class, checked: a bad type, half an entry rule (type without key
     * or the reverse), no rule at all, or SpEL that does not parse fail with a message naming the class.
     */
    static List<Rule> annotatedRules(Class<?> eventClass, CacheExpressions expressions) {
        List<Rule> rules = new ArrayList<>();
        for (RemitCacheEvict evict : AnnotatedElementUtils.findMergedRepeatableAnnotations(eventClass,
                RemitCacheEvict.class)) {
            String where = "@RemitCacheEvict on event class " + eventClass.getName();
            try {
                checkRule(evict.type(), evict.key(), evict.qualifier(), evict.group(), expressions);
            } catch (InvalidRule e) {
                throw new IllegalStateException(where + " is invalid: " + e.getMessage(), e);
            }
            rules.add(new Rule(eventClass, evict.type(), evict.key(), evict.qualifier(), evict.group()));
        }
        return rules;
    }

    /** A rule that cannot work: the field at fault, its value (null when missing) and why. */
    static final class InvalidRule extends IllegalArgumentException {

        final String field;
        final String value;

        InvalidRule(String field, String value, String message, Throwable cause) {
            super(message, cause);
            this.field = field;
            this.value = value;
        }
    }

    /**
     * The checks an invalidation rule passes, from an annotation or from {@code invalidate-on[i]} (empty or null
     * means absent): a valid type, type and key together, type or group, and SpEL that parses.
     *
     * @throws InvalidRule naming the field at fault
     */
    static void checkRule(String type, String key, String qualifier, String group, CacheExpressions expressions) {
        boolean hasType = type != null && !type.isEmpty();
        boolean hasKey = key != null && !key.isEmpty();
        if (hasType) {
            try {
                CacheType.defaults(type);
            } catch (IllegalArgumentException e) {
                throw new InvalidRule("type", type, e.getMessage(), e);
            }
        }
        if (hasType && !hasKey) {
            throw new InvalidRule("key", null, "type \"" + type + "\" is set without a key: give key (SpEL over "
                    + "#event) to evict that entry, or remove type to invalidate only the group", null);
        }
        if (hasKey && !hasType) {
            throw new InvalidRule("type", null,
                    "key is set without a type: give the data type of the entry to evict, or remove key", null);
        }
        if (!hasType && (group == null || group.isEmpty())) {
            throw new InvalidRule("group", null, "give either type and key, or group", null);
        }
        String[][] expressionFields = {{"key", key}, {"qualifier", qualifier}, {"group", group}};
        for (String[] field : expressionFields) {
            if (field[1] != null && !field[1].isEmpty()) {
                try {
                    expressions.validate(field[1]);
                } catch (RuntimeException e) {
                    throw new InvalidRule(field[0], field[1], "not a valid SpEL expression: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Checks every class under {@code packages} (the application's own, from {@code @SpringBootApplication}) that
     * carries {@link RemitCacheEvict}, so a bad annotation on an event class fails start-up instead of the first
     * publisher's business call.
     */
    static void checkAnnotatedEvents(List<String> packages, ClassLoader loader) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent(); // events need not be concrete beans
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(RemitCacheEvict.class));
        scanner.addIncludeFilter(new AnnotationTypeFilter(RemitCacheEvict.List.class));
        CacheExpressions expressions = new CacheExpressions();
        for (String pkg : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
                annotatedRules(ClassUtils.resolveClassName(candidate.getBeanClassName(), loader), expressions);
            }
        }
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
