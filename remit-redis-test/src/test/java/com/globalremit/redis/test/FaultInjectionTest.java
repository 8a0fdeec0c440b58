package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    private static final int KEYS = 50;

    @Test
    void withAofEveryWriteSurvivesKillMinus9() {
        try (RedisServer server = RedisServer.builder().aof(true).config("appendfsync", "always").start()) {
            long writes = writeKeys(server);
            int port = server.port();
            long oldPid = server.pid();

            server.kill();
            assertThat(TestProcesses.alive(oldPid)).isFalse();
            assertThat(server.isRunning()).isFalse();

            server.restart();
            assertThat(server.pid()).isNotEqualTo(oldPid);
            assertThat(server.port()).isEqualTo(port);
            assertThat(dbSize(server)).isEqualTo(writes);
        }
    }

    @Test
    void withoutAofTheDataIsGoneAfterKillMinus9() {
        try (RedisServer server = RedisServer.builder().start()) {
            assertThat(writeKeys(server)).isEqualTo(KEYS);
            server.kill();
            server.restart();
            assertThat(dbSize(server)).isZero();
        }
    }

    @Test
    void aPausedServerTimesOutAndAnswersAgainAfterResume() {
        try (RedisServer server = RedisServer.builder().start()) {
            RedisURI uri = server.uri();
            uri.setTimeout(Duration.ofMillis(300));
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");

                server.pause();
                assertThat(server.isPaused()).isTrue();
                assertThatThrownBy(() -> connection.sync().set("k", "v"))
                        .isInstanceOf(RedisCommandTimeoutException.class);

                server.resume();
                assertThat(server.isPaused()).isFalse();
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void stopAndCloseLeaveNoProcessAndNoDirectory() {
        RedisServer server = RedisServer.builder().start();
        Path dataDir = server.dataDir();
        long firstPid = server.pid();
        server.stop();
        assertThat(TestProcesses.alive(firstPid)).isFalse();
        assertThat(server.logTail(50)).contains("ready to exit");

        server.restart();
        long secondPid = server.pid();
        assertThat(server.call("PING")).isEqualTo("PONG");

        server.pause();
        server.close();
        assertThat(TestProcesses.alive(secondPid)).isFalse();
        assertThat(dataDir).doesNotExist();
        assertThat(RedisProcessRegistry.liveProcesses()).noneMatch(p -> p.pid() == secondPid);
    }

    @Test
    void ensureRunningResumesAndRestarts() {
        try (RedisServer server = RedisServer.builder().start()) {
            server.pause();
            server.ensureRunning();
            assertThat(server.call("PING")).isEqualTo("PONG");
            server.kill();
            server.ensureRunning();
            assertThat(server.call("PING")).isEqualTo("PONG");
        }
    }

    private static long writeKeys(RedisServer server) {
        RedisClient client = RedisClient.create(server.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (int i = 0; i < KEYS; i++) {
                connection.sync().set("key-" + i, "value-" + i);
            }
            return connection.sync().dbsize();
        } finally {
            client.shutdown();
        }
    }

    private static long dbSize(RedisServer server) {
        return (Long) server.call("DBSIZE");
    }
}
