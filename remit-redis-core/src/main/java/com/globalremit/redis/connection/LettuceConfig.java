package com.globalremit.redis.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.IOUringProvider;

/**
 * Translates {@link RedisConnectionSettings} into Lettuce's {@link RedisURI}s and client options. Kept apart from
 * {@link RemitRedisClient} so the translation can be unit-tested without a server.
 */
final class LettuceConfig {

    private LettuceConfig() {
    }

    /** The URI of the standalone node, or the sentinel URI (sentinels + master name) in SENTINEL mode. */
    static RedisURI standaloneUri(RedisConnectionSettings settings) {
        if (settings.mode() == RedisMode.CLUSTER) {
            throw new IllegalStateException("standaloneUri() is not defined in CLUSTER mode");
        }
        if (settings.mode() == RedisMode.STANDALONE) {
            RedisURI uri = NodeAddresses.parse("nodes[0]", settings.nodes().get(0), NodeAddresses.DEFAULT_REDIS_PORT);
            applyCommon(uri, settings);
            return uri;
        }
        RedisURI.Builder builder = null;
        for (int i = 0; i < settings.nodes().size(); i++) {
            RedisURI sentinel = NodeAddresses.parse("nodes[" + i + "]", settings.nodes().get(i),
                    NodeAddresses.DEFAULT_SENTINEL_PORT);
            RedisURI.Builder one = RedisURI.Builder.redis(sentinel.getHost(), sentinel.getPort())
                    .withSsl(settings.ssl() || sentinel.isSsl())
                    .withVerifyPeer(settings.verifyPeer())
                    .withTimeout(settings.commandTimeout());
            char[] sentinelPassword = settings.sentinelPassword();
            if (sentinelPassword != null) {
                one.withPassword(sentinelPassword);
            }
            RedisURI sentinelUri = one.build();
            if (builder == null) {
                builder = RedisURI.builder().withSentinelMasterId(settings.sentinelMasterName());
            }
            builder.withSentinel(sentinelUri);
        }
        RedisURI uri = builder.build();
        applyCommon(uri, settings);
        return uri;
    }

    /** The seed node URIs of a cluster. */
    static List<RedisURI> clusterUris(RedisConnectionSettings settings) {
        if (settings.mode() != RedisMode.CLUSTER) {
            throw new IllegalStateException("clusterUris() is only defined in CLUSTER mode");
        }
        List<RedisURI> uris = new ArrayList<>();
        for (int i = 0; i < settings.nodes().size(); i++) {
            RedisURI uri = NodeAddresses.parse("nodes[" + i + "]", settings.nodes().get(i),
                    NodeAddresses.DEFAULT_REDIS_PORT);
            applyCommon(uri, settings);
            uris.add(uri);
        }
        return uris;
    }

    /** Settings win over what a URL carries; a URL's own values survive only where the setting is unset. */
    private static void applyCommon(RedisURI uri, RedisConnectionSettings settings) {
        char[] password = settings.password();
        if (password != null) {
            if (settings.username() != null) {
                uri.setUsername(settings.username());
            }
            uri.setPassword(password);
        }
        if (settings.ssl()) {
            uri.setSsl(true);
        }
        uri.setVerifyPeer(settings.verifyPeer());
        if (settings.database() != 0) {
            uri.setDatabase(settings.database());
        }
        if (settings.clientName() != null) {
            uri.setClientName(settings.clientName());
        }
        // With TimeoutOptions.enabled() this is the command timeout of sync AND async calls.
        uri.setTimeout(settings.commandTimeout());
    }

    static ClientOptions clientOptions(RedisConnectionSettings settings) {
        return applyCommon(ClientOptions.builder(), settings).build();
    }

    static ClusterClientOptions clusterClientOptions(RedisConnectionSettings settings) {
        ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
                .dynamicRefreshSources(settings.clusterDynamicRefreshSources());
        if (settings.clusterAdaptiveRefresh()) {
            // Off by default in Lettuce 6.8: without it, clients keep timing out after a failover.
            refresh.enableAllAdaptiveRefreshTriggers()
                    .adaptiveRefreshTriggersTimeout(settings.clusterAdaptiveRefreshTimeout());
        }
        if (!settings.clusterRefreshPeriod().isZero()) {
            refresh.enablePeriodicRefresh(settings.clusterRefreshPeriod());
        }
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
        applyCommon(builder, settings);
        return builder.topologyRefreshOptions(refresh.build()).build();
    }

    /** Probes spent on a silent peer before the kernel gives up on it. */
    static final int KEEPALIVE_PROBES = 3;

    /**
     * A silent peer (host down, partition) is noticed within about {@code deadConnectionTimeout}: keepalive probes
     * start after an idle spell and end after {@link #KEEPALIVE_PROBES} unanswered ones, and TCP_USER_TIMEOUT closes
     * a socket whose sent data stays unacknowledged that long (keepalive alone never fires while data is
     * outstanding; Linux then retransmits for ~15 min). Lettuce applies the keepalive timings on NIO too (through
     * the JDK's extended socket options) but TCP_USER_TIMEOUT only on a native transport (epoll or io_uring, which
     * the starter brings; on NIO it logs a warning per connection), so that one is asked for only there. The
     * command-timeout watchdog ({@link ReadOnlyReconnector}) bounds the wait either way.
     */
    static SocketOptions socketOptions(RedisConnectionSettings settings, boolean nativeTransport) {
        long seconds = Math.max(1, settings.deadConnectionTimeout().toSeconds());
        long interval = Math.max(1, seconds / (KEEPALIVE_PROBES + 1));
        long idle = Math.max(1, seconds - KEEPALIVE_PROBES * interval);
        SocketOptions.Builder socket = SocketOptions.builder().connectTimeout(settings.connectTimeout())
                .keepAlive(SocketOptions.KeepAliveOptions.builder().enable()
                        .idle(Duration.ofSeconds(idle)).interval(Duration.ofSeconds(interval))
                        .count(KEEPALIVE_PROBES).build());
        if (nativeTransport) {
            socket.tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder().enable()
                    .tcpUserTimeout(settings.deadConnectionTimeout()).build());
        }
        return socket.build();
    }

    private static <B extends ClientOptions.Builder> B applyCommon(B builder, RedisConnectionSettings settings) {
        builder.socketOptions(socketOptions(settings, EpollProvider.isAvailable() || IOUringProvider.isAvailable()))
                // Expire commands after the connection's timeout, async ones included (Lettuce leaves those
                // waiting forever by default).
                .timeoutOptions(TimeoutOptions.enabled())
                // Fail fast during an outage instead of buffering commands while reconnecting ...
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                // ... and bound what a slow but connected server can pile up.
                .requestQueueSize(settings.requestQueueSize())
                .autoReconnect(true);
        if (settings.sslOptions() != null) {
            builder.sslOptions(settings.sslOptions());
        }
        return builder;
    }
}
