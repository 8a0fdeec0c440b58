package com.globalremit.redis.test;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import java.time.Duration;
import java.util.List;

/**
 * The deployment of one test class plus the Lettuce clients the extension created for it, all
 * closed together after the class (JUnit closes AutoCloseable store values). Clients are created
 * lazily, only if a test asks for one. Also a (deprecated) CloseableResource, so the servers still stop
 * in projects that set junit.jupiter.extensions.store.close.autocloseable.enabled=false; close() is
 * idempotent in case a JUnit version calls both.
 */
@SuppressWarnings("deprecation")
final class RedisClassResources implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    static final List<Class<?>> SUPPORTED_TYPES = List.of(RedisURI.class, RedisDeployment.class, RedisServer.class,
            RedisSentinelGroup.class, RedisClusterGroup.class, RedisClient.class, StatefulRedisConnection.class,
            RedisClusterClient.class, StatefulRedisClusterConnection.class);

    private final RedisDeployment deployment;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisClusterClient clusterClient;
    private StatefulRedisClusterConnection<String, String> clusterConnection;
    private boolean closed;

    RedisClassResources(RedisDeployment deployment) {
        this.deployment = deployment;
    }

    RedisDeployment deployment() {
        return deployment;
    }

    static boolean supports(Class<?> type) {
        return SUPPORTED_TYPES.contains(type);
    }

    synchronized Object resolve(Class<?> type) {
        if (type == RedisURI.class) {
            return deployment.uri();
        }
        if (type == RedisDeployment.class) {
            return deployment;
        }
        if (type == RedisServer.class || type == RedisSentinelGroup.class || type == RedisClusterGroup.class) {
            return requireDeployment(type);
        }
        if (type == RedisClient.class) {
            return client();
        }
        if (type == StatefulRedisConnection.class) {
            if (connection == null) {
                connection = client().connect();
            }
            return connection;
        }
        if (type == RedisClusterClient.class) {
            return clusterClient();
        }
        if (type == StatefulRedisClusterConnection.class) {
            if (clusterConnection == null) {
                clusterConnection = clusterClient().connect();
            }
            return clusterConnection;
        }
        throw new ParameterResolutionException("@RemitRedis cannot provide " + type.getName());
    }

    private Object requireDeployment(Class<?> type) {
        if (!type.isInstance(deployment)) {
            throw new ParameterResolutionException("@RemitRedis started a " + deployment.topology()
                    + " deployment; " + type.getSimpleName() + " is not available. Inject RedisDeployment, or "
                    + "set @RemitRedis(topology = ...) to match.");
        }
        return deployment;
    }

    /**
     * A RedisClient for standalone or sentinel. For a TLS server it verifies the certificate fully
     * (trusting the generated CA), which also proves the generated certificate is sound.
     */
    private RedisClient client() {
        if (client == null) {
            if (deployment.topology() == Topology.CLUSTER) {
                throw new ParameterResolutionException("@RemitRedis started a CLUSTER; inject RedisClusterClient or "
                        + "StatefulRedisClusterConnection instead of RedisClient/StatefulRedisConnection.");
            }
            RedisURI uri = deployment.uri();
            if (deployment instanceof RedisServer server && server.isTls()) {
                uri.setVerifyPeer(SslVerifyMode.FULL);
                client = RedisClient.create(uri);
                client.setOptions(ClientOptions.builder().sslOptions(server.sslOptions()).build());
            } else {
                client = RedisClient.create(uri);
            }
        }
        return client;
    }

    /** A cluster client with adaptive topology refresh on, so it follows failovers (off by default in 6.x). */
    private RedisClusterClient clusterClient() {
        if (clusterClient == null) {
            if (deployment.topology() != Topology.CLUSTER) {
                throw new ParameterResolutionException("@RemitRedis started a " + deployment.topology()
                        + "; RedisClusterClient needs topology = CLUSTER.");
            }
            clusterClient = RedisClusterClient.create(deployment.uris());
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().build())
                    .build());
        }
        return clusterClient;
    }

    /** Connections, then clients, then the servers: clients must not reconnect to dying servers. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Closer.closeQuietly(connection);
        Closer.closeQuietly(clusterConnection);
        Closer.closeQuietly(client == null ? null : () -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        Closer.closeQuietly(clusterClient == null ? null
                : () -> clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        deployment.close();
    }
}
