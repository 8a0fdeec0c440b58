package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.resource.ClientResources;

@RemitRedis(password = "s3cret-pw", aclUsers = "app:app-pw:~* &* +@all")
class RemitRedisClientAuthRedisTest {

    private static ClientResources resources;

    @BeforeAll
    static void startResources() {
        resources = ClientResources.create();
    }

    @AfterAll
    static void stopResources() {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static RedisConnectionSettings.Builder settings(RedisServer server) {
        return RedisConnectionSettings.standalone(server.host() + ":" + server.port());
    }

    @Test
    void connectsWithThePassword(RedisServer server) {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).password("s3cret-pw").build(),
                resources)) {
            redis.syncStrings().set("k", "v");
            assertThat(redis.syncStrings().get("k")).isEqualTo("v");
        }
    }

    @Test
    void connectsWithAPasswordInTheUrl(RedisServer server) {
        String url = "redis://:s3cret-pw@" + server.host() + ":" + server.port();
        try (RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings.standalone(url).build(),
                resources)) {
            assertThat(redis.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void connectsAsAnAclUser(RedisServer server) {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).username("app").password("app-pw")
                .build(), resources)) {
            assertThat(redis.syncStrings().aclWhoami()).isEqualTo("app");
        }
    }

    @Test
    void missingOrWrongPasswordFailsCreate(RedisServer server) {
        assertThatThrownBy(() -> RemitRedisClient.create(settings(server).build(), resources))
                .isInstanceOf(RedisConnectionException.class);
        assertThatThrownBy(() -> RemitRedisClient.create(settings(server).password("wrong").build(), resources))
                .isInstanceOf(RedisConnectionException.class);
        assertThat(resources.eventExecutorGroup().isShuttingDown()).isFalse();
    }
}
