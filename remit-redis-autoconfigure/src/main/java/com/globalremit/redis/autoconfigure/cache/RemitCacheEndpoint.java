package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.cache.CacheType;
import com.globalremit.redis.cache.RemitCache;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/remitcache}: the policy of every known data type, its near-cache size on this instance, and
 * whether the cache is currently leaving Redis alone (circuit open). Read-only, no keys or values.
 */
@Endpoint(id = "remitcache")
public class RemitCacheEndpoint {

    private final RemitCache cache;

    public RemitCacheEndpoint(RemitCache cache) {
        this.cache = cache;
    }

    public record TypeReport(Duration ttl, int jitterPercent, boolean cacheAbsent, Duration absentTtl,
            boolean nearCache, Duration nearCacheTtl, long nearCacheSize) { }

    public record CacheReport(boolean circuitOpen, Map<String, TypeReport> types) { }

    @ReadOperation
    public CacheReport report() {
        TreeSet<String> names = new TreeSet<>(CacheType.BUILT_IN); // reported even before first use
        cache.types().configured().forEach(t -> names.add(t.name()));
        Map<String, TypeReport> types = new LinkedHashMap<>();
        for (String name : names) {
            CacheType t = cache.types().get(name);
            types.put(name, new TypeReport(t.ttl(), t.jitterPercent(), t.cacheAbsent(), t.absentTtl(), t.nearCache(),
                    t.nearCacheTtl(), cache.nearCacheSize(name)));
        }
        return new CacheReport(cache.isCircuitOpen(), types);
    }
}
