package com.globalremit.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Group invalidation on a 3-master cluster: exactly the group, on whichever master it lives, glob ids included. */
@RemitRedis(topology = Topology.CLUSTER, masters = 3)
class RemitCacheClusterRedisTest {

    private static final List<String> IDS = List.of("123", "12*", "1?3", "12", "1234", "[12]3", "a\\b");
    private static final List<String> TYPES = List.of("client-profile", "compliance-data", "account-balance");

    @Test
    void groupInvalidationRemovesExactlyTheGroupOnEveryMaster(RedisClusterGroup cluster) {
        RedisConnectionSettings settings = RedisConnectionSettings.cluster(cluster.nodes().stream()
                .map(n -> n.host() + ":" + n.port()).toArray(String[]::new)).build();
        try (RemitRedisClient redis = RemitRedisClient.create(settings);
                RemitCache cache = RemitCache.builder(redis).keyNaming(KeyNaming.withPrefix("teller")).build()) {
            for (String id : IDS) {
                for (String type : TYPES) {
                    assertThat(cache.get(type, id, String.class, () -> type + "/" + id)).isEqualTo(type + "/" + id);
                }
                cache.put(CacheKey.of("transaction-history", id, "recent"), List.of(id));
            }
            Set<String> before = allKeys(redis);
            assertThat(before).hasSize(IDS.size() * 5); // 3 types + 1 qualified + index per id
            assertThat(mastersHolding(redis, before)).as("entities spread over masters").isGreaterThan(1);

            List<String> gone = new ArrayList<>();
            for (String id : List.of("12*", "1?3", "[12]3", "123")) {
                long deleted = id.equals("123") ? cache.invalidateGroupByScan(id) : cache.invalidateGroup(id);
                assertThat(deleted).as(id).isEqualTo(id.equals("123") ? 5 : 4);
                gone.add(id);
                Set<String> expected = before.stream().filter(k -> gone.stream().noneMatch(g -> k.contains("{" + g + "}")))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(allKeys(redis)).as("after invalidating " + id).isEqualTo(expected);
            }
            // The rest still serve hits.
            assertThat(cache.get("client-profile", "1234", String.class, () -> "reloaded")).isEqualTo("client-profile/1234");
            assertThat(cache.get("client-profile", "12*", String.class, () -> "reloaded")).isEqualTo("reloaded");
            assertThat(cache.getAll("account-balance", IDS, cache.codec().mapper().constructType(String.class),
                    missing -> Map.of())).containsOnlyKeys("12", "1234", "a\\b");
        }
    }

    private static Set<String> allKeys(RemitRedisClient redis) {
        Set<String> keys = new TreeSet<>();
        redis.forEachMaster(c -> ScanIterator.scan(c, ScanArgs.Builder.limit(1000)).forEachRemaining(keys::add));
        return keys;
    }

    private static long mastersHolding(RemitRedisClient redis, Set<String> keys) {
        return redis.fromEachMaster(c -> c.dbsize()).values().stream().filter(n -> n > 0).count();
    }
}
