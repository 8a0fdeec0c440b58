package com.globalremit.redis.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The caching policy of one data type ({@code client-profile}, {@code exchange-rate}, ...).
 *
 * @param name the data type, also the first parts of its keys: {@code client-profile} gives
 *        {@code client:profile:{id}}; a name without a dash {@code x} gives {@code cache:x:{id}}
 * @param ttl the longest a loaded value lives in Redis: a maximum age, jitter only shortens it
 * @param jitterPercent each write's TTL is shortened by a uniform random amount of up to this percentage of
 *        {@code ttl} (so it lies in [ttl - ttl * jitterPercent / 100, ttl], never above {@code ttl}), so entries
 *        written together do not expire together (0 to 50)
 * @param cacheAbsent whether a loader that found nothing is remembered, so repeated lookups of a missing id do not
 *        reach the database
 * @param absentTtl how long "nothing" is remembered (capped at {@code ttl})
 * @param nearCache whether an in-process copy is kept (Caffeine), kept coherent through Pub/Sub invalidations
 * @param nearCacheMaxSize most entries in the near cache of this type
 * @param nearCacheTtl how long a near-cache copy lives from when it was read from Redis (capped at {@code ttl});
 *        without an invalidation a value can be served up to {@code ttl + nearCacheTtl} after it was loaded
 */
public record CacheType(String name, Duration ttl, int jitterPercent, boolean cacheAbsent, Duration absentTtl,
        boolean nearCache, long nearCacheMaxSize, Duration nearCacheTtl) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_JITTER_PERCENT = 10;
    public static final Duration DEFAULT_ABSENT_TTL = Duration.ofSeconds(30);
    public static final long DEFAULT_NEAR_CACHE_MAX_SIZE = 10_000;
    public static final Duration DEFAULT_NEAR_CACHE_TTL = Duration.ofMinutes(1);
    /** The types of the strategy document's table. */
    public static final java.util.List<String> BUILT_IN = java.util.List.of("client-profile", "account-balance",
            "exchange-rate", "country-list", "currency-list", "transaction-history", "compliance-data");

    public CacheType {
        CacheKey.requireValidType(name);
        requirePositive("ttl", ttl);
        requirePositive("absentTtl", absentTtl);
        requirePositive("nearCacheTtl", nearCacheTtl);
        if (jitterPercent < 0 || jitterPercent > 50) {
            throw new IllegalArgumentException("jitterPercent must be between 0 and 50, was " + jitterPercent);
        }
        if (nearCacheMaxSize < 1) {
            throw new IllegalArgumentException("nearCacheMaxSize must be at least 1, was " + nearCacheMaxSize);
        }
        if (absentTtl.compareTo(ttl) > 0) {
            absentTtl = ttl;
        }
        if (nearCacheTtl.compareTo(ttl) > 0) {
            nearCacheTtl = ttl; // a near copy must never outlive the Redis entry it mirrors
        }
    }

    /** The policy a type gets without configuration: the strategy document's table, 5 minutes for other types. */
    public static CacheType defaults(String name) {
        return builder(name).build();
    }

    /** A builder starting from {@link #defaults(String)}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(name).ttl(ttl).jitterPercent(jitterPercent).cacheAbsent(cacheAbsent).absentTtl(absentTtl)
                .nearCache(nearCache).nearCacheMaxSize(nearCacheMaxSize).nearCacheTtl(nearCacheTtl);
    }

    /** The default TTL of a data type, exactly the strategy document's table; 5 minutes for any other type. */
    public static Duration defaultTtl(String name) {
        return switch (name) {
            case "client-profile", "transaction-history" -> Duration.ofMinutes(5);
            case "account-balance" -> Duration.ofSeconds(30);
            case "exchange-rate" -> Duration.ofMinutes(1);
            case "country-list", "currency-list" -> Duration.ofHours(1);
            case "compliance-data" -> Duration.ofMinutes(15);
            default -> DEFAULT_TTL;
        };
    }

    /** Only the long-lived, rarely changing lists get a near cache by default. */
    public static boolean defaultNearCache(String name) {
        return name.equals("country-list") || name.equals("currency-list");
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    public static final class Builder {
        private final String name;
        private Duration ttl;
        private int jitterPercent = DEFAULT_JITTER_PERCENT;
        private boolean cacheAbsent = true;
        private Duration absentTtl = DEFAULT_ABSENT_TTL;
        private boolean nearCache;
        private long nearCacheMaxSize = DEFAULT_NEAR_CACHE_MAX_SIZE;
        private Duration nearCacheTtl = DEFAULT_NEAR_CACHE_TTL;

        private Builder(String name) {
            this.name = CacheKey.requireValidType(name);
            this.ttl = defaultTtl(name);
            this.nearCache = defaultNearCache(name);
        }

        public Builder ttl(Duration ttl) { this.ttl = ttl; return this; }
        public Builder jitterPercent(int jitterPercent) { this.jitterPercent = jitterPercent; return this; }
        public Builder cacheAbsent(boolean cacheAbsent) { this.cacheAbsent = cacheAbsent; return this; }
        public Builder absentTtl(Duration absentTtl) { this.absentTtl = absentTtl; return this; }
        public Builder nearCache(boolean nearCache) { this.nearCache = nearCache; return this; }
        public Builder nearCacheMaxSize(long size) { this.nearCacheMaxSize = size; return this; }
        public Builder nearCacheTtl(Duration nearCacheTtl) { this.nearCacheTtl = nearCacheTtl; return this; }

        public CacheType build() {
            return new CacheType(name, ttl, jitterPercent, cacheAbsent, absentTtl, nearCache, nearCacheMaxSize,
                    nearCacheTtl);
        }
    }
}
