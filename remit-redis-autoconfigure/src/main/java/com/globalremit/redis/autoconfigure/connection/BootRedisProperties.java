package com.globalremit.redis.autoconfigure.connection;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The connection part of Boot's {@code spring.data.redis.*}, bound by us with Spring's {@link Binder} rather than
 * read from Boot's {@code DataRedisProperties}. Depending on that class would put spring-boot-data-redis on every
 * application's class path, and with it Spring Data Redis's own auto-configuration and a second connection
 * factory nobody asked for; binding the same prefix keeps Boot's property names, relaxed binding and binding
 * errors (which name the property, e.g. {@code spring.data.redis.port=abc}) at no cost. Every field is
 * {@code null} when unset, so "set by the user" is told from Boot's defaults (localhost, 6379).
 */
record BootRedisProperties(String url, String host, Integer port, String username, String password,
        Integer database, String clientName, Duration timeout, Duration connectTimeout, Ssl ssl, Sentinel sentinel,
        Cluster cluster, Masterreplica masterreplica) {

    static final String PREFIX = "spring.data.redis";

    private static final BootRedisProperties NONE = new BootRedisProperties(null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** {@code spring.data.redis.ssl.*}; Boot turns TLS on for a bundle unless enabled is false. */
    record Ssl(Boolean enabled, String bundle) {

        boolean isOn() {
            return enabled != null ? enabled : bundle != null;
        }
    }

    /** {@code spring.data.redis.sentinel.*}. */
    record Sentinel(String master, List<String> nodes, String username, String password) {
    }

    /** {@code spring.data.redis.cluster.*}. */
    record Cluster(List<String> nodes, Integer maxRedirects) {
    }

    /** {@code spring.data.redis.masterreplica.*} (static primary/replica, Boot 4). */
    record Masterreplica(List<String> nodes) {
    }

    static BootRedisProperties bind(Binder binder) {
        return binder.bind(PREFIX, Bindable.of(BootRedisProperties.class)).orElse(NONE);
    }

    /** Whether any setting saying where Redis is was given. */
    boolean hasAddress() {
        return url != null || host != null || port != null || sentinelMaster() != null || !clusterNodes().isEmpty()
                || !masterreplicaNodes().isEmpty();
    }

    String sentinelMaster() {
        return sentinel == null ? null : sentinel.master();
    }

    List<String> sentinelNodes() {
        return sentinel == null || sentinel.nodes() == null ? List.of() : sentinel.nodes();
    }

    List<String> clusterNodes() {
        return cluster == null || cluster.nodes() == null ? List.of() : cluster.nodes();
    }

    List<String> masterreplicaNodes() {
        return masterreplica == null || masterreplica.nodes() == null ? List.of() : masterreplica.nodes();
    }
}
