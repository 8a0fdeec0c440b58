package com.globalremit.redis.connection;

import java.util.function.Consumer;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/** What differs between a {@code RedisClient} (standalone, Sentinel) and a {@code RedisClusterClient}. */
interface Backend {

    <V> CommandConnection<V> connect(RedisCodec<String, V> codec);

    /**
     * A connection for the client's shared use: like {@link #connect} but sending read-only commands where
     * {@link RedisConnectionSettings#readFrom()} says (dedicated connections always stay on the primary).
     */
    <V> CommandConnection<V> connectShared(RedisCodec<String, V> codec);

    <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec);

    /** Runs the action once per master that serves slots (once in total outside a cluster). */
    void forEachMaster(StatefulConnection<String, byte[]> shared, MasterAction action);

    /** Closes every connection the Lettuce client opened and the client itself; not the ClientResources. */
    void shutdown();

    /** Receives the node's address ({@code host:port}) and its commands. */
    @FunctionalInterface
    interface MasterAction {
        void accept(String address, RedisClusterCommands<String, byte[]> commands);

        static MasterAction of(Consumer<RedisClusterCommands<String, byte[]>> consumer) {
            return (address, commands) -> consumer.accept(commands);
        }
    }
}
