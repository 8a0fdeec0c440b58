package com.globalremit.redis.test;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import static org.assertj.core.api.Assertions.assertThat;

@RemitRedis(topology = Topology.SENTINEL, password = "sentinel-pass")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionSentinelTest {

    @Test
    @Order(1)
    void injectsTheGroupAndASentinelClient(RedisSentinelGroup group, RedisURI uri,
                                           StatefulRedisConnection<String, String> connection) {
        assertThat(uri.getSentinels()).hasSize(3);
        assertThat(uri.getSentinelMasterId()).isEqualTo(group.masterName());
        connection.sync().set("written-in-test-1", "x");
        assertThat(group.primary().call("GET", "written-in-test-1")).isEqualTo("x");
    }

    @Test
    @Order(2)
    void flushedBeforeThisTest(RedisSentinelGroup group) {
        assertThat(group.currentPrimary().call("DBSIZE")).isEqualTo(0L);
    }

    @Test
    @Order(3)
    void aStandaloneServerIsNotAvailableForASentinelDeployment(RedisDeployment deployment) {
        assertThat(deployment.topology()).isEqualTo(Topology.SENTINEL);
        RedisClassResources resources = new RedisClassResources(deployment);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resources.resolve(RedisServer.class))
                .isInstanceOf(ParameterResolutionException.class).hasMessageContaining("SENTINEL");
    }

    @Test
    @Order(4)
    void killingThePrimaryMakesTheSentinelsPromoteTheReplica(RedisSentinelGroup group) {
        group.primary().kill();
        Await.until("sentinels to fail over", java.time.Duration.ofSeconds(30),
                () -> group.currentPrimary() == group.replica() && RedisSentinelGroup.isMaster(group.replica()),
                () -> group.logTail(20));
    }

    @Test
    @Order(5)
    void theKilledPrimaryIsBackAsAReplicaAndTheClientFollowsTheNewPrimary(
            RedisSentinelGroup group, StatefulRedisConnection<String, String> connection) {
        assertThat(group.primary().isRunning()).isTrue();
        assertThat(RedisSentinelGroup.isMaster(group.primary())).isFalse();
        assertThat(group.currentPrimary()).isSameAs(group.replica());
        connection.sync().set("after-kill", "ok");
        assertThat(group.replica().call("GET", "after-kill")).isEqualTo("ok");
    }
}
