package com.globalremit.redis.autoconfigure.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.autoconfigure.cache.RemitCacheAutoConfiguration;
import com.globalremit.redis.autoconfigure.queue.RemitQueueAutoConfiguration;
import com.globalremit.redis.autoconfigure.ratelimit.RemitRedisRateLimitAutoConfiguration;
import com.globalremit.redis.autoconfigure.session.RemitRedisSessionAutoConfiguration;
import com.globalremit.redis.cache.CacheKey;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.queue.EnqueueResult;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.RateLimitDecision;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import com.globalremit.redis.session.NewSession;
import com.globalremit.redis.session.RedisSessionStore;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Every feature on one application context, and one real operation of each that must reach Redis. */
final class EveryFeature {

    private EveryFeature() {
    }

    /** All features, no workers (the test enqueues only), no near cache (reads must go to Redis). */
    static WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                        RemitCacheAutoConfiguration.class, RemitRedisRateLimitAutoConfiguration.class,
                        RemitRedisSessionAutoConfiguration.class, RemitQueueAutoConfiguration.class))
                .withPropertyValues("remit.redis.session.encryption.generate-dev-key=true",
                        "remit.redis.queue.workers-enabled=false", "remit.redis.cache.defaults.near-cache=false");
    }

    /** A cache write and read, a rate-limit check, a session round trip and an enqueue, each answered by Redis. */
    static void eachDoOneOperation(ApplicationContext context) {
        RemitCache cache = context.getBean(RemitCache.class);
        CacheKey key = CacheKey.of("exchange-rate", "GBP-KES");
        cache.put(key, "171.2");
        assertThat(cache.get(key, String.class, () -> "loaded, not read")).isEqualTo("171.2");

        RateLimitDecision decision = context.getBean(SlidingWindowRateLimiter.class)
                .check("teller-7", "transfers", RateLimit.perMinute(10));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.degraded()).as("answered by Redis, not by the outage policy").isFalse();

        RedisSessionStore sessions = context.getBean(RedisSessionStore.class);
        String sessionId = sessions.create(NewSession.builder().userId("amina").build()).id();
        assertThat(sessions.peek(sessionId)).isPresent();

        JobQueue queue = context.getBean(JobQueue.class);
        EnqueueResult enqueued = queue.enqueue("transaction-processing", Map.of("reference", "TX-1"));
        assertThat(enqueued.created()).isTrue();
        assertThat(queue.queueFor("transaction-processing").job(enqueued.id())).isPresent();
    }
}
