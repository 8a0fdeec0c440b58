package com.globalremit.teller;

import com.globalremit.redis.test.dev.DevRedisLauncher;
import io.lettuce.core.RedisURI;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Dev-only convenience: when {@code teller.dev-redis.enabled} is true and no Redis answers at
 * {@code remit.redis.url}, starts a local redis-server through remit-redis-test and points the app at it.
 * Production deployments set {@code teller.dev-redis.enabled=false} (the {@code prod} profile does), so a
 * missing Redis there is reported by the health endpoint instead of being papered over.
 */
class DevRedisListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String ENABLED = "teller.dev-redis.enabled";
    static final String URL = "remit.redis.url";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        RedisURI configured = RedisURI.create(environment.getProperty(URL, "redis://localhost:6379"));
        RedisURI actual = DevRedisLauncher.ensureRunning(configured.getHost(), configured.getPort());
        // The launcher uses the configured port when it is free; another one only when something else holds it.
        if (actual.getPort() != configured.getPort()) {
            String url = "redis://" + actual.getHost() + ":" + actual.getPort();
            environment.getPropertySources().addFirst(new MapPropertySource("devRedis", Map.of(URL, url)));
        }
    }
}
