package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandaloneServerTest {

    @Test
    void startsOnAFreePortAndAnswers() {
        try (RedisServer server = RedisServer.builder().start()) {
            assertThat(server.port()).isNotEqualTo(6379).isPositive();
            assertThat(server.isRunning()).isTrue();
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("greeting", "hello");
                assertThat(connection.sync().get("greeting")).isEqualTo("hello");
            } finally {
                client.shutdown();
            }
            assertThat(server.logTail(20)).contains("Ready to accept connections");
        }
    }

    @Test
    void passwordIsRequiredAndWrongPasswordIsRejected() {
        try (RedisServer server = RedisServer.builder().password("s3cret")
                .aclUser("app", "app-pass", "~* &* +@all").start()) {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                client.shutdown();
            }
            RedisClient acl = RedisClient.create(server.uri("app", "app-pass"));
            try (StatefulRedisConnection<String, String> connection = acl.connect()) {
                assertThat(connection.sync().aclWhoami()).isEqualTo("app");
            } finally {
                acl.shutdown();
            }
            RedisClient wrong = RedisClient.create(server.uri("app", "wrong"));
            try {
                assertThatThrownBy(wrong::connect).isInstanceOf(RedisConnectionException.class)
                        .hasStackTraceContaining("WRONGPASS");
            } finally {
                wrong.shutdown();
            }
            RedisClient anonymous = RedisClient.create(RedisURI.create(server.host(), server.port()));
            try {
                // Lettuce's handshake (HELLO) is refused before any command can be sent.
                assertThatThrownBy(anonymous::connect).isInstanceOf(RedisConnectionException.class)
                        .hasStackTraceContaining("NOAUTH");
            } finally {
                anonymous.shutdown();
            }
        }
    }

    @Test
    void aGivenDataDirectoryIsKeptAndReusedByTheNextServer(@TempDir Path dir) {
        try (RedisServer first = RedisServer.builder().dataDir(dir).aof(true).start()) {
            assertThat(first.dataDir()).isEqualTo(dir);
            first.call("SET", "persisted", "yes");
        }
        assertThat(dir.resolve("redis.conf")).exists();
        try (RedisServer second = RedisServer.builder().dataDir(dir).aof(true).start()) {
            assertThat(second.call("GET", "persisted")).isEqualTo("yes");
        }
    }
}
