package com.globalremit.redis.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

/** The session store on a standalone Redis. */
@RemitRedis
class RedisSessionStoreRedisTest extends RedisSessionStoreContract {

    private static RemitRedisClient redis;

    @BeforeEach
    void connect(RedisServer server) {
        if (redis == null) {
            redis = RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                    .build());
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
