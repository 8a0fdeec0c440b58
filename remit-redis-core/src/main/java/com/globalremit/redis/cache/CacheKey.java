package com.globalremit.redis.cache;

import java.util.Objects;

/**
 * One cache entry: a data type, the id of the entity it belongs to and an optional qualifier.
 * {@code CacheKey.of("client-profile", "123")} is {@code client:profile:{123}};
 * {@code CacheKey.of("transaction-history", "123", "recent")} is {@code transaction:history:{123}:recent}.
 * <p>
 * The id is the entity's group: it is the cluster hash tag of the entry, of its lease and of the entity's index
 * set, so {@link RemitCache#invalidateGroup(String)} can drop everything cached for the entity in one script on one
 * node. Ids and qualifiers must be valid key parts (no {@code :}, braces, whitespace or control characters); glob
 * characters are allowed and never widen an invalidation.
 *
 * @param type the data type ({@link CacheType#name()})
 * @param id the entity id
 * @param qualifier an optional last part, or {@code null}
 */
public record CacheKey(String type, String id, String qualifier) {

    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    /**
     * Key namespaces of the other features (session store, queues, rate limiter): a type {@code session-data} would
     * write {@code session:data:{id}}, the session store's own keys, and a group invalidation would delete them.
     */
    private static final java.util.Set<String> OTHER_FEATURES = java.util.Set.of("session", "queue", "rate_limit");
    private static final String OTHER_FEATURES_TEXT = "session, queue, rate_limit";

    public CacheKey {
        requireValidType(type);
        Objects.requireNonNull(id, "id");
    }

    public static CacheKey of(String type, String id) {
        return new CacheKey(type, id, null);
    }

    public static CacheKey of(String type, String id, String qualifier) {
        return new CacheKey(type, id, qualifier);
    }

    static String requireValidType(String type) {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches() || type.endsWith("-")) { // precompiled: this runs on every call
            throw new IllegalArgumentException("Cache type must be lower case letters, digits, '-', '_' or '.', "
                    + "starting with a letter or digit, was \"" + type + "\"");
        }
        if (type.equals("cache-lease") || type.equals("cache-index") || type.equals("lease")
                || type.equals("index") || type.equals("cache-invalidations") || type.equals("invalidations")) {
            throw new IllegalArgumentException("Cache type \"" + type + "\" is reserved for the cache's own keys");
        }
        int dash = type.indexOf('-');
        if (dash > 0 && OTHER_FEATURES.contains(type.substring(0, dash))) { // a Set: this runs on every call
            throw new IllegalArgumentException("Cache type \"" + type + "\" would put its keys in the \""
                    + type.substring(0, dash) + "\" namespace of another remit-redis feature (" + OTHER_FEATURES_TEXT
                    + " are taken); the part before the first '-' is the key namespace, choose another one");
        }
        return type;
    }
}
