package com.globalremit.redis.bench;

import com.globalremit.redis.autoconfigure.cache.RemitCacheAutoConfiguration;
import com.globalremit.redis.autoconfigure.cache.RemitCached;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RemitRedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * Cache hits of the same ~1 KB JSON value (a client profile record) through:
 * <ul>
 *   <li>{@link #remitCachedHit()}: a proxied bean method with {@code @RemitCached} (near cache off: one GET);</li>
 *   <li>{@link #remitCachedNearHit()}: the same with the type's near cache on (no Redis command);</li>
 *   <li>{@link #rawLettuceGetDecode()}: raw Lettuce GET + {@link ValueCodec} decode, the floor;</li>
 *   <li>{@link #springCacheableHit()}: Spring Data Redis {@code RedisCacheManager} with {@code @Cacheable} and a
 *       typed Jackson serializer;</li>
 *   <li>{@link #remitCachedMiss()} / {@link #springCacheableMiss()}: a miss of a fresh key each time (types with
 *       a 2 s TTL so the key space stays small), for the Redis commands per miss.</li>
 * </ul>
 * Run with {@code --threads=1} and {@code --threads=8}.
 */
@State(Scope.Benchmark)
public class CacheBenchmark extends RedisBenchmarkState {

    /** About 1 KB of JSON, like a client profile with its recent activity. */
    public record ClientProfile(String id, String name, String country, String kycStatus, String email,
            String phone, List<String> recentTransfers, Map<String, String> preferences) {

        static ClientProfile sample(String id) {
            List<String> transfers = IntStream.range(0, 25).mapToObj(i -> "TX-2026-11-" + (10 + i) + "-GBP-KES-"
                    + (1000 + i * 37)).toList();
            return new ClientProfile(id, "Amara Okafor", "GB", "VERIFIED", "amara.okafor@example.com",
                    "+44 20 7946 0000", transfers, Map.of("language", "en-GB", "channel", "branch", "notify", "sms",
                            "currency", "GBP", "branch", "LDN-01"));
        }
    }

    public static class RemitService {
        final AtomicLong loads = new AtomicLong();

        /** A method, not the field: the bean is a class proxy, whose own fields are not the target's. */
        public long loads() {
            return loads.get();
        }

        @RemitCached(type = "client-profile", key = "#id")
        public ClientProfile profile(String id) {
            loads.incrementAndGet();
            return ClientProfile.sample(id);
        }

        @RemitCached(type = "country-list", key = "#id")
        public ClientProfile nearProfile(String id) {
            loads.incrementAndGet();
            return ClientProfile.sample(id);
        }

        @RemitCached(type = "bench-miss", key = "#id")
        public ClientProfile missProfile(String id) {
            return ClientProfile.sample(id);
        }
    }

    public static class SpringService {
        @Cacheable("client-profile")
        public ClientProfile profile(String id) {
            return ClientProfile.sample(id);
        }

        @Cacheable("bench-miss")
        public ClientProfile missProfile(String id) {
            return ClientProfile.sample(id);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RemitConfiguration {
        @Bean
        RemitService remitService() {
            return new RemitService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class SpringConfiguration {
        @Bean(destroyMethod = "destroy")
        LettuceConnectionFactory redisConnectionFactory(org.springframework.core.env.Environment env) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                    "127.0.0.1", Integer.parseInt(env.getRequiredProperty("bench.redis.port"))));
            factory.afterPropertiesSet();
            return factory;
        }

        @Bean
        RedisCacheManager cacheManager(LettuceConnectionFactory factory) {
            RedisCacheConfiguration json = RedisCacheConfiguration.defaultCacheConfig()
                    .serializeValuesWith(RedisSerializationContext.SerializationPair
                            .fromSerializer(new JacksonJsonRedisSerializer<>(ClientProfile.class)));
            return RedisCacheManager.builder(factory).cacheDefaults(json.entryTtl(Duration.ofMinutes(5)))
                    .withCacheConfiguration("bench-miss", json.entryTtl(Duration.ofSeconds(2))).build();
        }

        @Bean
        SpringService springService() {
            return new SpringService();
        }
    }

    private AnnotationConfigApplicationContext remitContext;
    private AnnotationConfigApplicationContext springContext;
    private RemitService remit;
    private SpringService spring;
    private RedisCommands<String, byte[]> rawBytes;
    private ValueCodec codec;
    private final AtomicLong missIds = new AtomicLong();

    @Override
    protected void prepare() {
        int port = server.port();
        remitContext = new AnnotationConfigApplicationContext();
        remitContext.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bench", Map.of(
                "remit.redis.url", "redis://127.0.0.1:" + port,
                "remit.redis.cache.types.bench-miss.ttl", "2s")));
        remitContext.register(RemitRedisConnectionAutoConfiguration.class, RemitCacheAutoConfiguration.class,
                RemitConfiguration.class);
        remitContext.refresh();
        closeAfterTrial(remitContext);
        remit = remitContext.getBean(RemitService.class);

        springContext = new AnnotationConfigApplicationContext();
        springContext.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bench",
                Map.of("bench.redis.port", Integer.toString(port))));
        springContext.register(SpringConfiguration.class);
        springContext.refresh();
        closeAfterTrial(springContext);
        spring = springContext.getBean(SpringService.class);

        // The floor: the bytes our cache stores, read with a plain Lettuce GET and decoded with the same codec.
        codec = remitContext.getBean(ValueCodec.class);
        StatefulRedisConnection<String, byte[]> bytes = client.connect(RemitRedisClient.BYTES_CODEC);
        closeAfterTrial(bytes);
        rawBytes = bytes.sync();

        // Warm every hit path once, so the measurement sees hits only.
        remit.profile("123");
        remit.nearProfile("123");
        spring.profile("123");
        if (remit.loads() != 2 || remit.profile("123") == null || remit.loads() != 2) {
            throw new IllegalStateException("@RemitCached did not cache");
        }
        int size = rawBytes.get("client:profile:{123}").length;
        System.out.println("Cached value: " + size + " bytes as stored (JSON "
                + codec.mapper().writeValueAsBytes(ClientProfile.sample("123")).length + " bytes)");
    }

    @Benchmark
    public ClientProfile remitCachedHit() {
        return remit.profile("123");
    }

    @Benchmark
    public ClientProfile remitCachedNearHit() {
        return remit.nearProfile("123");
    }

    @Benchmark
    public ClientProfile rawLettuceGetDecode() {
        return codec.decode(rawBytes.get("client:profile:{123}"), ClientProfile.class);
    }

    @Benchmark
    public ClientProfile springCacheableHit() {
        return spring.profile("123");
    }

    @Benchmark
    public ClientProfile remitCachedMiss() {
        return remit.missProfile(Long.toString(missIds.incrementAndGet()));
    }

    @Benchmark
    public ClientProfile springCacheableMiss() {
        return spring.missProfile(Long.toString(missIds.incrementAndGet()));
    }
}
