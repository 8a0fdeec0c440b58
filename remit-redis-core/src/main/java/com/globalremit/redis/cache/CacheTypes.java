package com.globalremit.redis.cache;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The policies of all data types: configured ones, and {@link CacheType#defaults(String)} for any other name, so a
 * new data type needs no code. Thread-safe.
 */
public final class CacheTypes {

    private final Map<String, CacheType> configured;
    private final Map<String, CacheType> resolved = new ConcurrentHashMap<>();
    private final UnaryOperator<CacheType.Builder> defaults;

    private CacheTypes(Map<String, CacheType> configured, UnaryOperator<CacheType.Builder> defaults) {
        this.configured = Map.copyOf(configured);
        this.defaults = defaults;
    }

    /** Only the built-in defaults. */
    public static CacheTypes defaults() {
        return of(Map.of());
    }

    /** The given policies (by name), defaults for the rest. */
    public static CacheTypes of(Collection<CacheType> types) {
        Map<String, CacheType> byName = new java.util.HashMap<>();
        types.forEach(t -> byName.put(t.name(), t));
        return of(byName);
    }

    private static CacheTypes of(Map<String, CacheType> byName) {
        return new CacheTypes(byName, UnaryOperator.identity());
    }

    /**
     * The given policies, and for unconfigured types the defaults adjusted by {@code defaults} (e.g. a global jitter
     * or absent TTL from configuration).
     */
    public static CacheTypes of(Collection<CacheType> types, UnaryOperator<CacheType.Builder> defaults) {
        Map<String, CacheType> byName = new java.util.HashMap<>();
        types.forEach(t -> byName.put(t.name(), t));
        return new CacheTypes(byName, defaults);
    }

    /** The policy of a type. */
    public CacheType get(String name) {
        CacheType type = configured.get(name);
        if (type != null) {
            return type;
        }
        return resolved.computeIfAbsent(name, n -> defaults.apply(CacheType.builder(n)).build());
    }

    /** The types configured explicitly. */
    public Collection<CacheType> configured() {
        return configured.values();
    }

    /**
     * Every type name this instance knows: the built-in table, the configured types and those looked up so far
     * (what a SCAN fallback may delete).
     */
    java.util.Set<String> knownNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(CacheType.BUILT_IN);
        names.addAll(configured.keySet());
        names.addAll(resolved.keySet());
        return names;
    }

    @Override
    public String toString() {
        return "CacheTypes" + configured.values();
    }
}
