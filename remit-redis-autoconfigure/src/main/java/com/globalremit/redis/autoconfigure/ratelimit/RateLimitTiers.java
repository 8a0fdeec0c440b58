package com.globalremit.redis.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.RateLimitAlgorithm;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The validated limits: each tier's {@link RateLimit} and each endpoint group's overrides, built once at
 * start-up from {@link RateLimitProperties}. Every bad value fails there, naming the property and the value.
 */
public final class RateLimitTiers {

    /** The design document's tiers, per minute. */
    public static final Map<String, Long> BUILT_IN = builtIn();

    private static final String PREFIX = "remit.redis.rate-limit.";

    private final Map<String, RateLimit> tiers;
    private final Map<String, Map<String, RateLimit>> groups;
    private final Map<String, String> roleTiers;
    private final String authenticatedTier;
    private final String unauthenticatedTier;

    /** Validates and resolves the properties; throws {@code InvalidConfigurationPropertyValueException} on a bad value. */
    public RateLimitTiers(RateLimitProperties properties) {
        Map<String, RateLimit> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, Long> builtIn : BUILT_IN.entrySet()) {
            resolved.put(builtIn.getKey(), RateLimit.perMinute(builtIn.getValue()));
        }
        for (Map.Entry<String, RateLimitProperties.Tier> e : properties.getTiers().entrySet()) {
            RateLimit base = resolved.getOrDefault(e.getKey(), RateLimit.perMinute(1));
            Long limit = e.getValue().getLimit();
            if (limit == null && !BUILT_IN.containsKey(e.getKey())) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "tiers." + e.getKey() + ".limit", null,
                        "A tier that is not built in (" + String.join(", ", BUILT_IN.keySet()) + ") needs a limit");
            }
            resolved.put(e.getKey(), merge(base, limit, e.getValue().getWindow(), e.getValue().getAlgorithm(),
                    PREFIX + "tiers." + e.getKey()));
        }
        this.tiers = Collections.unmodifiableMap(resolved);

        this.authenticatedTier = requireTier(properties.getAuthenticatedTier(), PREFIX + "authenticated-tier");
        this.unauthenticatedTier = requireTier(properties.getUnauthenticatedTier(), PREFIX + "unauthenticated-tier");
        Map<String, String> roles = new LinkedHashMap<>();
        properties.getRoleTiers().forEach((role, tier) -> roles.put(role,
                requireTier(tier, PREFIX + "role-tiers." + role)));
        this.roleTiers = Collections.unmodifiableMap(roles);

        Map<String, Map<String, RateLimit>> byGroup = new LinkedHashMap<>();
        for (Map.Entry<String, RateLimitProperties.EndpointGroup> g : properties.getEndpointGroups().entrySet()) {
            String name = PREFIX + "endpoint-groups." + g.getKey();
            RateLimitProperties.EndpointGroup group = g.getValue();
            Map<String, RateLimit> perTier = new LinkedHashMap<>();
            for (Map.Entry<String, RateLimit> tier : tiers.entrySet()) {
                RateLimit limit = merge(tier.getValue(), group.getLimit(), group.getWindow(), group.getAlgorithm(),
                        name);
                RateLimitProperties.Tier override = group.getTiers().get(tier.getKey());
                if (override != null) {
                    limit = merge(limit, override.getLimit(), override.getWindow(), override.getAlgorithm(),
                            name + ".tiers." + tier.getKey());
                }
                perTier.put(tier.getKey(), limit);
            }
            group.getTiers().keySet().forEach(t -> requireTier(t, name + ".tiers"));
            byGroup.put(g.getKey(), Collections.unmodifiableMap(perTier));
        }
        this.groups = Collections.unmodifiableMap(byGroup);
    }

    /** The limit of a tier on an endpoint group (the group's override, else the tier's own). */
    public RateLimit limit(String tier, String group) {
        Map<String, RateLimit> overrides = groups.get(group);
        RateLimit limit = overrides != null ? overrides.get(tier) : tiers.get(tier);
        if (limit == null) {
            throw new IllegalArgumentException("Unknown rate-limit tier '" + tier + "'; known tiers: "
                    + tiers.keySet());
        }
        return limit;
    }

    public boolean hasTier(String tier) {
        return tiers.containsKey(tier);
    }

    public Map<String, RateLimit> tiers() {
        return tiers;
    }

    public Map<String, String> roleTiers() {
        return roleTiers;
    }

    public String authenticatedTier() {
        return authenticatedTier;
    }

    public String unauthenticatedTier() {
        return unauthenticatedTier;
    }

    /** Of the given tiers, the one with the highest rate (limit per window), or {@code null} for none. */
    public String highest(Iterable<String> candidates) {
        String best = null;
        double bestRate = -1;
        for (String tier : candidates) {
            RateLimit limit = tiers.get(tier);
            double rate = (double) limit.limit() / limit.window().toMillis();
            if (rate > bestRate) {
                best = tier;
                bestRate = rate;
            }
        }
        return best;
    }

    private String requireTier(String tier, String property) {
        if (tier == null || !tiers.containsKey(tier)) {
            throw new InvalidConfigurationPropertyValueException(property, tier,
                    "Unknown tier; known tiers: " + tiers.keySet());
        }
        return tier;
    }

    private static RateLimit merge(RateLimit base, Long limit, Duration window, RateLimitAlgorithm algorithm,
            String property) {
        long l = limit != null ? limit : base.limit();
        Duration w = window != null ? window : base.window();
        RateLimitAlgorithm a = algorithm != null ? algorithm : base.algorithm();
        if (l <= 0) {
            throw new InvalidConfigurationPropertyValueException(property + ".limit", l, "must be at least 1");
        }
        if (w.isNegative() || w.isZero() || w.toNanos() % 1_000_000 != 0) {
            throw new InvalidConfigurationPropertyValueException(property + ".window", w,
                    "must be a positive whole number of milliseconds");
        }
        return new RateLimit(l, w, Objects.requireNonNull(a));
    }

    private static Map<String, Long> builtIn() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("unauthenticated", 60L);
        m.put("basic-teller", 300L);
        m.put("senior-teller", 600L);
        m.put("manager", 1000L);
        m.put("system", 5000L);
        return Collections.unmodifiableMap(m);
    }
}
