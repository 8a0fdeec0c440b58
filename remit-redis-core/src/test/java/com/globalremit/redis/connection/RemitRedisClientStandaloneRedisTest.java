package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

@RemitRedis(topology = Topology.STANDALONE)
class RemitRedisClientStandaloneRedisTest {

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
        return RedisConnectionSettings.standalone("redis://" + server.host() + ":" + server.port());
    }

    @Test
    void sharedConnectionServesBytesAndStrings(RedisServer server) throws Exception {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).build(), resources)) {
            assertThat(redis.mode()).isEqualTo(RedisMode.STANDALONE);
            redis.sync().set("client:profile:1", new byte[] {1, 2, 3});
            assertThat(redis.sync().get("client:profile:1")).containsExactly(1, 2, 3);
            assertThat(redis.async().get("client:profile:1").get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3);

            redis.syncStrings().set("greeting", "grüß dich");
            assertThat(redis.asyncStrings().get("greeting").get(5, TimeUnit.SECONDS)).isEqualTo("grüß dich");
            assertThat(redis.sync().get("greeting")).isEqualTo("grüß dich".getBytes(StandardCharsets.UTF_8));
            assertThat(redis.connection().isOpen()).isTrue();
        }
    }

    @Test
    void settingsReachTheServer(RedisServer server) {
        // Database and client name are applied by Lettuce's handshake; CLIENT INFO shows both.
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).database(3).clientName("remit-core-test")
                .build(), resources)) {
            redis.syncStrings().set("in-db-3", "x");
            String info = redis.syncStrings().clientInfo();
            assertThat(info).contains("name=remit-core-test").contains("db=3");
        }
        try (RemitRedisClient db0 = RemitRedisClient.create(settings(server).build(), resources)) {
            assertThat(db0.syncStrings().get("in-db-3")).isNull();
        }
    }

    @Test
    void forEachMasterVisitsTheOneServerOutsideACluster(RedisServer server) {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).build(), resources)) {
            redis.sync().set("a", new byte[] {1});
            Map<String, Long> sizes = redis.fromEachMaster(c -> c.dbsize());
            assertThat(sizes).containsExactly(Map.entry(server.host() + ":" + server.port(), 1L));
        }
    }

    @Test
    void dedicatedConnectionIsSeparateAndMayBlockLonger(RedisServer server) throws Exception {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).commandTimeout(Duration.ofMillis(500))
                .build(), resources);
                CommandConnection<byte[]> dedicated = redis.connectDedicated()) {
            dedicated.setCommandTimeout(Duration.ofSeconds(10));
            // BLPOP for 1 s would exceed the shared 500 ms timeout; the dedicated connection allows it, and the
            // shared connection keeps answering meanwhile.
            var blocked = dedicated.async().blpop(1, "jobs");
            assertThat(redis.sync().ping()).isEqualTo("PONG");
            assertThat(blocked.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(dedicated.isOpen()).isTrue();
        }
    }

    @Test
    void pubSubConnectionReceivesMessages(RedisServer server) throws Exception {
        try (RemitRedisClient redis = RemitRedisClient.create(settings(server).build(), resources)) {
            StatefulRedisPubSubConnection<String, byte[]> pubSub = redis.connectPubSub();
            BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    received.add(message);
                }
            });
            pubSub.sync().subscribe("invalidation");
            redis.sync().publish("invalidation", new byte[] {42});
            assertThat(received.poll(5, TimeUnit.SECONDS)).containsExactly(42);
            pubSub.close();
        }
    }

    @Test
    void closeIsIdempotentLeavesSharedResourcesAndRefusesFurtherUse(RedisServer server) {
        RemitRedisClient redis = RemitRedisClient.create(settings(server).build(), resources);
        var connection = redis.connection();
        CommandConnection<byte[]> dedicated = redis.connectDedicated();
        redis.close();
        redis.close();
        assertThat(redis.isClosed()).isTrue();
        assertThat(connection.isOpen()).isFalse();
        assertThat(dedicated.isOpen()).as("connections the client opened close with it").isFalse();
        assertThat(resources.eventExecutorGroup().isShuttingDown()).as("shared resources stay up").isFalse();
        assertThatIllegalStateException().isThrownBy(redis::sync).withMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(redis::connectPubSub);
    }

    @Test
    void ownResourcesAreShutDownOnClose(RedisServer server) {
        RemitRedisClient redis = RemitRedisClient.create(settings(server).build());
        assertThat(redis.sync().ping()).isEqualTo("PONG");
        ClientResources own = redis.resources();
        redis.close();
        assertThat(own.eventExecutorGroup().isShuttingDown()).isTrue();
    }
}
