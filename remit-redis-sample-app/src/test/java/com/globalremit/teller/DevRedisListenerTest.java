package com.globalremit.teller;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import com.globalremit.redis.test.dev.DevRedisLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.mock.env.MockEnvironment;

class DevRedisListenerTest {

    @AfterAll
    static void stopStartedServers() {
        DevRedisLauncher.stopAll();
    }

    @Test
    void keepsAnAddressWhereRedisAnswers() {
        try (RedisServer server = RedisServer.builder().start()) {
            MockEnvironment environment = environment(true, server.port());
            new DevRedisListener().onApplicationEvent(event(environment));
            assertThat(environment.getProperty(DevRedisListener.URL)).isEqualTo("redis://localhost:" + server.port());
        }
    }

    @Test
    void startsRedisWhenNoneAnswers() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        MockEnvironment environment = environment(true, freePort);
        new DevRedisListener().onApplicationEvent(event(environment));
        RedisURI uri = RedisURI.create(environment.getProperty(DevRedisListener.URL));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
        finally {
            client.shutdown();
        }
    }

    @Test
    void doesNothingWhenDisabled() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        MockEnvironment environment = environment(false, freePort);
        new DevRedisListener().onApplicationEvent(event(environment));
        assertThat(environment.getProperty(DevRedisListener.URL)).isEqualTo("redis://localhost:" + freePort);
        try (ServerSocket stillFree = new ServerSocket(freePort)) {
            assertThat(stillFree.getLocalPort()).isEqualTo(freePort);
        }
    }

    private static MockEnvironment environment(boolean enabled, int port) {
        return new MockEnvironment().withProperty(DevRedisListener.ENABLED, String.valueOf(enabled))
                .withProperty(DevRedisListener.URL, "redis://localhost:" + port);
    }

    private static ApplicationEnvironmentPreparedEvent event(MockEnvironment environment) {
        return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), new SpringApplication(),
                new String[0], environment);
    }
}
