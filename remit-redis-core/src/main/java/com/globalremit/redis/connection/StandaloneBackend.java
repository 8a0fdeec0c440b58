package com.globalremit.redis.connection;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

/** STANDALONE and SENTINEL: Lettuce's {@link RedisClient} handles both (Sentinel through the URI). */
final class StandaloneBackend implements Backend {

    private final RedisClient client;
    private final RedisURI uri;

    StandaloneBackend(RedisConnectionSettings settings, ClientResources resources) {
        this.uri = LettuceConfig.standaloneUri(settings);
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(LettuceConfig.clientOptions(settings));
    }

    @Override
    public <V> CommandConnection<V> connect(RedisCodec<String, V> codec) {
        StatefulRedisConnection<String, V> connection = client.connect(codec);
        return new CommandConnection<>(connection, connection.sync(), connection.async());
    }

    @Override
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        return client.connectPubSub(codec);
    }

    @Override
    public void forEachMaster(StatefulConnection<String, byte[]> shared, MasterAction action) {
        StatefulRedisConnection<String, byte[]> connection = (StatefulRedisConnection<String, byte[]>) shared;
        String address = uri.getSentinels().isEmpty() ? uri.getHost() + ":" + uri.getPort()
                : "sentinel:" + uri.getSentinelMasterId();
        action.accept(address, connection.sync());
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
