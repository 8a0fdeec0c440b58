package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@RemitRedis(password = "ext-pass", aof = true, aclUsers = {"reader:read-pass:~* +@read +ping", "app:app-pass:~* &* +@all"})
class ExtensionSecurityTest {

    @Test
    void passwordAofAndAclUsersAreApplied(RedisServer server, StatefulRedisConnection<String, String> connection) {
        assertThat(server.password()).isEqualTo("ext-pass");
        assertThat(server.infoField("persistence", "aof_enabled")).isEqualTo("1");
        connection.sync().set("k", "v");

        RedisClient reader = RedisClient.create(server.uri("reader", "read-pass"));
        try (StatefulRedisConnection<String, String> readOnly = reader.connect()) {
            assertThat(readOnly.sync().get("k")).isEqualTo("v");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> readOnly.sync().set("k", "w"))
                    .hasMessageContaining("NOPERM");
        } finally {
            reader.shutdown();
        }
        RedisClient app = RedisClient.create(server.uri("app", "app-pass"));
        try (StatefulRedisConnection<String, String> appConnection = app.connect()) {
            assertThat(appConnection.sync().aclWhoami()).isEqualTo("app");
        } finally {
            app.shutdown();
        }
    }
}
