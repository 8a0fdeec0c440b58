package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.StampedeProtection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Caching ({@code remit.redis.cache.*}): per-type policies, stampede protection, behaviour while Redis is down and
 * event-driven invalidation. Types not listed under {@code types} get the strategy document's defaults
 * (client-profile 5m, account-balance 30s, exchange-rate 1m, country-list and currency-list 1h,
 * transaction-history 5m, compliance-data 15m, anything else 5m).
 */
@ConfigurationProperties("remit.redis.cache")
public class RemitCacheProperties {

    /** Whether the cache (RemitCache, @RemitCached, the Spring CacheManager adapter) is set up. */
    private boolean enabled = true;

    /**
     * Where cache reads (GET, MGET) go: unset for the primary, or a Lettuce ReadFrom such as replica-preferred,
     * replica, any or lowest-latency. Writes, scripts and invalidations always go to the primary. A replica may lag:
     * a read right after an eviction can still see the old value until the replica catches up.
     */
    private String readFrom;

    /** How concurrent misses of one key are kept from all loading: LEASE (across instances) or LOCAL (per JVM). */
    private StampedeProtection stampedeProtection = StampedeProtection.LEASE;

    /** Longest time one instance holds the per-key load lease; a load taking longer is not written back. */
    private Duration leaseTime = Duration.ofSeconds(10);

    /** Longest time an instance waits for another instance's load before it loads itself. */
    private Duration leaseWait = Duration.ofSeconds(5);

    /** Longest wait for one Redis call of the cache; slower counts as a failure and the loader's value is served. */
    private Duration operationTimeout = Duration.ofMillis(500);

    /** Consecutive Redis failures after which the cache leaves Redis alone for open-duration. */
    private int failureThreshold = 3;

    /** How long the cache leaves Redis alone after failure-threshold failures; then one call probes it. */
    private Duration openDuration = Duration.ofSeconds(5);

    /** Redis failures are logged at most once per interval, with their count. */
    private Duration failureLogInterval = Duration.ofMinutes(1);

    /** Subscribe to the invalidation channel so near caches drop entries changed by other instances. */
    private boolean listenForInvalidations = true;

    /** Defaults for types without their own settings. */
    private final Type defaults = new Type();

    /** Per data type settings, by type name (e.g. client-profile); new types need no code. */
    private Map<String, Type> types = new LinkedHashMap<>();

    /** Application events mapped to the invalidations they imply. */
    private List<EventInvalidation> invalidateOn = new ArrayList<>();

    /** Settings of one data type; unset values fall back to remit.redis.cache.defaults, then the built-in table. */
    public static class Type {

        /** Time to live in Redis: the maximum age of a cached value (jitter only shortens it). */
        private Duration ttl;

        /** Each TTL is shortened by a random amount of up to this percentage (never lengthened) so entries written together do not expire together (0-50). */
        private Integer jitterPercent;

        /** Remember that the loader found nothing, for absent-ttl. */
        private Boolean cacheAbsent;

        /** How long a "not found" is remembered (capped at ttl). */
        private Duration absentTtl;

        /** Keep an in-process copy (Caffeine), kept coherent through Pub/Sub. On by default for country-list and currency-list only. */
        private Boolean nearCache;

        /** Most entries in the near cache of the type. */
        private Long nearCacheMaxSize;

        /** How long an in-process copy lives from when it was read from Redis (capped at ttl); without an invalidation a value can be served up to ttl + near-cache-ttl after it was loaded. */
        private Duration nearCacheTtl;

        public Duration getTtl() { return ttl; }
        public void setTtl(Duration ttl) { this.ttl = ttl; }
        public Integer getJitterPercent() { return jitterPercent; }
        public void setJitterPercent(Integer jitterPercent) { this.jitterPercent = jitterPercent; }
        public Boolean getCacheAbsent() { return cacheAbsent; }
        public void setCacheAbsent(Boolean cacheAbsent) { this.cacheAbsent = cacheAbsent; }
        public Duration getAbsentTtl() { return absentTtl; }
        public void setAbsentTtl(Duration absentTtl) { this.absentTtl = absentTtl; }
        public Boolean getNearCache() { return nearCache; }
        public void setNearCache(Boolean nearCache) { this.nearCache = nearCache; }
        public Long getNearCacheMaxSize() { return nearCacheMaxSize; }
        public void setNearCacheMaxSize(Long nearCacheMaxSize) { this.nearCacheMaxSize = nearCacheMaxSize; }
        public Duration getNearCacheTtl() { return nearCacheTtl; }
        public void setNearCacheTtl(Duration nearCacheTtl) { this.nearCacheTtl = nearCacheTtl; }
    }

    /**
     * One application event mapped to an invalidation: when an event of class {@code event} is published, evict
     * entry {@code type}/{@code key} or invalidate the whole group {@code group} (SpEL over {@code #event}).
     */
    public static class EventInvalidation {

        /** Fully qualified class name of the event (an ApplicationEvent or any published object). */
        private String event;

        /** Data type of the entry to evict (a cache type name, e.g. client-profile); requires key. */
        private String type;

        /** SpEL for the id of the entry to evict, e.g. "#event.clientId"; requires type. */
        private String key;

        /** SpEL for an entity id whose whole group is invalidated (every type cached for it), e.g. "#event.clientId". */
        private String group;

        public String getEvent() { return event; }
        public void setEvent(String event) { this.event = event; }
        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public String getGroup() { return group; }
        public void setGroup(String group) { this.group = group; }
    }

    public String getReadFrom() { return readFrom; }
    public void setReadFrom(String readFrom) { this.readFrom = readFrom; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public StampedeProtection getStampedeProtection() { return stampedeProtection; }
    public void setStampedeProtection(StampedeProtection stampedeProtection) { this.stampedeProtection = stampedeProtection; }
    public Duration getLeaseTime() { return leaseTime; }
    public void setLeaseTime(Duration leaseTime) { this.leaseTime = leaseTime; }
    public Duration getLeaseWait() { return leaseWait; }
    public void setLeaseWait(Duration leaseWait) { this.leaseWait = leaseWait; }
    public Duration getOperationTimeout() { return operationTimeout; }
    public void setOperationTimeout(Duration operationTimeout) { this.operationTimeout = operationTimeout; }
    public int getFailureThreshold() { return failureThreshold; }
    public void setFailureThreshold(int failureThreshold) { this.failureThreshold = failureThreshold; }
    public Duration getOpenDuration() { return openDuration; }
    public void setOpenDuration(Duration openDuration) { this.openDuration = openDuration; }
    public Duration getFailureLogInterval() { return failureLogInterval; }
    public void setFailureLogInterval(Duration failureLogInterval) { this.failureLogInterval = failureLogInterval; }
    public boolean isListenForInvalidations() { return listenForInvalidations; }
    public void setListenForInvalidations(boolean listenForInvalidations) { this.listenForInvalidations = listenForInvalidations; }
    public Type getDefaults() { return defaults; }
    public Map<String, Type> getTypes() { return types; }
    public void setTypes(Map<String, Type> types) { this.types = types; }
    public List<EventInvalidation> getInvalidateOn() { return invalidateOn; }
    public void setInvalidateOn(List<EventInvalidation> invalidateOn) { this.invalidateOn = invalidateOn; }
}
