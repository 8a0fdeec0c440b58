package com.globalremit.teller;

import com.globalremit.redis.test.dev.DevRedisLauncher;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Dev-only convenience: when {@code teller.dev-redis.enabled} is true, {@code remit.redis.url} names this machine
 * (or is unset) and no Redis answers there, starts a local redis-server through remit-redis-test and points the app
 * at it. A remote host is left alone: a local server cannot stand in for it. Production deployments set
 * {@code teller.dev-redis.enabled=false} (the {@code prod} profile does), so a missing Redis there is reported by
 * the health endpoint instead of being papered over.
 */
class DevRedisListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DevRedisListener.class);

    static final String ENABLED = "teller.dev-redis.enabled";
    static final String URL = "remit.redis.url";
    static final String DEFAULT_URL = "redis://localhost:6379";

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]",
            "0:0:0:0:0:0:0:1");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        String url = environment.getProperty(URL);
        if (url == null || url.isBlank()) {
            url = DEFAULT_URL;
        }
        RedisURI configured = RedisURI.create(url);
        if (!isLocal(configured.getHost())) {
            LOG.info("teller dev-redis: {} names host {}, not this machine; no local Redis is started", URL,
                    configured.getHost());
            return;
        }
        if (configured.isSsl()) {
            LOG.info("teller dev-redis: {} asks for TLS (rediss://); the launcher starts plain-text servers only, so "
                    + "none is started: run a TLS Redis yourself", URL);
            return;
        }
        RedisURI actual = DevRedisLauncher.ensureRunning(configured.getHost(), configured.getPort(),
                configured.getUsername(), configured.getPassword() == null ? null : new String(configured.getPassword()));
        // The launcher uses the configured port when it is free; another one only when something else holds it.
        if (actual.getPort() != configured.getPort()) {
            environment.getPropertySources().addFirst(new MapPropertySource("devRedis",
                    Map.of(URL, withAddress(url, actual.getHost(), actual.getPort()))));
        }
    }

    /** Whether {@code host} is this machine by name: unset, localhost, 127.0.0.1 or ::1. */
    static boolean isLocal(String host) {
        return host == null || host.isBlank() || LOCAL_HOSTS.contains(host.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code url} with only its host and port replaced: scheme, credentials, database and query are kept. */
    static String withAddress(String url, String host, int port) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + " is not a URL: " + e.getReason(), e);
        }
        StringBuilder result = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            result.append(uri.getRawUserInfo()).append('@');
        }
        result.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host).append(':').append(port);
        if (uri.getRawPath() != null) {
            result.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            result.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            result.append('#').append(uri.getRawFragment());
        }
        return result.toString();
    }
}
