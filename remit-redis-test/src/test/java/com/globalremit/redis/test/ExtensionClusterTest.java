package com.globalremit.redis.test;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster with replicas through the extension; also proves CLUSTER REPLICATE and flushing masters. */
@RemitRedis(topology = Topology.CLUSTER, replicasPerMaster = 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionClusterTest {

    private RedisClusterClient clientField;

    @Test
    @Order(1)
    void formsThreeMastersWithOneReplicaEach(RedisClusterGroup cluster,
                                             StatefulRedisClusterConnection<String, String> connection) {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.masters()).hasSize(3);
        assertThat(cluster.replicas()).hasSize(3);
        assertThat(cluster.uris()).hasSize(6);
        assertThat(clientField).isNotNull();
        for (int i = 0; i < 30; i++) {
            connection.sync().set("k" + i, "v");
        }
        assertThat(connection.sync().dbsize()).isEqualTo(30);
    }

    @Test
    @Order(2)
    void flushedBeforeThisTest(StatefulRedisClusterConnection<String, String> connection) {
        assertThat(connection.sync().dbsize()).isZero();
        assertThat(connection.sync().get("k1")).isNull();
    }

    @Test
    @Order(3)
    void killingAMasterPromotesItsReplica(RedisClusterGroup cluster) {
        RedisServer victim = cluster.nodes().get(0);
        victim.kill();
        Await.until("a replica to take over the killed master's slots", java.time.Duration.ofSeconds(30),
                () -> cluster.masters().size() == 3
                        && String.valueOf(cluster.nodes().get(1).call("CLUSTER", "INFO")).contains("cluster_state:ok"),
                () -> cluster.logTail(20));
    }

    @Test
    @Order(4)
    void theKilledMasterRejoinsAndTheClusterServesAllSlots(RedisClusterGroup cluster,
                                                           StatefulRedisClusterConnection<String, String> connection) {
        assertThat(cluster.nodes()).allMatch(RedisServer::isRunning);
        assertThat(cluster.masters()).hasSize(3).doesNotContain(cluster.nodes().get(0));
        // The client's view still names the killed node as a master and may hold a socket the kill reset; a
        // real application gets the new view from Lettuce's periodic/adaptive refresh, here we ask for it now.
        clientField.refreshPartitions();
        for (int i = 0; i < 30; i++) {
            connection.sync().set("after-" + i, "v");
        }
        assertThat(connection.sync().dbsize()).isEqualTo(30);
    }
}
