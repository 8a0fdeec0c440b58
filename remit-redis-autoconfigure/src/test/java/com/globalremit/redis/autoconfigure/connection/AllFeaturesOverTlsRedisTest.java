package com.globalremit.redis.autoconfigure.connection;

import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.propertyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.globalremit.redis.autoconfigure.cache.RemitCacheAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections.Feature;
import com.globalremit.redis.autoconfigure.queue.RemitQueueAutoConfiguration;
import com.globalremit.redis.autoconfigure.ratelimit.RemitRedisRateLimitAutoConfiguration;
import com.globalremit.redis.autoconfigure.session.RemitRedisSessionAutoConfiguration;
import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import com.globalremit.redis.session.NewSession;
import com.globalremit.redis.session.RedisSession;
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.test.RedisBinary;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * TLS through a Spring Boot SSL bundle holding the test CA, with full certificate and host verification: every
 * feature works over it, on the shared connection and on a feature's own.
 */
@RemitRedis(tls = true)
class AllFeaturesOverTlsRedisTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                    RemitRedisConnectionAutoConfiguration.class, RemitCacheAutoConfiguration.class,
                    RemitRedisRateLimitAutoConfiguration.class, RemitRedisSessionAutoConfiguration.class,
                    RemitQueueAutoConfiguration.class))
            .withPropertyValues("remit.redis.session.encryption.generate-dev-key=true",
                    "remit.redis.queue.workers-enabled=false", "remit.redis.cache.defaults.near-cache=false");

    @BeforeAll
    static void requireTlsBuild() {
        RedisBinary binary = RedisBinary.locate();
        assumeTrue(binary.supportsTls(), binary + " was built without TLS; TLS tests need a TLS-enabled redis-server");
    }

    private WebApplicationContextRunner withCa(RedisServer server) {
        return runner.withPropertyValues("spring.ssl.bundle.pem.redis.truststore.certificate=file:"
                + server.caCertificate().toAbsolutePath(), "remit.redis.url=redis://127.0.0.1:" + server.port());
    }

    @Test
    void everyFeatureWorksOverTlsFromAnSslBundle(RedisServer server) {
        String ownQueue = "redis://127.0.0.1:" + server.port();
        withCa(server).withPropertyValues("remit.redis.ssl.bundle=redis", "remit.redis.queue.connection.url=" + ownQueue,
                "remit.redis.queue.connection.ssl.bundle=redis", "remit.redis.queue.connection.database=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RemitRedisClient shared = context.getBean(RemitRedisClient.class);
                    assertThat(shared.settings().ssl()).isTrue();
                    assertThat(shared.settings().verifyPeer()).isTrue();
                    // Another database, so a client of its own: the feature's bundle is what its TLS rests on.
                    RemitRedisClient queueClient = context.getBean(RemitRedisConnections.class).client(Feature.QUEUE);
                    assertThat(queueClient).isNotSameAs(shared);
                    assertThat(queueClient.settings().database()).isEqualTo(1);

                    RemitCache cache = context.getBean(RemitCache.class);
                    cache.put(CacheKey.of("exchange-rate", "USD-NGN"), "1550");
                    assertThat(cache.get(CacheKey.of("exchange-rate", "USD-NGN"), String.class, () -> "loaded"))
                            .isEqualTo("1550");

                    RateLimit limit = RateLimit.perMinute(1);
                    SlidingWindowRateLimiter limiter = context.getBean(SlidingWindowRateLimiter.class);
                    assertThat(limiter.check("teller-9", "transfers", limit).allowed()).isTrue();
                    assertThat(limiter.check("teller-9", "transfers", limit).allowed()).isFalse();

                    RedisSessionStore sessions = context.getBean(RedisSessionStore.class);
                    RedisSession session = sessions.create(NewSession.builder().userId("kofi").build());
                    assertThat(sessions.touch(session.id())).map(RedisSession::userId).contains("kofi");

                    JobQueue jobs = context.getBean(JobQueue.class);
                    String jobId = jobs.enqueue("transaction-processing", Map.of("reference", "TX-TLS")).id();
                    assertThat(jobs.queueFor("transaction-processing").job(jobId)).isPresent();
                });
    }

    @Test
    void withoutTheBundleTheTestCaIsNotTrusted(RedisServer server) {
        withCa(server).withPropertyValues("remit.redis.ssl.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("certification path");
        });
    }

    @Test
    void unknownBundleNamesTheProperty(RedisServer server) {
        withCa(server).withPropertyValues("remit.redis.ssl.bundle=missing").run(context -> {
            var error = propertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.ssl.bundle");
            assertThat(error.getValue()).isEqualTo("missing");
        });
    }
}
