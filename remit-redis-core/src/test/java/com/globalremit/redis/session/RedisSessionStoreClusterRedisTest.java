package com.globalremit.redis.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

/**
 * The same suite on a 3-master cluster: a session and its user's index live in different slots (often on
 * different nodes), and an id change crosses slots, so nothing here may rely on multi-key commands.
 */
@RemitRedis(topology = Topology.CLUSTER)
class RedisSessionStoreClusterRedisTest extends RedisSessionStoreContract {

    private static RemitRedisClient redis;

    @BeforeEach
    void connect(RedisClusterGroup cluster) {
        if (redis == null) {
            redis = RemitRedisClient.create(RedisConnectionSettings.cluster(cluster.nodes().stream()
                    .map(n -> n.host() + ":" + n.port()).toArray(String[]::new)).build());
        }
    }

    @AfterAll
    static void close() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    @Override
    RemitRedisClient redis() {
        return redis;
    }
}
