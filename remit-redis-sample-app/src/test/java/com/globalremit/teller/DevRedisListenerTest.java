package com.globalremit.teller;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import com.globalremit.redis.test.RedisProcessRegistry;
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

    @Test
    void aRewrittenUrlKeepsSchemeCredentialsAndDatabase() throws IOException {
        try (ServerSocket notRedis = new ServerSocket(0)) {
            MockEnvironment environment = new MockEnvironment().withProperty(DevRedisListener.ENABLED, "true")
                    .withProperty(DevRedisListener.URL, "redis://:dev-pass@localhost:" + notRedis.getLocalPort() + "/2");
            new DevRedisListener().onApplicationEvent(event(environment));
            String url = environment.getProperty(DevRedisListener.URL);
            assertThat(url).startsWith("redis://:dev-pass@127.0.0.1:").endsWith("/2")
                    .doesNotContain(":" + notRedis.getLocalPort() + "/");
            // The started server requires the configured password, so the kept credentials work against it.
            RedisClient client = RedisClient.create(RedisURI.create(url));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().clientInfo()).contains("db=2");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void leavesARemoteHostAloneAndStartsNothing() throws IOException {
        startsNothingFor("redis://192.0.2.1:"); // TEST-NET-1: never reachable
    }

    @Test
    void leavesATlsUrlAloneAndStartsNothing() throws IOException {
        // The launcher starts plain-text servers only: a rediss:// client could not talk to one.
        startsNothingFor("rediss://localhost:");
    }

    private static void startsNothingFor(String urlWithoutPort) throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String url = urlWithoutPort + freePort;
        MockEnvironment environment = new MockEnvironment().withProperty(DevRedisListener.ENABLED, "true")
                .withProperty(DevRedisListener.URL, url);
        int before = RedisProcessRegistry.liveProcesses().size();
        new DevRedisListener().onApplicationEvent(event(environment));
        assertThat(environment.getProperty(DevRedisListener.URL)).isEqualTo(url);
        assertThat(RedisProcessRegistry.liveProcesses()).hasSize(before);
        try (ServerSocket stillFree = new ServerSocket(freePort)) {
            assertThat(stillFree.getLocalPort()).isEqualTo(freePort);
        }
    }

    @Test
    void onlyThisMachineCountsAsLocal() {
        assertThat(List.of("localhost", "LOCALHOST", "127.0.0.1", "::1", "[::1]")).allMatch(DevRedisListener::isLocal);
        assertThat(DevRedisListener.isLocal(null)).isTrue();
        assertThat(List.of("redis.internal", "10.0.0.5", "192.0.2.1", "localhost.example.com"))
                .noneMatch(DevRedisListener::isLocal);
    }

    @Test
    void withAddressReplacesOnlyHostAndPort() {
        assertThat(DevRedisListener.withAddress("rediss://app:s%40cret@localhost:16400/3?timeout=5s", "127.0.0.1", 20001))
                .isEqualTo("rediss://app:s%40cret@127.0.0.1:20001/3?timeout=5s");
        assertThat(DevRedisListener.withAddress("redis://localhost:16400", "127.0.0.1", 20001))
                .isEqualTo("redis://127.0.0.1:20001");
        assertThat(DevRedisListener.withAddress("redis://[::1]:16400/1", "::1", 20001))
                .isEqualTo("redis://[::1]:20001/1");
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
