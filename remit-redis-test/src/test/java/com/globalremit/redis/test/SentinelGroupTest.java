package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelGroupTest {

    @Test
    void failoverPromotesTheReplicaAndSentinelClientsFollow() {
        List<Long> pids;
        RedisSentinelGroup group = RedisSentinelGroup.builder().password("group-pass").start();
        try {
            pids = TestProcesses.pids(group.servers());
            assertThat(group.sentinels()).hasSize(3).allMatch(RedisServer::isRunning).allMatch(RedisServer::isSentinel);
            assertThat(group.masterName()).isEqualTo("remit-primary");
            assertThat(group.currentPrimary()).isSameAs(group.primary());
            assertThat(group.replica().infoField("replication", "master_link_status")).isEqualTo("up");

            RedisClient client = RedisClient.create(group.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("before-failover", "1");
                // WAIT makes the write reach the replica before we promote it.
                assertThat(connection.sync().waitForReplication(1, 2000)).isEqualTo(1);
            } finally {
                client.shutdown();
            }

            int oldReplicaPort = group.replica().port();
            group.failover();

            assertThat(group.currentPrimary()).isSameAs(group.replica());
            for (RedisServer sentinel : group.sentinels()) {
                assertThat(SentinelQueries.primaryPort(sentinel)).isEqualTo(oldReplicaPort);
            }
            assertThat(RedisSentinelGroup.isMaster(group.replica())).isTrue();

            RedisClient after = RedisClient.create(group.uri());
            try (StatefulRedisConnection<String, String> connection = after.connect()) {
                assertThat(connection.sync().get("before-failover")).isEqualTo("1");
                connection.sync().set("after-failover", "2");
                assertThat(connection.sync().info("server")).contains("tcp_port:" + oldReplicaPort);
            } finally {
                after.shutdown();
            }

            // The old primary now follows the new one, so a second failover can go straight back.
            assertThat(RedisSentinelGroup.isMaster(group.primary())).isFalse();
            assertThat(group.primary().call("GET", "after-failover")).isEqualTo("2");
            group.failover();
            assertThat(group.currentPrimary()).isSameAs(group.primary());
            assertThat(RedisSentinelGroup.isMaster(group.primary())).isTrue();
        } finally {
            group.close();
        }
        assertThat(TestProcesses.stillAlive(pids)).isEmpty();
    }
}
