package com.globalremit.redis.cache;

import com.globalremit.redis.key.KeyBuilder;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.key.KeyPatterns;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key names of the cache, all hash-tagged by the entity id so a value, its lease and the entity's index set share
 * one cluster slot:
 * <ul>
 * <li>value: {@code [prefix:]client:profile:{123}[:qualifier]} (type {@code client-profile})</li>
 * <li>lease: {@code [prefix:]cache:lease:{123}:client-profile[:qualifier]}</li>
 * <li>index: {@code [prefix:]cache:index:{123}}</li>
 * <li>channel: {@code [prefix:]cache:invalidations}</li>
 * </ul>
 */
final class CacheKeys {

    private final KeyNaming naming;
    private final Map<String, KeyBuilder> valueTemplates = new ConcurrentHashMap<>();
    private final KeyBuilder lease;
    private final KeyBuilder index;
    private final String channel;

    CacheKeys(KeyNaming naming) {
        this.naming = naming;
        this.lease = naming.key("cache", "lease");
        this.index = naming.key("cache", "index");
        this.channel = naming.key("cache", "invalidations").build();
    }

    String value(CacheKey key) {
        KeyBuilder builder = valueTemplates.computeIfAbsent(key.type(), this::template).id(key.id()).hashTag();
        return key.qualifier() == null ? builder.build() : builder.suffix(key.qualifier()).build();
    }

    String lease(CacheKey key) {
        KeyBuilder builder = lease.id(key.id()).hashTag().sub(key.type());
        return key.qualifier() == null ? builder.build() : builder.suffix(key.qualifier()).build();
    }

    String index(String id) {
        return index.id(id).hashTag().build();
    }

    String channel() {
        return channel;
    }

    /**
     * A SCAN pattern matching every key of an entity (values of all types, leases, index), for entries written
     * without an index. The id is glob-escaped by the key builder: {@code 12*} matches only {@code {12*}}.
     */
    String groupPattern(String id) {
        // namespace:entity:{id} then anything after (qualifiers, the type of a lease) or nothing.
        return naming.key(KeyPatterns.ANY, KeyPatterns.ANY).id(id).hashTag().pattern() + "*";
    }

    /**
     * Which keys found with {@link #groupPattern(String)} belong to the cache: the pattern also matches other
     * features' keys with the same id in their hash tag ({@code rate_limit:counter:{123}:transfer},
     * {@code session:data:{123}}), which must survive. True for a value of one of {@code typeNames}
     * ({@code client:profile:{123}}, optionally {@code :qualifier}), a lease ({@code cache:lease:{123}:...}) and the
     * index ({@code cache:index:{123}}); exact string comparisons, no glob.
     */
    java.util.function.Predicate<String> groupMembers(String id, java.util.Collection<String> typeNames) {
        String sep = String.valueOf(naming.separator());
        java.util.Set<String> exact = new java.util.HashSet<>();
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        exact.add(index(id));
        prefixes.add(lease.id(id).hashTag().build() + sep);
        for (String type : typeNames) {
            try {
                String base = valueTemplates.computeIfAbsent(type, this::template).id(id).hashTag().build();
                exact.add(base);
                prefixes.add(base + sep);
            } catch (com.globalremit.redis.key.InvalidKeyException e) {
                // longer than maxLength with this id: no value of this type can exist for it
            }
        }
        return key -> exact.contains(key) || prefixes.stream().anyMatch(key::startsWith);
    }

    /** A SCAN pattern matching every value of a type: {@code [prefix:]client:profile:*}. */
    String typePattern(String type) {
        return valueTemplates.computeIfAbsent(type, this::template).anyId().pattern();
    }

    private KeyBuilder template(String type) {
        int dash = type.indexOf('-');
        return dash < 0 ? naming.key("cache", type) : naming.key(type.substring(0, dash), type.substring(dash + 1));
    }
}
