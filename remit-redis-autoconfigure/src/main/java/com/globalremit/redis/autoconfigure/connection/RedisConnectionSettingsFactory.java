package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code remit.redis.*} or, when it names no Redis, Boot's {@code spring.data.redis.*} (the shared
 * connection) and {@code remit.redis.<feature>.connection.*} into core
 * {@link RedisConnectionSettings}. Core validates and names its own settings ({@code sentinelMasterName}); here such
 * an error is re-thrown naming the property the user wrote ({@code remit.redis.sentinel.master}), so Boot's failure
 * analyzer prints the property, its value and why.
 */
final class RedisConnectionSettingsFactory {

    private static final String PREFIX = "remit.redis";

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
            Map.entry("deadConnectionTimeout", "dead-connection-timeout"),
            Map.entry("clusterRefreshPeriod", "cluster.periodic-refresh"),
            Map.entry("clusterAdaptiveRefreshTimeout", "cluster.adaptive-refresh-timeout"));

    /**
     * The {@code remit.redis.*} settings that say where Redis is. {@code url} has a default, so "set" means set
     * by the user (in any property source), never the default value.
     */
    private static final List<String> ADDRESS_PROPERTIES = List.of("url", "mode", "sentinel.master",
            "sentinel.nodes", "cluster.nodes");

    /** The property a core setting came from, and the value to show for it in an error. */
    record Origin(String property, Object value) {
    }

    /**
     * The shared connection and where its address came from.
     *
     * @param source {@code remit.redis.*} or {@code spring.data.redis.*}
     * @param bootIgnored whether {@code spring.data.redis.*} names a Redis too, which remit-redis does not use
     */
    record Shared(RedisConnectionSettings settings, String source, boolean bootIgnored) {
    }

    private RedisConnectionSettingsFactory() {
    }

    /**
     * The shared connection: from {@code remit.redis.*} when any of its address settings is set, else from
     * {@code spring.data.redis.*} (whose defaults, like ours, give localhost).
     */
    static Shared shared(RemitRedisProperties properties, Binder binder, SslBundleOptions ssl) {
        Predicate<String> remitSet = name -> binder.bind(PREFIX + "." + name, Bindable.listOf(String.class))
                .isBound();
        BootRedisProperties boot = BootRedisProperties.bind(binder);
        if (ADDRESS_PROPERTIES.stream().anyMatch(remitSet)) {
            refuseTopologyWithoutMode(properties, remitSet);
            return new Shared(create(properties, ssl), PREFIX + ".*", boot.hasAddress());
        }
        BootConnectionSettings fromBoot = new BootConnectionSettings(properties, remitSet, boot);
        RedisConnectionSettings.Builder builder = fromBoot.builder();
        Origin bundle = fromBoot.sslBundle();
        builder.sslOptions(ssl.forBundle(bundle.property(), (String) bundle.value()));
        return new Shared(build(builder, fromBoot.origins()::get), BootRedisProperties.PREFIX + ".*", false);
    }

    /**
     * Sentinel or cluster addresses under the default standalone mode would be ignored for the default url
     * (localhost), connecting somewhere the user never named.
     */
    private static void refuseTopologyWithoutMode(RemitRedisProperties properties, Predicate<String> remitSet) {
        boolean topology = remitSet.test("sentinel.master") || remitSet.test("sentinel.nodes")
                || remitSet.test("cluster.nodes");
        if (properties.getMode() == RemitRedisProperties.Mode.STANDALONE && topology && !remitSet.test("url")) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + ".mode", properties.getMode(),
                    "sentinel.* or cluster.nodes is set but mode is standalone: set mode to sentinel or cluster");
        }
    }

    /** The shared connection from {@code remit.redis.*} alone. */
    static RedisConnectionSettings create(RemitRedisProperties properties, SslBundleOptions ssl) {
        RedisConnectionSettings.Builder builder = sharedBuilder(properties)
                .sslOptions(ssl.forBundle(PREFIX + ".ssl.bundle", properties.getSsl().getBundle()));
        return build(builder, origins(PREFIX, properties.getMode(), property -> valueOf(properties, property)));
    }

    /**
     * A feature's own connection, or {@code null} when {@code remit.redis.<feature>.connection} names no Redis.
     * Timeouts, queue size, client name and cluster refresh come from the shared settings; addresses, credentials,
     * database and TLS only from the feature's properties.
     */
    static RedisConnectionSettings forFeature(String prefix, FeatureConnectionProperties properties,
            RedisConnectionSettings shared, SslBundleOptions ssl) {
        RemitRedisProperties.Mode mode = featureMode(prefix, properties);
        if (mode == null) {
            return null;
        }
        RedisConnectionSettings.Builder builder = shared.toBuilder()
                .mode(RedisMode.valueOf(mode.name()))
                .nodes(nodes(mode, properties.getUrl(), properties.getSentinel().getNodes(),
                        properties.getCluster().getNodes()))
                .sentinelMasterName(mode == RemitRedisProperties.Mode.SENTINEL ? properties.getSentinel().getMaster()
                        : null)
                .sentinelPassword(properties.getSentinel().getPassword())
                .username(properties.getUsername())
                .password(properties.getPassword())
                .database(properties.getDatabase())
                .ssl(properties.getSsl().isOn())
                .sslOptions(ssl.forBundle(prefix + ".ssl.bundle", properties.getSsl().getBundle()))
                .readFrom(null);
        return build(builder, origins(prefix, mode, property -> valueOf(properties, property)));
    }

    private static RemitRedisProperties.Mode featureMode(String prefix, FeatureConnectionProperties properties) {
        if (!properties.isConfigured()) {
            boolean stray = properties.getPassword() != null || properties.getUsername() != null
                    || properties.getSsl().isOn() || !properties.getSentinel().getNodes().isEmpty();
            if (stray) {
                // Credentials or TLS alone would silently apply to nothing: the feature would share remit.redis.*.
                throw new InvalidConfigurationPropertyValueException(prefix + ".url", null,
                        "credentials, TLS or sentinel nodes are set for this feature but no url, sentinel.master or "
                                + "cluster.nodes says which Redis they are for");
            }
            return null;
        }
        int chosen = (properties.getUrl() != null ? 1 : 0) + (properties.getSentinel().getMaster() != null ? 1 : 0)
                + (properties.getCluster().getNodes().isEmpty() ? 0 : 1);
        if (chosen > 1) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".url",
                    ShownValue.of(prefix + ".url", properties.getUrl()), "set only one of url, sentinel.master (with sentinel.nodes) or cluster.nodes");
        }
        return properties.getUrl() != null ? RemitRedisProperties.Mode.STANDALONE
                : properties.getSentinel().getMaster() != null ? RemitRedisProperties.Mode.SENTINEL
                : RemitRedisProperties.Mode.CLUSTER;
    }

    private static RedisConnectionSettings.Builder sharedBuilder(RemitRedisProperties properties) {
        RedisMode mode = RedisMode.valueOf(properties.getMode().name());
        RedisConnectionSettings.Builder builder = RedisConnectionSettings.builder()
                .mode(mode)
                .nodes(nodes(properties.getMode(), properties.getUrl(), properties.getSentinel().getNodes(),
                        properties.getCluster().getNodes()))
                .username(properties.getUsername())
                .database(properties.getDatabase())
                .clientName(properties.getClientName())
                .commandTimeout(properties.getCommandTimeout())
                .connectTimeout(properties.getConnectTimeout())
                .requestQueueSize(properties.getRequestQueueSize())
                .deadConnectionTimeout(properties.getDeadConnectionTimeout())
                .verifyPeer(properties.isVerifyPeer())
                .ssl(properties.getSsl().isOn())
                .clusterAdaptiveRefresh(properties.getCluster().isAdaptiveRefresh())
                .clusterRefreshPeriod(properties.getCluster().getPeriodicRefresh())
                .clusterAdaptiveRefreshTimeout(properties.getCluster().getAdaptiveRefreshTimeout());
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

    private static List<String> nodes(RemitRedisProperties.Mode mode, String url, List<String> sentinels,
            List<String> cluster) {
        return switch (mode) {
            case STANDALONE -> url == null ? List.of() : List.of(url);
            case SENTINEL -> sentinels;
            case CLUSTER -> cluster;
        };
    }

    private static String nodesProperty(RemitRedisProperties.Mode mode) {
        return switch (mode) {
            case STANDALONE -> "url";
            case SENTINEL -> "sentinel.nodes";
            case CLUSTER -> "cluster.nodes";
        };
    }

    /** Core setting name -> the {@code prefix.*} property holding it (nodes depends on the mode). */
    private static Function<String, Origin> origins(String prefix, RemitRedisProperties.Mode mode,
            Function<String, Object> valueOf) {
        return setting -> {
            String property = setting.equals("nodes") ? nodesProperty(mode) : PROPERTY_OF_SETTING.get(setting);
            return property == null ? null : new Origin(prefix + "." + property, valueOf.apply(property));
        };
    }

    private static RedisConnectionSettings build(RedisConnectionSettings.Builder builder,
            Function<String, Origin> originOf) {
        try {
            return builder.build();
        }
        catch (IllegalArgumentException ex) {
            throw asPropertyError(originOf, ex);
        }
    }

    private static RuntimeException asPropertyError(Function<String, Origin> originOf, IllegalArgumentException ex) {
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        String setting = message.split("[\\s\\[]", 2)[0];
        Origin origin = originOf.apply(setting);
        if (origin == null) {
            return ex;
        }
        // A password is hidden whole; a URL (url, or an entry of sentinel.nodes / cluster.nodes) loses its user info.
        Object value = ShownValue.of(origin.property(), origin.value());
        // No initCause: this exception's public constructor already sets a (null) cause, so initCause would throw
        // an IllegalStateException that buries the property error; core's message is carried over whole instead.
        return new InvalidConfigurationPropertyValueException(origin.property(), value, message);
    }

    private static Object valueOf(FeatureConnectionProperties properties, String property) {
        return switch (property) {
            case "url" -> properties.getUrl();
            case "sentinel.nodes" -> properties.getSentinel().getNodes();
            case "cluster.nodes" -> properties.getCluster().getNodes();
            case "sentinel.master" -> properties.getSentinel().getMaster();
            case "username" -> properties.getUsername();
            case "database" -> properties.getDatabase();
            default -> null;
        };
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
            case "dead-connection-timeout" -> properties.getDeadConnectionTimeout();
            case "cluster.periodic-refresh" -> properties.getCluster().getPeriodicRefresh();
            case "cluster.adaptive-refresh-timeout" -> properties.getCluster().getAdaptiveRefreshTimeout();
            default -> null;
        };
    }
}
