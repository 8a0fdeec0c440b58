package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code remit.redis.*} into core {@link RedisConnectionSettings}. Core validates and names its own
 * settings ({@code sentinelMasterName}); here such an error is re-thrown naming the property the user wrote
 * ({@code remit.redis.sentinel.master}), so Boot's failure analyzer prints the property, its value and why.
 */
final class RedisConnectionSettingsFactory {

    private static final String PREFIX = "remit.redis.";

    /** Core setting name -> property name (nodes depends on the mode, see {@link #nodesProperty}). */
    private static final Map<String, String> PROPERTY_OF_SETTING = Map.ofEntries(
            Map.entry("sentinelMasterName", "sentinel.master"),
            Map.entry("sentinelPassword", "sentinel.password"),
            Map.entry("username", "username"),
            Map.entry("password", "password"),
            Map.entry("database", "database"),
            Map.entry("clientName", "client-name"),
            Map.entry("commandTimeout", "command-timeout"),
            Map.entry("connectTimeout", "connect-timeout"),
            Map.entry("requestQueueSize", "request-queue-size"),
            Map.entry("clusterRefreshPeriod", "cluster.periodic-refresh"));

    private static final List<String> SECRET_PROPERTIES = List.of("password", "sentinel.password");

    private RedisConnectionSettingsFactory() {
    }

    static RedisConnectionSettings create(RemitRedisProperties properties) {
        try {
            return builder(properties).build();
        }
        catch (IllegalArgumentException ex) {
            throw asPropertyError(properties, ex);
        }
    }

    private static RedisConnectionSettings.Builder builder(RemitRedisProperties properties) {
        RedisMode mode = RedisMode.valueOf(properties.getMode().name());
        RedisConnectionSettings.Builder builder = RedisConnectionSettings.builder()
                .mode(mode)
                .nodes(nodes(properties))
                .username(properties.getUsername())
                .database(properties.getDatabase())
                .clientName(properties.getClientName())
                .commandTimeout(properties.getCommandTimeout())
                .connectTimeout(properties.getConnectTimeout())
                .requestQueueSize(properties.getRequestQueueSize())
                .verifyPeer(properties.isVerifyPeer())
                .ssl(properties.isSsl())
                .clusterAdaptiveRefresh(properties.getCluster().isAdaptiveRefresh())
                .clusterRefreshPeriod(properties.getCluster().getPeriodicRefresh());
        if (properties.getPassword() != null) {
            builder.password(properties.getPassword());
        }
        if (mode == RedisMode.SENTINEL) {
            builder.sentinelMasterName(properties.getSentinel().getMaster());
        }
        if (properties.getSentinel().getPassword() != null) {
            // Passed in every mode so that core refuses it where it would be silently ignored.
            builder.sentinelPassword(properties.getSentinel().getPassword());
        }
        return builder;
    }

    private static List<String> nodes(RemitRedisProperties properties) {
        return switch (properties.getMode()) {
            case STANDALONE -> properties.getUrl() == null ? List.of() : List.of(properties.getUrl());
            case SENTINEL -> properties.getSentinel().getNodes();
            case CLUSTER -> properties.getCluster().getNodes();
        };
    }

    private static String nodesProperty(RemitRedisProperties.Mode mode) {
        return switch (mode) {
            case STANDALONE -> "url";
            case SENTINEL -> "sentinel.nodes";
            case CLUSTER -> "cluster.nodes";
        };
    }

    private static RuntimeException asPropertyError(RemitRedisProperties properties, IllegalArgumentException ex) {
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        String setting = message.split("[\\s\\[]", 2)[0];
        String property = setting.equals("nodes") ? nodesProperty(properties.getMode())
                : PROPERTY_OF_SETTING.get(setting);
        if (property == null) {
            return ex;
        }
        Object value = SECRET_PROPERTIES.contains(property) ? "<hidden>" : valueOf(properties, property);
        InvalidConfigurationPropertyValueException error =
                new InvalidConfigurationPropertyValueException(PREFIX + property, value, message);
        error.initCause(ex);
        return error;
    }

    private static Object valueOf(RemitRedisProperties properties, String property) {
        return switch (property) {
            case "url" -> properties.getUrl();
            case "sentinel.nodes" -> properties.getSentinel().getNodes();
            case "cluster.nodes" -> properties.getCluster().getNodes();
            case "sentinel.master" -> properties.getSentinel().getMaster();
            case "username" -> properties.getUsername();
            case "database" -> properties.getDatabase();
            case "client-name" -> properties.getClientName();
            case "command-timeout" -> properties.getCommandTimeout();
            case "connect-timeout" -> properties.getConnectTimeout();
            case "request-queue-size" -> properties.getRequestQueueSize();
            case "cluster.periodic-refresh" -> properties.getCluster().getPeriodicRefresh();
            default -> null;
        };
    }
}
