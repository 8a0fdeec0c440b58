package com.globalremit.redis.connection;

import java.time.Duration;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

/** STANDALONE and SENTINEL: Lettuce's {@link RedisClient} handles both (Sentinel through the URI). */
final class StandaloneBackend implements Backend {

    private final RedisClient client;
    private final RedisURI uri;
    private final ReadFrom readFrom;
    /**
     * Follows a failover the open sockets would miss: a demoted primary (READONLY) or a hung one. In SENTINEL mode
     * the reconnect asks the sentinels again; in STANDALONE mode it resolves the host name again (a managed
     * primary endpoint whose DNS name moved on failover, while our sockets stayed on the demoted node).
     */
    private final ReadOnlyReconnector reconnector;

    StandaloneBackend(RedisConnectionSettings settings, ClientResources resources) {
        this.uri = LettuceConfig.standaloneUri(settings);
        this.readFrom = settings.readFrom();
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(LettuceConfig.clientOptions(settings));
        this.reconnector = settings.mode() == RedisMode.SENTINEL
                ? new ReadOnlyReconnector("Sentinel master '" + settings.sentinelMasterName() + "'",
                        "through the sentinels", settings.deadConnectionTimeout())
                // Host and port only: a URL may carry credentials.
                : new ReadOnlyReconnector("Redis " + uri.getHost() + ":" + uri.getPort(),
                        "resolving the host name again", settings.deadConnectionTimeout());
        // Before the first connect: Lettuce wires command listeners into each connection as it opens.
        client.addListener(reconnector);
    }

    @Override
    public <V> CommandConnection<V> connect(RedisCodec<String, V> codec) {
        StatefulRedisConnection<String, V> connection = track(client.connect(codec));
        return new CommandConnection<>(connection, connection.sync(), connection.async());
    }

    @Override
    public <V> CommandConnection<V> connectShared(RedisCodec<String, V> codec) {
        if (readFrom == null) {
            return connect(codec);
        }
        // Master/replica routing: replicas come from the sentinels, or from the primary's INFO replication.
        StatefulRedisMasterReplicaConnection<String, V> connection = MasterReplica.connect(client, codec, uri);
        connection.setReadFrom(readFrom);
        return new CommandConnection<>(connection, connection.sync(), connection.async());
    }

    @Override
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        return track(client.connectPubSub(codec));
    }

    @Override
    public void forEachMaster(StatefulConnection<String, byte[]> shared, MasterAction action) {
        StatefulRedisConnection<String, byte[]> connection = (StatefulRedisConnection<String, byte[]>) shared;
        String address = uri.getSentinels().isEmpty() ? uri.getHost() + ":" + uri.getPort()
                : "sentinel:" + uri.getSentinelMasterId();
        action.accept(address, connection.sync());
    }

    private <C> C track(C connection) {
        return reconnector.track(connection);
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
