package com.globalremit.redis.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

/** CLUSTER: Lettuce's {@link RedisClusterClient}, routing each command by the hash slot of its first key. */
final class ClusterBackend implements Backend {

    private final RedisClusterClient client;
    private final ReadFrom readFrom;

    ClusterBackend(RedisConnectionSettings settings, ClientResources resources) {
        this.client = RedisClusterClient.create(resources, LettuceConfig.clusterUris(settings));
        this.client.setOptions(LettuceConfig.clusterClientOptions(settings));
        this.readFrom = settings.readFrom();
    }

    @Override
    public <V> CommandConnection<V> connect(RedisCodec<String, V> codec) {
        StatefulRedisClusterConnection<String, V> connection = client.connect(codec);
        return new CommandConnection<>(connection, connection.sync(), connection.async());
    }

    @Override
    public <V> CommandConnection<V> connectShared(RedisCodec<String, V> codec) {
        StatefulRedisClusterConnection<String, V> connection = client.connect(codec);
        if (readFrom != null) {
            connection.setReadFrom(readFrom);
        }
        return new CommandConnection<>(connection, connection.sync(), connection.async());
    }

    @Override
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        return client.connectPubSub(codec);
    }

    @Override
    public void forEachMaster(StatefulConnection<String, byte[]> shared, MasterAction action) {
        StatefulRedisClusterConnection<String, byte[]> connection =
                (StatefulRedisClusterConnection<String, byte[]>) shared;
        List<RedisClusterNode> masters = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            // A master without slots holds no keys; SCAN and INFO fan-out only care about slot owners.
            if (node.is(NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                masters.add(node);
            }
        }
        masters.sort(Comparator.comparing(n -> n.getUri().getHost() + ":" + n.getUri().getPort()));
        for (RedisClusterNode node : masters) {
            // Node connections are pooled by Lettuce and closed with the cluster connection: do not close them.
            action.accept(node.getUri().getHost() + ":" + node.getUri().getPort(),
                    connection.getConnection(node.getNodeId()).sync());
        }
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
