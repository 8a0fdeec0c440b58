package com.globalremit.redis.cache;

import static com.globalremit.redis.cache.CacheTestSupport.awaitTrue;
import static com.globalremit.redis.cache.CacheTestSupport.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;

/** Redis killed or hung mid-test: callers get loader values, never exceptions, and caching resumes by itself. */
@RemitRedis
class RemitCacheOutageRedisTest {

    private static final CacheOptions FAST_FAILING = CacheOptions.builder().operationTimeout(Duration.ofMillis(300))
            .failureThreshold(2).openDuration(Duration.ofMillis(500)).build();

    @Test
    void redisKilledMidTestServesLoaderValuesAndResumesAfterRestart(RedisServer server) {
        AtomicInteger loads = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        CacheListener counting = new CacheListener() {
            @Override
            public void redisFailure(Throwable error) {
                failures.incrementAndGet();
            }
        };
        try (RemitRedisClient redis = client(server);
                RemitCache cache = RemitCache.builder(redis).options(FAST_FAILING).listener(counting).build()) {
            assertThat(cache.get("client-profile", "1", String.class, () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
            assertThat(cache.get("client-profile", "1", String.class, () -> "v" + loads.incrementAndGet())).isEqualTo("v1");

            server.kill();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                String value = cache.get("client-profile", "1", String.class, () -> "down" + loads.incrementAndGet());
                assertThat(value).startsWith("down");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(loads).hasValue(21);
            assertThat(cache.isCircuitOpen()).isTrue();
            assertThat(failures.get()).as("circuit keeps Redis alone while open").isBetween(2, 12);

            server.restart();
            awaitTrue("caching resumed", Duration.ofSeconds(20), () -> {
                int before = loads.get();
                cache.get("client-profile", "2", String.class, () -> "back" + loads.incrementAndGet());
                return cache.get("client-profile", "2", String.class, () -> "back" + loads.incrementAndGet()) != null
                        && loads.get() == before + 1 && !cache.isCircuitOpen();
            });
            assertThat(redis.sync().exists("client:profile:{2}")).isEqualTo(1L);
        }
    }

    @Test
    void invalidationsThatCouldNotBeSentAreSentWhenRedisAnswersAgain(RedisServer server) {
        CacheOptions longOpen = CacheOptions.builder().operationTimeout(Duration.ofMillis(300)).failureThreshold(2)
                .openDuration(Duration.ofSeconds(3)).build();
        try (RemitRedisClient redis = client(server); RemitCache cache = RemitCache.builder(redis).options(longOpen)
                .build()) {
            cache.get("client-profile", "42", String.class, () -> "PENDING");
            cache.get("compliance-data", "42", String.class, () -> "clean");
            server.pause();
            try {
                cache.get("exchange-rate", "USD", Double.class, () -> 1.0);
                cache.get("exchange-rate", "USD", Double.class, () -> 1.0);
            } finally {
                server.resume();
            }
            // Redis is back with its data, but this instance still leaves it alone: the invalidations are not sent
            // now (so only the replay can delete the entries below).
            assertThat(cache.isCircuitOpen()).isTrue();
            assertThat(cache.evict(CacheKey.of("client-profile", "42"))).isFalse();
            assertThat(cache.invalidateGroup("42")).isEqualTo(-1);
            assertThat(cache.pendingInvalidations()).isEqualTo(2);
            assertThat(redis.sync().exists("client:profile:{42}", "compliance:data:{42}")).isEqualTo(2);

            awaitTrue("pending invalidations delivered", Duration.ofSeconds(20), () -> {
                cache.get("exchange-rate", "USD", Double.class, () -> 1.0);
                return cache.pendingInvalidations() == 0;
            });
            awaitTrue("stale entries gone", Duration.ofSeconds(10),
                    () -> redis.sync().exists("client:profile:{42}", "compliance:data:{42}") == 0);
            assertThat(cache.get("client-profile", "42", String.class, () -> "VERIFIED")).isEqualTo("VERIFIED");
        }
    }

    @Test
    void aBatchLoadWithNothingToWriteDoesNotKeepTheCircuitOpen(RedisServer server) {
        CacheTypes noAbsences = CacheTypes.of(List.of(CacheType.builder("account-balance").cacheAbsent(false).build()));
        try (RemitRedisClient redis = client(server); RemitCache cache = RemitCache.builder(redis).options(FAST_FAILING)
                .types(noAbsences).build()) {
            server.pause();
            try {
                cache.get("exchange-rate", "GBP", Double.class, () -> 2.0);
                cache.get("exchange-rate", "GBP", Double.class, () -> 2.0);
                assertThat(cache.isCircuitOpen()).isTrue();
            } finally {
                server.resume();
            }
            // Starts while the circuit is open (no MGET) and ends after open-duration: the probe is free again when
            // it would write, but the loader found nothing and absences are not cached, so nothing is sent.
            JavaType longType = cache.codec().mapper().constructType(Long.class);
            Map<String, Long> none = cache.getAll("account-balance", List.of("1", "2"), longType, ids -> {
                Thread.sleep(FAST_FAILING.openDuration().toMillis() + 200);
                return Map.of();
            });
            assertThat(none).isEmpty();
            awaitTrue("closed again", Duration.ofSeconds(5), () -> {
                cache.get("exchange-rate", "USD", Double.class, () -> 1.0);
                return !cache.isCircuitOpen();
            });
        }
    }

    @Test
    void aHungRedisIsBoundedByTheOperationTimeout(RedisServer server) {
        try (RemitRedisClient redis = client(server); RemitCache cache = RemitCache.builder(redis).options(FAST_FAILING)
                .build()) {
            cache.get("exchange-rate", "USD", Double.class, () -> 1.0);
            server.pause();
            try {
                long start = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    assertThat(cache.get("exchange-rate", "GBP", Double.class, () -> 2.0)).isEqualTo(2.0);
                }
                // 2 timeouts open the circuit, the remaining calls skip Redis.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                assertThat(cache.isCircuitOpen()).isTrue();
            } finally {
                server.resume();
            }
            awaitTrue("closed again", Duration.ofSeconds(20), () -> {
                cache.get("exchange-rate", "USD", Double.class, () -> 1.0);
                return !cache.isCircuitOpen();
            });
        }
    }
}
