package com.globalremit.redis.autoconfigure.connection;

import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.keys;
import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.propertyError;
import static org.assertj.core.api.Assertions.assertThat;

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
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.test.RedisServer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The recommended deployment: the cache on one Redis (allkeys-lru), rate limits, sessions and jobs on another
 * (noeviction). Every key must land on the server its feature is configured for.
 */
class FeatureConnectionsRedisTest {

    private static RedisServer cacheServer;
    private static RedisServer durableServer;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitCacheAutoConfiguration.class, RemitRedisRateLimitAutoConfiguration.class,
                    RemitRedisSessionAutoConfiguration.class, RemitQueueAutoConfiguration.class,
                    RemitRedisHealthContributorAutoConfiguration.class))
            .withPropertyValues("remit.redis.session.encryption.generate-dev-key=true",
                    "remit.redis.queue.workers-enabled=false", "remit.redis.cache.defaults.near-cache=false");

    @BeforeAll
    static void startServers() {
        cacheServer = RedisServer.builder().config("maxmemory", "64mb").config("maxmemory-policy", "allkeys-lru")
                .start();
        durableServer = RedisServer.builder().password("durable-pass").start();
    }

    @AfterAll
    static void stopServers() {
        for (RedisServer server : new RedisServer[] { cacheServer, durableServer }) {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void flush() {
        cacheServer.flushAll();
        durableServer.flushAll();
    }

    /** Shared connection: the cache instance; rate limit, session and queue name the durable one. */
    private WebApplicationContextRunner split() {
        String durable = "redis://127.0.0.1:" + durableServer.port();
        return runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + cacheServer.port(),
                "remit.redis.rate-limit.connection.url=" + durable,
                "remit.redis.rate-limit.connection.password=durable-pass",
                "remit.redis.session.connection.url=" + durable,
                "remit.redis.session.connection.password=durable-pass",
                "remit.redis.queue.connection.url=" + durable,
                "remit.redis.queue.connection.password=durable-pass");
    }

    @Test
    void eachFeatureWritesToItsOwnServer() {
        RemitRedisClient[] clients = new RemitRedisClient[2];
        split().run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(RemitCache.class).put(CacheKey.of("exchange-rate", "GBP-KES"), "171.2");
            Set<String> cacheKeys = keys(cacheServer);
            assertThat(cacheKeys).isNotEmpty().allMatch(key -> key.contains("GBP-KES"));
            assertThat(keys(durableServer)).isEmpty();

            context.getBean(SlidingWindowRateLimiter.class).check("teller-7", "transfers", RateLimit.perMinute(10));
            Set<String> afterRateLimit = keys(durableServer);
            assertThat(afterRateLimit).isNotEmpty().allMatch(key -> key.contains("teller-7"));

            String sessionId = context.getBean(RedisSessionStore.class)
                    .create(NewSession.builder().userId("amina").build()).id();
            assertThat(keys(durableServer)).anyMatch(key -> key.contains(sessionId));

            context.getBean(JobQueue.class).enqueue("transaction-processing", Map.of("reference", "TX-1"));
            assertThat(keys(durableServer)).hasSizeGreaterThan(afterRateLimit.size() + 1);
            assertThat(keys(cacheServer)).isEqualTo(cacheKeys);

            RemitRedisConnections connections = context.getBean(RemitRedisConnections.class);
            clients[0] = connections.client(Feature.QUEUE);
            clients[1] = context.getBean(RemitRedisClient.class);
            // Equal settings share one client: three features, one extra set of connections.
            assertThat(connections.client(Feature.SESSION)).isSameAs(clients[0]);
            assertThat(connections.client(Feature.RATE_LIMIT)).isSameAs(clients[0]);
            assertThat(connections.client(Feature.CACHE)).isSameAs(clients[1]).isNotSameAs(clients[0]);
        });
        assertThat(clients[0].isClosed()).as("feature client closed with the context").isTrue();
        assertThat(clients[1].isClosed()).isTrue();
    }

    @Test
    void healthShowsTheDurableInstanceDownWhileTheSharedOneIsUp() {
        split().withPropertyValues("remit.redis.command-timeout=500ms").run(context -> {
            var features = context.getBean(RemitRedisFeatureConnectionsHealthIndicator.class);
            var up = features.health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsOnlyKeys("remit.redis.rate-limit", "remit.redis.session",
                    "remit.redis.queue");
            durableServer.stop();
            try {
                assertThat(features.health(true).getStatus()).isEqualTo(Status.DOWN);
                assertThat(context.getBean(RemitRedisHealthIndicator.class).health(true).getStatus())
                        .isEqualTo(Status.UP);
            }
            finally {
                durableServer.restart();
            }
        });
    }

    @Test
    void malformedUrlNamesThePropertyAndValue() {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + cacheServer.port(),
                "remit.redis.queue.connection.url=redis://127.0.0.1:notaport").run(context -> {
                    var error = propertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.queue.connection.url");
                    assertThat(error.getValue()).isEqualTo("redis://127.0.0.1:notaport");
                });
    }

    @Test
    void passwordWithoutAnAddressIsRefused() {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + cacheServer.port(),
                "remit.redis.session.connection.password=orphan").run(context -> {
                    var error = propertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.session.connection.url");
                    assertThat(error.getMessage()).doesNotContain("orphan");
                });
    }

    @Test
    void twoTopologiesForOneFeatureAreRefused() {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + cacheServer.port(),
                "remit.redis.cache.connection.url=redis://127.0.0.1:" + durableServer.port(),
                "remit.redis.cache.connection.cluster.nodes=127.0.0.1:7001").run(context -> {
                    var error = propertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.connection.url");
                    assertThat(error.getMessage()).contains("only one of");
                });
    }

    @Test
    void unknownReadFromNamesTheProperty() {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + cacheServer.port(),
                "remit.redis.cache.read-from=nearest-moon").run(context -> {
                    var error = propertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cache.read-from");
                    assertThat(error.getValue()).isEqualTo("nearest-moon");
                });
    }
}
