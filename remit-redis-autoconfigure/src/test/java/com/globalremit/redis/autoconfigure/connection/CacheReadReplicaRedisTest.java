package com.globalremit.redis.autoconfigure.connection;

import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.call;
import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.calls;
import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.resetStats;
import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.autoconfigure.cache.RemitCacheAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections.Feature;
import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code remit.redis.cache.read-from}: cache reads are served by the replica, writes by the primary. */
@RemitRedis(topology = Topology.SENTINEL)
class CacheReadReplicaRedisTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitCacheAutoConfiguration.class))
            .withPropertyValues("remit.redis.cache.defaults.near-cache=false");

    @Test
    void cacheOnItsOwnSentinelConnectionReadsFromTheReplica(RedisSentinelGroup group) {
        RedisServer primary = group.primary();
        RedisServer replica = group.replica();
        String sentinels = group.sentinels().stream().map(s -> s.host() + ":" + s.port())
                .collect(Collectors.joining(","));
        // The shared connection goes straight to the primary; the cache has its own, through the sentinels.
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + primary.port(),
                "remit.redis.cache.connection.sentinel.master=" + group.masterName(),
                "remit.redis.cache.connection.sentinel.nodes=" + sentinels, "remit.redis.cache.read-from=replica")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RemitCache cache = context.getBean(RemitCache.class);
                    CacheKey key = CacheKey.of("exchange-rate", "GBP-PHP");
                    cache.put(key, "71.9");
                    // The replica must hold the entry before it is asked for it.
                    Long acknowledged = call(primary, c -> c.sync().waitForReplication(1, 2000));
                    assertThat(acknowledged).isEqualTo(1L);
                    resetStats(List.of(primary, replica));

                    for (int i = 0; i < 5; i++) {
                        assertThat(cache.get(key, String.class, () -> "loaded, not read")).isEqualTo("71.9");
                    }
                    assertThat(calls(replica, "get")).isEqualTo(5);
                    assertThat(calls(primary, "get")).isZero();

                    cache.put(CacheKey.of("exchange-rate", "GBP-INR"), "112.4");
                    assertThat(calls(primary, "evalsha") + calls(primary, "eval")).isPositive();
                    assertThat(calls(replica, "evalsha") + calls(replica, "eval")).isZero();

                    // Only the cache reads from replicas: the shared client (monitor, health) stays on the primary.
                    RemitRedisConnections connections = context.getBean(RemitRedisConnections.class);
                    assertThat(connections.client(Feature.CACHE, "replica")).isNotSameAs(context.getBean(RemitRedisClient.class));
                    assertThat(connections.client(Feature.QUEUE)).isSameAs(context.getBean(RemitRedisClient.class));
                });
    }

    @Test
    void kebabCaseNamesAreLettuceReadFromValues() {
        assertThat(RemitRedisConnections.parseReadFrom("p", "replica-preferred"))
                .isSameAs(io.lettuce.core.ReadFrom.REPLICA_PREFERRED);
        assertThat(RemitRedisConnections.parseReadFrom("p", "lowest-latency"))
                .isSameAs(io.lettuce.core.ReadFrom.LOWEST_LATENCY);
        assertThat(RemitRedisConnections.parseReadFrom("p", " ")).isNull();
        // Every value the IDE metadata offers must parse.
        for (String hint : List.of("replica", "any-replica", "any", "upstream-preferred", "upstream",
                "subnet:10.0.0.0/8")) {
            assertThat(RemitRedisConnections.parseReadFrom("p", hint)).as(hint).isNotNull();
        }
    }
}
