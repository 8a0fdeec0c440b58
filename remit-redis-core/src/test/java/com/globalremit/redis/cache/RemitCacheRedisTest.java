package com.globalremit.redis.cache;

import static com.globalremit.redis.cache.CacheTestSupport.awaitTrue;
import static com.globalremit.redis.cache.CacheTestSupport.client;
import static com.globalremit.redis.cache.CacheTestSupport.commandCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.globalremit.redis.cache.CacheTestSupport.Profile;
import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;

@RemitRedis
class RemitCacheRedisTest {

    private static final KeyNaming NAMING = KeyNaming.withPrefix("teller");

    private static RemitRedisClient clientA;
    private static RemitRedisClient clientB;
    /**
     * The test's own inspection (INFO, CONFIG RESETSTAT, KEYS, CLIENT KILL) needs rights the app user of
     * -Dremit.redis.test.acl=app lacks, so it connects as the admin; the caches under test use clientA/clientB.
     */
    private static RedisClient adminClient;
    private static StatefulRedisConnection<String, String> redis;
    private final List<RemitCache> caches = new ArrayList<>();

    @BeforeAll
    static void connect(RedisServer server) {
        clientA = client(server);
        clientB = client(server);
        adminClient = RedisClient.create(server.adminUri());
        redis = adminClient.connect();
    }

    @AfterAll
    static void disconnect() {
        clientA.close();
        clientB.close();
        redis.close();
        adminClient.shutdown();
    }

    @AfterEach
    void closeCaches() {
        caches.forEach(RemitCache::close);
    }

    private RemitCache cache(RemitRedisClient client, CacheTypes types, CacheOptions options) {
        RemitCache cache = RemitCache.builder(client).keyNaming(NAMING).types(types).options(options).build();
        caches.add(cache);
        return cache;
    }

    private RemitCache cache() {
        return cache(clientA, CacheTypes.defaults(), CacheOptions.DEFAULTS);
    }

    @Test
    void missLoadsAndStoresThenAHitIsOneGet() {
        RemitCache cache = cache();
        AtomicInteger loads = new AtomicInteger();
        Profile alice = new Profile("123", "Alice", "VERIFIED");

        Profile first = cache.get("client-profile", "123", Profile.class, () -> { loads.incrementAndGet(); return alice; });
        redis.sync().configResetstat();
        Profile second = cache.get("client-profile", "123", Profile.class, () -> { loads.incrementAndGet(); return null; });

        assertThat(first).isEqualTo(alice);
        assertThat(second).isEqualTo(alice);
        assertThat(loads).hasValue(1);
        assertThat(commandCalls(redis.sync())).containsExactly(Map.entry("get", 1L));
        assertThat(redis.sync().exists("teller:client:profile:{123}")).isEqualTo(1);
        assertThat(redis.sync().smembers("teller:cache:index:{123}")).contains("teller:client:profile:{123}");
    }

    @Test
    void eachTypeGetsItsTtlFromTheStrategyTable() {
        RemitCache cache = cache();
        Map<String, Duration> table = Map.of("client-profile", Duration.ofMinutes(5), "account-balance",
                Duration.ofSeconds(30), "exchange-rate", Duration.ofMinutes(1), "country-list", Duration.ofHours(1),
                "currency-list", Duration.ofHours(1), "transaction-history", Duration.ofMinutes(5), "compliance-data",
                Duration.ofMinutes(15), "loyalty-points", Duration.ofMinutes(5));
        table.forEach((type, ttl) -> {
            cache.get(type, "7", String.class, () -> "v");
            String key = cache.types().get(type).name().replaceFirst("-", ":");
            long pttl = redis.sync().pttl("teller:" + key + ":{7}");
            // The table's TTLs are maximum ages: jitter (10 %) only shortens them.
            assertThat(pttl).as(type).isBetween((long) (ttl.toMillis() * 0.89), ttl.toMillis());
        });
    }

    @Test
    void jitterSpreadsTtlsWithinTheConfiguredBounds() {
        CacheType rates = CacheType.builder("exchange-rate").ttl(Duration.ofSeconds(100)).jitterPercent(20).build();
        RemitCache cache = cache(clientA, CacheTypes.of(List.of(rates)), CacheOptions.DEFAULTS);
        Set<Long> ttls = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            cache.put(CacheKey.of("exchange-rate", "USD", "EUR" + i), 1.1);
            long pttl = redis.sync().pttl("teller:exchange:rate:{USD}:EUR" + i);
            assertThat(pttl).as("never above the configured TTL").isBetween(80_000L - 1_000, 100_000L);
            ttls.add(pttl / 1000);
        }
        assertThat(ttls).as("distinct TTL seconds").hasSizeGreaterThan(10);
        assertThat(ttls.stream().anyMatch(s -> s < 85)).isTrue();
        assertThat(ttls.stream().anyMatch(s -> s >= 95)).isTrue();
    }

    @Test
    void absentValuesAreRememberedForTheAbsentTtlUnlessSwitchedOff() {
        CacheType on = CacheType.builder("client-profile").absentTtl(Duration.ofSeconds(7)).build();
        CacheType off = CacheType.builder("compliance-data").cacheAbsent(false).build();
        RemitCache cache = cache(clientA, CacheTypes.of(List.of(on, off)), CacheOptions.DEFAULTS);
        AtomicInteger loads = new AtomicInteger();

        for (int i = 0; i < 5; i++) {
            assertThat(cache.get("client-profile", "missing", Profile.class, () -> { loads.incrementAndGet(); return null; }))
                    .isNull();
        }
        assertThat(loads).hasValue(1);
        assertThat(redis.sync().pttl("teller:client:profile:{missing}")).isBetween(1L, 7_700L);

        for (int i = 0; i < 3; i++) {
            cache.get("compliance-data", "missing", Profile.class, () -> { loads.incrementAndGet(); return null; });
        }
        assertThat(loads).hasValue(4);
        assertThat(redis.sync().exists("teller:compliance:data:{missing}")).isZero();
        assertThat(redis.sync().exists("teller:cache:lease:{missing}:compliance-data")).as("lease released").isZero();
    }

    @Test
    void hundredConcurrentMissesCallTheLoaderOnce() throws Exception {
        RemitCache cache = cache();
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Profile>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get("client-profile", "hot", Profile.class, () -> {
                        loads.incrementAndGet();
                        Thread.sleep(300);
                        return new Profile("hot", "Hot", "VERIFIED");
                    });
                }));
            }
            start.countDown();
            for (Future<Profile> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).name()).isEqualTo("Hot");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void twoInstancesWithLeasesLoadAtMostOncePerExpiry() throws Exception {
        // Long enough that no late thread of a round misses again after the entry expired, even on a loaded machine.
        CacheType shortLived = CacheType.builder("account-balance").ttl(Duration.ofSeconds(2)).jitterPercent(0).build();
        CacheTypes types = CacheTypes.of(List.of(shortLived));
        RemitCache a = cache(clientA, types, CacheOptions.DEFAULTS);
        RemitCache b = cache(clientB, types, CacheOptions.DEFAULTS);
        AtomicInteger loads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 1; round <= 2; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    RemitCache instance = i % 2 == 0 ? a : b;
                    results.add(pool.submit(() -> {
                        start.await();
                        return instance.get("account-balance", "456", Long.class, () -> {
                            loads.incrementAndGet();
                            Thread.sleep(200);
                            return 1_000L;
                        });
                    }));
                }
                start.countDown();
                for (Future<Long> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1_000L);
                }
                assertThat(loads).as("loads after round " + round).hasValue(round);
                awaitTrue("entry expired", Duration.ofSeconds(10),
                        () -> redis.sync().exists("teller:account:balance:{456}") == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withLocalProtectionOnlyEachInstanceLoads() throws Exception {
        CacheOptions local = CacheOptions.builder().stampedeProtection(StampedeProtection.LOCAL).build();
        RemitCache a = cache(clientA, CacheTypes.defaults(), local);
        RemitCache b = cache(clientB, CacheTypes.defaults(), local);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch bothLoading = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (RemitCache instance : List.of(a, b)) {
                results.add(pool.submit(() -> instance.get("client-profile", "9", String.class, () -> {
                    loads.incrementAndGet();
                    bothLoading.countDown();
                    bothLoading.await(10, TimeUnit.SECONDS);
                    return "x";
                })));
            }
            for (Future<String> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("x");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).as("the lease is what keeps the second instance from loading").hasValue(2);
    }

    @Test
    void evictionDuringALoadFencesTheStaleWrite() throws Exception {
        RemitCache cache = cache();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> cache.get("client-profile", "55", String.class, () -> {
                loading.countDown();
                evicted.await(10, TimeUnit.SECONDS);
                return "old KYC status";
            }));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.evict(CacheKey.of("client-profile", "55"))).isTrue();
            evicted.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("old KYC status");
        } finally {
            pool.shutdownNow();
        }
        assertThat(redis.sync().exists("teller:client:profile:{55}")).as("stale value not written back").isZero();
        assertThat(cache.get("client-profile", "55", String.class, () -> "new KYC status")).isEqualTo("new KYC status");
    }

    @Test
    void anExplicitPutDuringALoadWinsOverTheLoadersOlderValue() throws Exception {
        RemitCache loading = cache();
        RemitCache updating = cache(clientB, CacheTypes.defaults(), CacheOptions.DEFAULTS);
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch put = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // The load read the database before the update...
            Future<String> slow = pool.submit(() -> loading.get("client-profile", "56", String.class, () -> {
                inLoader.countDown();
                put.await(10, TimeUnit.SECONDS);
                return "v1 (read before the update)";
            }));
            assertThat(inLoader.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(redis.sync().exists("teller:cache:lease:{56}:client-profile")).as("lease taken").isOne();
            // ...the update is written through with @CachePut / put()...
            assertThat(updating.put(CacheKey.of("client-profile", "56"), "v2")).isTrue();
            put.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).startsWith("v1");
        } finally {
            pool.shutdownNow();
        }
        // ...and the load's fenced write must not replace it.
        assertThat(updating.get("client-profile", "56", String.class, () -> "reloaded")).isEqualTo("v2");
        assertThat(redis.sync().exists("teller:cache:lease:{56}:client-profile")).isZero();
        assertThat(redis.sync().smembers("teller:cache:index:{56}")).containsExactly("teller:client:profile:{56}");
    }

    @Test
    void aWaiterThatGivesUpReturnsItsValueButDoesNotWriteIt() throws Exception {
        RemitCache holder = cache();
        RemitCache waiter = cache(clientB, CacheTypes.defaults(),
                CacheOptions.builder().leaseWait(Duration.ofMillis(200)).build());
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> holder.get("client-profile", "57", String.class, () -> {
                inLoader.countDown();
                release.await(10, TimeUnit.SECONDS);
                return "holder's old value";
            }));
            assertThat(inLoader.await(10, TimeUnit.SECONDS)).isTrue();
            // The waiter gives up after lease-wait and loads itself; the data changes and is evicted meanwhile.
            String own = waiter.get("client-profile", "57", String.class, () -> {
                assertThat(holder.evict(CacheKey.of("client-profile", "57"))).isTrue();
                return "waiter's old value";
            });
            assertThat(own).isEqualTo("waiter's old value");
            assertThat(redis.sync().exists("teller:client:profile:{57}")).as("not written back unfenced").isZero();
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("holder's old value");
        } finally {
            pool.shutdownNow();
        }
        assertThat(redis.sync().exists("teller:client:profile:{57}")).as("the holder is fenced by the eviction").isZero();
        assertThat(waiter.get("client-profile", "57", String.class, () -> "new")).isEqualTo("new");
    }

    @Test
    void aCorruptValueIsAMissAndIsReplaced() {
        RemitCache cache = cache();
        clientA.sync().set("teller:client:profile:{77}", new byte[] {0x01, '{', 'n', 'o', 't'});
        AtomicInteger loads = new AtomicInteger();

        Profile loaded = cache.get("client-profile", "77", Profile.class,
                () -> { loads.incrementAndGet(); return new Profile("77", "Bob", "PENDING"); });
        Profile again = cache.get("client-profile", "77", Profile.class,
                () -> { loads.incrementAndGet(); return null; });

        assertThat(loaded.name()).isEqualTo("Bob");
        assertThat(again).isEqualTo(loaded);
        assertThat(loads).hasValue(1);
        byte[] stored = clientA.sync().get("teller:client:profile:{77}");
        assertThat(ValueCodec.create().decode(stored, Profile.class)).isEqualTo(loaded);
    }

    @Test
    void genericTypesAndLargeValuesRoundTripCompressed() {
        RemitCache cache = cache();
        JavaType listOfProfiles = cache.codec().mapper().constructType(new TypeReference<List<Profile>>() { });
        List<Profile> many = IntStream.range(0, 200).mapToObj(i -> new Profile("" + i, "Name " + i, "VERIFIED"))
                .toList();
        cache.get(CacheKey.of("transaction-history", "123", "recent"), listOfProfiles, () -> many);
        List<Profile> read = cache.get(CacheKey.of("transaction-history", "123", "recent"), listOfProfiles, () -> null);
        assertThat(read).isEqualTo(many);
        byte[] raw = clientA.sync().get("teller:transaction:history:{123}:recent");
        assertThat(raw[0]).as("LZ4 header").isEqualTo(ValueCodec.HEADER_LZ4);
    }

    @Test
    void loaderExceptionsReachTheCallerAndAreNotCached() {
        RemitCache cache = cache();
        assertThatThrownBy(() -> cache.get("client-profile", "err", String.class, () -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");
        assertThatThrownBy(() -> cache.get("client-profile", "err", String.class, () -> {
            throw new java.io.IOException("checked");
        })).isInstanceOf(CacheLoadException.class).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(redis.sync().exists("teller:cache:lease:{err}:client-profile")).as("lease released").isZero();
        assertThat(cache.get("client-profile", "err", String.class, () -> "fine")).isEqualTo("fine");
    }

    @Test
    void getAllIsOneMgetAndOneLoaderCallForTheMissingIds() {
        RemitCache cache = cache();
        cache.put(CacheKey.of("account-balance", "1"), 100L);
        List<Set<String>> loaderCalls = new ArrayList<>();
        JavaType longType = cache.codec().mapper().constructType(Long.class);
        redis.sync().configResetstat();

        Map<String, Long> balances = cache.getAll("account-balance", List.of("1", "2", "3", "4"), longType, ids -> {
            loaderCalls.add(ids);
            return ids.stream().filter(id -> !id.equals("4")).collect(Collectors.toMap(id -> id, Long::parseLong));
        });

        assertThat(balances).containsExactly(Map.entry("1", 100L), Map.entry("2", 2L), Map.entry("3", 3L));
        assertThat(loaderCalls).containsExactly(Set.of("2", "3", "4"));
        // No GET per id: the only GETs are the fenced writes' lease checks inside cache_put.lua (2, 3, absent 4).
        assertThat(commandCalls(redis.sync())).containsEntry("mget", 1L).containsEntry("get", 3L);
        assertThat(cache.getAll("account-balance", List.of("1", "2", "3", "4"), longType, ids -> {
            throw new AssertionError("all cached, absent 4 included: " + ids);
        })).hasSize(3);
    }

    @Test
    void getAllDoesNotWriteBackAValueEvictedDuringItsLoad() {
        RemitCache cache = cache();
        JavaType stringType = cache.codec().mapper().constructType(String.class);
        Map<String, String> loaded = cache.getAll("client-profile", List.of("b1", "b2"), stringType, ids -> {
            // The data of b1 changes while the batch loads: its eviction must win over the batch's old value.
            assertThat(cache.evict(CacheKey.of("client-profile", "b1"))).isTrue();
            return Map.of("b1", "old b1", "b2", "b2");
        });
        assertThat(loaded).containsEntry("b1", "old b1").containsEntry("b2", "b2");
        assertThat(redis.sync().exists("teller:client:profile:{b1}")).as("fenced off by the eviction").isZero();
        assertThat(redis.sync().exists("teller:client:profile:{b2}")).isOne();
        assertThat(redis.sync().keys("teller:cache:lease:{b*")).as("leases written or released").isEmpty();
    }

    @Test
    void getAllLeavesAKeyWhoseLeaseAnotherLoadHoldsToThatLoad() throws Exception {
        RemitCache single = cache();
        RemitCache batch = cache(clientB, CacheTypes.defaults(), CacheOptions.DEFAULTS);
        JavaType stringType = batch.codec().mapper().constructType(String.class);
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> single.get("client-profile", "b3", String.class, () -> {
                inLoader.countDown();
                release.await(10, TimeUnit.SECONDS);
                return "holder";
            }));
            assertThat(inLoader.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(batch.getAll("client-profile", List.of("b3", "b4"), stringType,
                    ids -> Map.of("b3", "batch", "b4", "batch"))).containsEntry("b3", "batch");
            assertThat(redis.sync().exists("teller:client:profile:{b3}")).as("the lease holder writes").isZero();
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("holder");
        } finally {
            pool.shutdownNow();
        }
        assertThat(single.get("client-profile", "b3", String.class, () -> "reloaded")).isEqualTo("holder");
        assertThat(single.get("client-profile", "b4", String.class, () -> "reloaded")).isEqualTo("batch");
    }

    @Test
    void groupInvalidationDropsEveryTypeOfOneEntityOnly() {
        RemitCache cache = cache();
        for (String id : List.of("123", "12*", "1234")) {
            cache.put(CacheKey.of("client-profile", id), "p" + id);
            cache.put(CacheKey.of("compliance-data", id), "c" + id);
            cache.put(CacheKey.of("transaction-history", id, "recent"), "t" + id);
        }
        assertThat(cache.invalidateGroup("12*")).isEqualTo(3);
        assertThat(redis.sync().keys("teller:*{12\\*}*")).isEmpty();
        assertThat(redis.sync().keys("teller:*{123}*")).hasSize(4); // 3 values + index
        assertThat(redis.sync().keys("teller:*{1234}*")).hasSize(4);
        assertThat(cache.invalidateGroupByScan("123")).isEqualTo(4);
        assertThat(redis.sync().keys("teller:*{1234}*")).hasSize(4);
    }

    @Test
    void groupInvalidationByScanDeletesOnlyTheCachesKeysNotOtherFeaturesKeysOfTheSameId() {
        RemitCache cache = cache();
        cache.put(CacheKey.of("client-profile", "g7"), "p");
        cache.put(CacheKey.of("transaction-history", "g7", "recent"), "t");
        cache.put(CacheKey.of("rates", "g7"), "r"); // a type without a dash: cache:rates:{g7}
        // Written without the index (by another tool or another version): a built-in type and a lease.
        redis.sync().set("teller:compliance:data:{g7}", "c");
        redis.sync().set("teller:cache:lease:{g7}:client-profile", "token");
        // Other features' keys with the same id in their hash tag: SCAN's *:*:{g7}* matches them all.
        List<String> others = List.of("teller:rate_limit:counter:{g7}:transfer", "teller:rate_limit:log:{g7}",
                "teller:session:data:{g7}", "teller:queue:wait:{g7}:h", "teller:queue:job:{g7}:42",
                "teller:client:profile:{g7}x", "teller:unknown:thing:{g7}");
        others.forEach(key -> redis.sync().set(key, "keep"));

        long deleted = cache.invalidateGroupByScan("g7");

        assertThat(redis.sync().keys("teller:*{g7}*")).containsExactlyInAnyOrderElementsOf(others);
        assertThat(deleted).as("3 values, index, compliance value, lease").isEqualTo(6);
    }

    @Test
    void nearCacheInvalidationReachesTheOtherInstanceWithinASecond() {
        RemitCache a = cache(clientA, CacheTypes.defaults(), CacheOptions.DEFAULTS);
        RemitCache b = cache(clientB, CacheTypes.defaults(), CacheOptions.DEFAULTS);
        List<String> v1 = List.of("GB", "KE", "PH");
        JavaType listType = a.codec().mapper().constructType(new TypeReference<List<String>>() { });
        assertThat(a.<List<String>>get(CacheKey.of("country-list", "all"), listType, () -> v1)).isEqualTo(v1);
        assertThat(b.<List<String>>get(CacheKey.of("country-list", "all"), listType, () -> null)).isEqualTo(v1);
        assertThat(b.nearCacheSize("country-list")).isEqualTo(1);
        redis.sync().configResetstat();
        assertThat(b.<List<String>>get(CacheKey.of("country-list", "all"), listType, () -> null)).isEqualTo(v1);
        assertThat(commandCalls(redis.sync())).as("near-cache hit sends nothing").isEmpty();

        long start = System.nanoTime();
        a.evict(CacheKey.of("country-list", "all"));
        awaitTrue("near cache of b emptied", Duration.ofSeconds(1), () -> b.nearCacheSize("country-list") == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        List<String> v2 = List.of("GB", "KE", "PH", "NG");
        assertThat(b.<List<String>>get(CacheKey.of("country-list", "all"), listType, () -> v2)).isEqualTo(v2);

        a.get(CacheKey.of("country-list", "all"), listType, () -> null);
        assertThat(a.nearCacheSize("country-list")).isEqualTo(1);
        b.invalidateGroup("all");
        awaitTrue("group invalidation reached a", Duration.ofSeconds(1), () -> a.nearCacheSize("country-list") == 0);
    }

    @Test
    void nearCacheIsClearedWhenThePubSubConnectionIsLost() {
        RemitCache b = cache(clientB, CacheTypes.defaults(), CacheOptions.DEFAULTS);
        b.get(CacheKey.of("currency-list", "all"), String.class, () -> "USD,EUR");
        assertThat(b.nearCacheSize("currency-list")).isEqualTo(1);
        redis.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        awaitTrue("near cache cleared", Duration.ofSeconds(5), () -> b.nearCacheSize("currency-list") == 0);
        // After the subscription is back, the near cache is used again.
        awaitTrue("near cache filled again", Duration.ofSeconds(10), () -> {
            b.get(CacheKey.of("currency-list", "all"), String.class, () -> "USD,EUR");
            return b.nearCacheSize("currency-list") == 1;
        });
    }

    @Test
    void jitterArithmeticStaysInBounds() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long ttl = RemitCache.jittered(60_000, 10);
            // Only shortens: a TTL is the maximum age of a value (balances 30 s, compliance data 15 min).
            assertThat(ttl).isBetween(54_000L, 60_000L);
            min = Math.min(min, ttl);
            max = Math.max(max, ttl);
        }
        assertThat(min).as("uses the whole spread").isLessThan(54_600L);
        assertThat(max).as("up to the TTL itself").isGreaterThan(59_400L);
        for (int i = 0; i < 1_000; i++) {
            assertThat(RemitCache.jittered(30_000, 50)).isBetween(15_000L, 30_000L);
            assertThat(RemitCache.jittered(900_000, 10)).isBetween(810_000L, 900_000L);
        }
        assertThat(RemitCache.jittered(60_000, 0)).isEqualTo(60_000);
        assertThat(RemitCache.jittered(5, 10)).isEqualTo(5);
        assertThat(new String(InvalidationMessage.key("t", "k", "g").encode().getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).isEqualTo("K\nt\nk\ng");
    }
}
