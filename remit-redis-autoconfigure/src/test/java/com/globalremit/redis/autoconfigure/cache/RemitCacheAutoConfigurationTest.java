package com.globalremit.redis.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import com.globalremit.redis.autoconfigure.cache.events.bad.AccountRenamed;
import com.globalremit.redis.autoconfigure.cache.events.good.AccountClosed;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@RemitRedis
class RemitCacheAutoConfigurationTest {

    record Profile(String id, String name, String kycStatus) { }

    record Rate(String from, String to, BigDecimal rate) { }

    /** Published as a plain object: the annotation says what it invalidates. */
    @RemitCacheEvict(type = "client-profile", key = "#event.clientId")
    record KycStatusChanged(String clientId, String status) { }

    /** Mapped in configuration only. */
    record ClientClosed(String clientId) { }

    /** A plain class (no interface): proxied by class. */
    static class ClientService {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @RemitCached(type = "client-profile", key = "#id")
        public Profile profile(String id) {
            calls.incrementAndGet();
            return new Profile(id, "Client " + id, "PENDING");
        }

        @RemitCached(type = "exchange-rate", key = "#from", qualifier = "#to")
        public List<Rate> rates(String from, String to) {
            calls.incrementAndGet();
            return List.of(new Rate(from, to, new BigDecimal("1.2345")));
        }

        @RemitCached(type = "compliance-data")
        public Optional<Profile> flagged(String id) {
            calls.incrementAndGet();
            return Optional.empty();
        }

        @RemitCached(type = "account-balance", key = "#accountId")
        public Map<String, BigDecimal> balances(String accountId) throws IOException {
            calls.incrementAndGet();
            throw new IOException("core banking down");
        }

        @RemitCacheEvict(type = "client-profile", key = "#id")
        public void updateKyc(String id, String status) {
        }

        @RemitCacheEvict(group = "#id")
        public void forget(String id) {
        }
    }

    static class SpringCachedService {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Cacheable("client-profile")
        public List<Profile> household(String clientId) {
            calls.incrementAndGet();
            return List.of(new Profile(clientId, "A", "VERIFIED"), new Profile(clientId + "-2", "B", "PENDING"));
        }

        @CacheEvict("client-profile")
        public void changed(String clientId) {
        }

        /** sync = true goes through Cache.get(key, loader): the lease and single flight of RemitCache. */
        @Cacheable(cacheNames = "compliance-data", sync = true)
        public Profile screening(String clientId) {
            calls.incrementAndGet();
            return clientId.startsWith("none") ? null : new Profile(clientId, "S", "CLEAR");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        ClientService clientService() {
            return new ClientService();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class SpringCaching {
        @Bean
        SpringCachedService springCachedService() {
            return new SpringCachedService();
        }
    }

    /** Inspection (KEYS) needs rights the app user of -Dremit.redis.test.acl=app lacks: an admin connection. */
    private static RedisClient adminClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void connectAdmin(RedisServer server) {
        adminClient = RedisClient.create(server.adminUri());
        redis = adminClient.connect();
    }

    @AfterAll
    static void closeAdmin() {
        redis.close();
        adminClient.shutdown();
    }

    private ApplicationContextRunner runner(RedisServer server) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                        RemitCacheAutoConfiguration.class))
                .withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(), "remit.redis.key-prefix=app");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aKeyTooLongForRedisRunsTheMethodUncachedInsteadOfFailingIt(RedisServer server, CapturedOutput output) {
        runner(server).withUserConfiguration(Services.class).run(context -> {
            ClientService service = context.getBean(ClientService.class);
            // 300 x 'é' is 1,800 characters once URL-encoded: longer than the 512-byte key limit.
            String longId = "secret-" + "\u00e9".repeat(300);
            assertThat(service.profile(longId).id()).isEqualTo(longId);
            assertThat(service.profile(longId).id()).isEqualTo(longId);
            assertThat(service.calls()).as("called uncached each time, once per call").isEqualTo(2);
            service.updateKyc(longId, "VERIFIED"); // nothing can be cached under that key: no failure either
            assertThat(redis.sync().keys("app:*secret*")).isEmpty();
            assertThat(service.profile("short").id()).isEqualTo("short");
            assertThat(service.profile("short").id()).isEqualTo("short");
            assertThat(service.calls()).isEqualTo(3);
        });
        assertThat(output.getAll()).contains("not cached").doesNotContain("secret").doesNotContain("%C3%A9");
        assertThat(output.getAll().split("ClientService.profile cannot be built", -1)).as("logged once per method")
                .hasSize(2);
    }

    @Test
    void remitCachedCachesOnAProxiedBeanWithGenericsOptionalAndEvictions(RedisServer server) {
        runner(server).withUserConfiguration(Services.class).run(context -> {
            ClientService service = context.getBean(ClientService.class);
            assertThat(AopUtils.isCglibProxy(service)).isTrue();

            assertThat(service.profile("123")).isEqualTo(new Profile("123", "Client 123", "PENDING"));
            assertThat(service.profile("123")).isEqualTo(new Profile("123", "Client 123", "PENDING"));
            assertThat(service.calls()).isEqualTo(1);
            assertThat(redis.sync().pttl("app:client:profile:{123}")).isBetween(250_000L, 300_000L);

            List<Rate> rates = service.rates("USD", "EUR");
            List<Rate> again = service.rates("USD", "EUR");
            assertThat(again).isEqualTo(rates);
            assertThat(again.get(0)).isInstanceOf(Rate.class);
            assertThat(service.calls()).isEqualTo(2);
            assertThat(redis.sync().exists("app:exchange:rate:{USD}:EUR")).isEqualTo(1);

            assertThat(service.flagged("9")).isEmpty();
            assertThat(service.flagged("9")).isEmpty();
            assertThat(service.calls()).as("empty Optional remembered as absent").isEqualTo(3);

            assertThatThrownBy(() -> service.balances("acc")).isInstanceOf(IOException.class)
                    .hasMessage("core banking down");

            service.updateKyc("123", "VERIFIED");
            assertThat(redis.sync().exists("app:client:profile:{123}")).isZero();
            service.profile("123");
            assertThat(service.calls()).isEqualTo(5);

            service.rates("123", "x");
            service.forget("123");
            assertThat(redis.sync().keys("app:*{123}*")).isEmpty();

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("remit.cache.hits").tag("type", "client-profile").counter().count()).isEqualTo(1);
            assertThat(meters.get("remit.cache.misses").tag("type", "client-profile").counter().count()).isEqualTo(2);
            assertThat(meters.get("remit.cache.loads").tag("type", "account-balance").counter().count()).isEqualTo(1);
            assertThat(meters.get("remit.cache.load.failures").tag("type", "account-balance").counter().count())
                    .isEqualTo(1);
            assertThat(meters.get("remit.cache.load.time").tag("type", "client-profile").timer().count()).isEqualTo(2);
            assertThat(meters.get("remit.cache.evictions").tag("type", "client-profile").counter().count()).isEqualTo(1);
            // the local group invalidation, plus its Pub/Sub echo once received
            assertThat(meters.get("remit.cache.invalidations").tag("type", "group").counter().count()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void cacheableUsesTheSameTypePoliciesAndDecodesTheMethodsGenericType(RedisServer server) {
        runner(server).withUserConfiguration(SpringCaching.class)
                .withPropertyValues("remit.redis.cache.types.client-profile.ttl=42s").run(context -> {
                    assertThat(context.getBean(CacheManager.class)).isInstanceOf(RemitCacheManager.class);
                    SpringCachedService service = context.getBean(SpringCachedService.class);
                    List<Profile> first = service.household("77");
                    List<Profile> second = service.household("77");
                    assertThat(second).isEqualTo(first);
                    assertThat(second.get(1)).isInstanceOf(Profile.class);
                    assertThat(service.calls()).isEqualTo(1);
                    assertThat(redis.sync().pttl("app:client:profile:{77}")).isBetween(30_000L, 42_000L);
                    service.changed("77");
                    assertThat(redis.sync().exists("app:client:profile:{77}")).isZero();

                    assertThat(service.screening("5")).isEqualTo(new Profile("5", "S", "CLEAR"));
                    assertThat(service.screening("5")).isEqualTo(new Profile("5", "S", "CLEAR"));
                    assertThat(service.screening("none-1")).isNull();
                    assertThat(service.screening("none-1")).isNull();
                    assertThat(service.calls()).as("one load each, the absence remembered too").isEqualTo(3);
                    assertThat(redis.sync().pttl("app:compliance:data:{5}")).isBetween(800_000L, 900_000L);
                });
    }

    @Test
    void applicationEventsInvalidateByAnnotationAndByConfiguration(RedisServer server) {
        runner(server).withUserConfiguration(Services.class)
                .withPropertyValues("remit.redis.cache.invalidate-on[0].event=" + ClientClosed.class.getName(),
                        "remit.redis.cache.invalidate-on[0].group=#event.clientId")
                .run(context -> {
                    RemitCache cache = context.getBean(RemitCache.class);
                    ClientService service = context.getBean(ClientService.class);
                    service.profile("5");
                    service.rates("5", "GBP");
                    context.publishEvent(new KycStatusChanged("5", "VERIFIED"));
                    assertThat(redis.sync().exists("app:client:profile:{5}")).isZero();
                    assertThat(redis.sync().exists("app:exchange:rate:{5}:GBP")).isEqualTo(1);

                    cache.put(CacheKey.of("client-profile", "5"), new Profile("5", "x", "y"));
                    context.publishEvent(new ClientClosed("5"));
                    assertThat(redis.sync().keys("app:*{5}*")).isEmpty();
                });
    }

    @Test
    void badSettingsFailStartUpNamingThePropertyAndValue(RedisServer server) {
        runner(server).withPropertyValues("remit.redis.cache.types.exchange-rate.jitter-percent=80").run(context -> {
            assertThat(context).hasFailed();
            InvalidConfigurationPropertyValueException error = find(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.cache.types.exchange-rate.jitter-percent");
            assertThat(error.getValue()).isEqualTo(80);
        });
        runner(server).withPropertyValues("remit.redis.cache.invalidate-on[0].event=com.example.Nope",
                "remit.redis.cache.invalidate-on[0].group=#event.id").run(context -> {
                    InvalidConfigurationPropertyValueException error = find(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.invalidate-on[0].event");
                });
    }

    @Test
    void invalidateOnRulesAreCheckedAtStartUpNotAtTheFirstEvent(RedisServer server) {
        String event = "remit.redis.cache.invalidate-on[0].event=" + ClientClosed.class.getName();
        runner(server).withPropertyValues(event, "remit.redis.cache.invalidate-on[0].type=Client_Profile",
                "remit.redis.cache.invalidate-on[0].key=#event.clientId").run(context -> {
                    assertThat(context).hasFailed();
                    InvalidConfigurationPropertyValueException error = find(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.invalidate-on[0].type");
                    assertThat(error.getValue()).isEqualTo("Client_Profile");
                });
        runner(server).withPropertyValues(event, "remit.redis.cache.invalidate-on[0].type=session-data",
                "remit.redis.cache.invalidate-on[0].key=#event.clientId").run(context -> {
                    InvalidConfigurationPropertyValueException error = find(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.invalidate-on[0].type");
                    assertThat(error.getValue()).isEqualTo("session-data");
                });
        // An entry rule without its key next to a group: the entry eviction would be dropped silently.
        runner(server).withPropertyValues(event, "remit.redis.cache.invalidate-on[0].type=client-profile",
                "remit.redis.cache.invalidate-on[0].group=#event.clientId").run(context -> {
                    InvalidConfigurationPropertyValueException error = find(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.invalidate-on[0].key");
                    assertThat(error.getMessage()).contains("client-profile");
                });
        runner(server).withPropertyValues(event, "remit.redis.cache.invalidate-on[0].key=#event.clientId",
                "remit.redis.cache.invalidate-on[0].group=#event.clientId").run(context -> {
                    InvalidConfigurationPropertyValueException error = find(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.invalidate-on[0].type");
                });
        // A valid entry rule still evicts its entry.
        runner(server).withPropertyValues(event, "remit.redis.cache.invalidate-on[0].type=client-profile",
                "remit.redis.cache.invalidate-on[0].key=#event.clientId").run(context -> {
                    assertThat(context).hasNotFailed();
                    RemitCache cache = context.getBean(RemitCache.class);
                    cache.put(CacheKey.of("client-profile", "8"), new Profile("8", "x", "y"));
                    context.publishEvent(new ClientClosed("8"));
                    assertThat(redis.sync().exists("app:client:profile:{8}")).isZero();
                });
    }

    @Test
    void remitCacheEvictOnTheApplicationsEventClassesIsCheckedAtStartUp(RedisServer server) {
        // Before: the bad type surfaced only when the event was published, failing the publisher's business call.
        runner(server).withInitializer(ctx -> AutoConfigurationPackages.register(
                (BeanDefinitionRegistry) ctx.getBeanFactory(), "com.globalremit.redis.autoconfigure.cache.events.bad"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("Account_Balance");
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(
                            "@RemitCacheEvict on event class " + AccountRenamed.class.getName());
                });
        runner(server).withInitializer(ctx -> AutoConfigurationPackages.register(
                (BeanDefinitionRegistry) ctx.getBeanFactory(), "com.globalremit.redis.autoconfigure.cache.events.good"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RemitCache cache = context.getBean(RemitCache.class);
                    cache.put(CacheKey.of("account-balance", "9"), 100);
                    context.publishEvent(new AccountClosed("9"));
                    assertThat(redis.sync().exists("app:account:balance:{9}")).isZero();
                });
    }

    @Test
    void actuatorEndpointReportsTypesNearCachesAndCircuit(RedisServer server) {
        runner(server).withPropertyValues("management.endpoints.web.exposure.include=remitcache",
                "remit.redis.cache.types.loyalty-points.ttl=2m").run(context -> {
                    RemitCacheEndpoint endpoint = context.getBean(RemitCacheEndpoint.class);
                    context.getBean(RemitCache.class).get(CacheKey.of("country-list", "all"), String.class, () -> "GB");
                    RemitCacheEndpoint.CacheReport report = endpoint.report();
                    assertThat(report.circuitOpen()).isFalse();
                    assertThat(report.types().get("account-balance").ttl()).isEqualTo(java.time.Duration.ofSeconds(30));
                    assertThat(report.types().get("loyalty-points").ttl()).isEqualTo(java.time.Duration.ofMinutes(2));
                    assertThat(report.types().get("country-list").nearCacheSize()).isEqualTo(1);
                });
    }

    @Test
    void backsOffWhenDisabled(RedisServer server) {
        runner(server).withPropertyValues("remit.redis.cache.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RemitCache.class));
    }

    private static InvalidConfigurationPropertyValueException find(Throwable failure) {
        Throwable t = failure;
        while (t != null && !(t instanceof InvalidConfigurationPropertyValueException)) {
            t = t.getCause();
        }
        assertThat(t).as("InvalidConfigurationPropertyValueException in " + failure).isNotNull();
        return (InvalidConfigurationPropertyValueException) t;
    }
}
