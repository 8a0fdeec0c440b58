package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.autoconfigure.connection.RedisConnectionSettingsFactory.Origin;
import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The shared connection taken from Boot's {@code spring.data.redis.*}, used when {@code remit.redis.*} names no
 * Redis. The topology follows Boot's own order (sentinel, then cluster, then url, then host and port). A
 * {@code remit.redis.*} setting the user did write (password, timeouts, TLS, ...) still wins over its Boot twin;
 * settings Boot has no twin for (request queue size, dead-connection timeout, cluster refresh, verify-peer) always come from
 * {@code remit.redis.*}. Records which property each core setting came from, so errors name the right one.
 */
final class BootConnectionSettings {

    private static final Logger log = LoggerFactory.getLogger(BootConnectionSettings.class);
    private static final String BOOT = BootRedisProperties.PREFIX + ".";
    private static final String REMIT = "remit.redis.";
    private static final int MAX_PORT = 65_535;

    private final RemitRedisProperties remit;
    private final Predicate<String> remitSet;
    private final BootRedisProperties boot;
    private final Map<String, Origin> origins = new HashMap<>();

    /**
     * @param remitSet whether the user set {@code remit.redis.<name>} (as opposed to leaving its default)
     */
    BootConnectionSettings(RemitRedisProperties remit, Predicate<String> remitSet, BootRedisProperties boot) {
        this.remit = remit;
        this.remitSet = remitSet;
        this.boot = boot;
    }

    /** Where each core setting came from, by core setting name. */
    Map<String, Origin> origins() {
        return origins;
    }

    /** The ssl.bundle property in force, with its value ({@code null} when no bundle is named). */
    Origin sslBundle() {
        if (remitTls()) {
            return new Origin(REMIT + "ssl.bundle", remit.getSsl().getBundle());
        }
        return new Origin(BOOT + "ssl.bundle", boot.ssl() == null ? null : boot.ssl().bundle());
    }

    RedisConnectionSettings.Builder builder() {
        refuseUnsupported();
        RedisConnectionSettings.Builder builder = RedisConnectionSettings.builder()
                .verifyPeer(remit.isVerifyPeer())
                .requestQueueSize(remit.getRequestQueueSize())
                .deadConnectionTimeout(remit.getDeadConnectionTimeout())
                .clusterAdaptiveRefresh(remit.getCluster().isAdaptiveRefresh())
                .clusterRefreshPeriod(remit.getCluster().getPeriodicRefresh())
                .clusterAdaptiveRefreshTimeout(remit.getCluster().getAdaptiveRefreshTimeout())
                .ssl(remitTls() ? remit.getSsl().isOn() : boot.ssl() != null && boot.ssl().isOn());
        origins.put("requestQueueSize", new Origin(REMIT + "request-queue-size", remit.getRequestQueueSize()));
        origins.put("deadConnectionTimeout",
                new Origin(REMIT + "dead-connection-timeout", remit.getDeadConnectionTimeout()));
        origins.put("clusterRefreshPeriod",
                new Origin(REMIT + "cluster.periodic-refresh", remit.getCluster().getPeriodicRefresh()));
        origins.put("clusterAdaptiveRefreshTimeout", new Origin(REMIT + "cluster.adaptive-refresh-timeout",
                remit.getCluster().getAdaptiveRefreshTimeout()));
        RedisMode mode = address(builder);
        // Boot takes user, password and database from spring.data.redis.url when it is given, not from their own
        // properties; core does the same for a URL's credentials when they are left unset here.
        boolean fromUrl = mode == RedisMode.STANDALONE && boot.url() != null;
        // Passed in every mode, so that core refuses a remit.redis.sentinel.password that would apply to nothing.
        builder.sentinelPassword(pick("sentinelPassword", "sentinel.password", remit.getSentinel().getPassword(),
                "sentinel.password", mode == RedisMode.SENTINEL ? boot.sentinel().password() : null));
        builder.username(pick("username", "username", remit.getUsername(), "username",
                fromUrl ? null : boot.username()))
                .password(pick("password", "password", remit.getPassword(), "password",
                        fromUrl ? null : boot.password()))
                .database(pick("database", "database", remit.getDatabase(), "database",
                        fromUrl ? null : boot.database()))
                .clientName(pick("clientName", "client-name", remit.getClientName(), "client-name",
                        boot.clientName()))
                .commandTimeout(pick("commandTimeout", "command-timeout", remit.getCommandTimeout(), "timeout",
                        boot.timeout()))
                .connectTimeout(pick("connectTimeout", "connect-timeout", remit.getConnectTimeout(),
                        "connect-timeout", boot.connectTimeout()));
        return builder;
    }

    private RedisMode address(RedisConnectionSettings.Builder builder) {
        if (boot.sentinelMaster() != null) {
            origins.put("nodes", new Origin(BOOT + "sentinel.nodes", boot.sentinelNodes()));
            origins.put("sentinelMasterName", new Origin(BOOT + "sentinel.master", boot.sentinelMaster()));
            builder.mode(RedisMode.SENTINEL).nodes(boot.sentinelNodes()).sentinelMasterName(boot.sentinelMaster());
            return RedisMode.SENTINEL;
        }
        if (!boot.clusterNodes().isEmpty()) {
            origins.put("nodes", new Origin(BOOT + "cluster.nodes", boot.clusterNodes()));
            if (boot.cluster().maxRedirects() != null) {
                log.warn("{}cluster.max-redirects={} is not used by remit-redis; Lettuce follows up to 5 redirects",
                        BOOT, boot.cluster().maxRedirects());
            }
            builder.mode(RedisMode.CLUSTER).nodes(boot.clusterNodes());
            return RedisMode.CLUSTER;
        }
        if (boot.url() != null) {
            origins.put("nodes", new Origin(BOOT + "url", boot.url()));
            builder.mode(RedisMode.STANDALONE).nodes(boot.url());
            return RedisMode.STANDALONE;
        }
        String host = boot.host() == null ? "localhost" : boot.host().strip();
        int port = boot.port() == null ? RedisConnectionSettings.DEFAULT_PORT : boot.port();
        if (port < 1 || port > MAX_PORT) {
            throw new InvalidConfigurationPropertyValueException(BOOT + "port", port, "must be between 1 and 65535");
        }
        origins.put("nodes", new Origin(BOOT + "host", host));
        builder.mode(RedisMode.STANDALONE).nodes((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        return RedisMode.STANDALONE;
    }

    /** Boot settings remit-redis cannot honour: refused, since ignoring them would connect somewhere else. */
    private void refuseUnsupported() {
        if (boot.sentinel() != null && boot.sentinel().username() != null) {
            throw new InvalidConfigurationPropertyValueException(BOOT + "sentinel.username",
                    boot.sentinel().username(), "remit-redis authenticates to sentinels with a password only; "
                            + "give the sentinels' default user a password, or set remit.redis.* instead");
        }
        if (boot.sentinelMaster() == null && boot.clusterNodes().isEmpty() && !boot.masterreplicaNodes().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(BOOT + "masterreplica.nodes",
                    ShownValue.of(BOOT + "masterreplica.nodes", boot.masterreplicaNodes()), "static primary/replica lists are not supported by remit-redis; "
                            + "set remit.redis.url to the primary (its replicas are discovered for read-from)");
        }
    }

    /**
     * The {@code remit.redis.*} value when the user set it, else Boot's when set, else remit's default; records
     * where it came from under {@code setting}.
     */
    private <T> T pick(String setting, String remitProperty, T remitValue, String bootProperty, T bootValue) {
        boolean remitWins = remitSet.test(remitProperty) || bootValue == null;
        origins.put(setting, remitWins ? new Origin(REMIT + remitProperty, remitValue)
                : new Origin(BOOT + bootProperty, bootValue));
        return remitWins ? remitValue : bootValue;
    }

    private boolean remitTls() {
        return remitSet.test("ssl.enabled") || remitSet.test("ssl.bundle");
    }

}
