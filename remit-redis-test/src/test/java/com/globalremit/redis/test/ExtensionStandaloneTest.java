package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** The extension injects parameters and fields, and flushes between tests. */
@RemitRedis
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionStandaloneTest {

    private static RedisServer staticServer;
    private RedisURI uriField;
    private StatefulRedisConnection<String, String> connectionField;

    private final RedisServer constructorServer;

    ExtensionStandaloneTest(RedisServer server) {
        this.constructorServer = server;
    }

    @Test
    @Order(1)
    void injectsTheSameServerEverywhere(RedisServer server, RedisDeployment deployment, RedisURI uri,
                                        RedisClient client) {
        assertThat(server).isSameAs(constructorServer).isSameAs(staticServer).isSameAs(deployment);
        assertThat(uri.getPort()).isEqualTo(server.port());
        assertThat(uriField.getPort()).isEqualTo(server.port());
        assertThat(client).isNotNull();
        assertThat(deployment.topology()).isEqualTo(Topology.STANDALONE);
    }

    @Test
    @Order(2)
    void writesData(StatefulRedisConnection<String, String> connection) {
        assertThat(connection).isSameAs(connectionField);
        connection.sync().set("left-over", "from test 2");
        assertThat(connection.sync().dbsize()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void dataFromThePreviousTestIsGone(StatefulRedisConnection<String, String> connection) {
        assertThat(connection.sync().get("left-over")).isNull();
        assertThat(connection.sync().dbsize()).isZero();
    }

    @Test
    @Order(4)
    void aKilledServerIsRestartedForTheNextTest(RedisServer server) {
        server.kill();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    @Order(5)
    void serverRunsAgain(RedisServer server, StatefulRedisConnection<String, String> connection) {
        assertThat(server.isRunning()).isTrue();
        assertThat(connection.sync().ping()).isEqualTo("PONG");
    }
}
