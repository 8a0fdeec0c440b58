package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/** The whole contract again on a 3-master cluster, plus several named queues spread over the masters. */
@RemitRedis(topology = Topology.CLUSTER, masters = 3)
class JobQueueClusterRedisTest extends JobQueueContract {

    @Test
    void namedQueuesOnDifferentMastersWorkSideBySide() {
        @SuppressWarnings("unchecked")
        var partitions = ((StatefulRedisClusterConnection<String, byte[]>) redis.connection()).getPartitions();
        // Pick one queue name per master: its hash tag decides the slot of all its keys.
        Map<String, String> queueByMaster = new ConcurrentHashMap<>();
        for (int i = 0; queueByMaster.size() < 3 && i < 1000; i++) {
            String name = "payments-" + i;
            String key = new QueueKeys(KeyNaming.withPrefix("remit"), name).marker();
            queueByMaster.putIfAbsent(partitions.getPartitionBySlot(SlotHash.getSlot(key)).getNodeId(), name);
        }
        assertThat(queueByMaster).hasSize(3);

        Map<String, Integer> runs = new ConcurrentHashMap<>();
        Set<String> expected = new HashSet<>();
        for (String name : queueByMaster.values()) {
            RedisJobQueue q = queue(JobQueueOptions.builder(name));
            start(q, job -> runs.merge(name + "/" + job.id(), 1, Integer::sum), workerOptions(name).withConcurrency(2));
            for (int i = 0; i < 50; i++) {
                expected.add(name + "/" + q.enqueue("transaction-processing", i).id());
            }
        }
        Await.until("all queues drained", () -> runs.size() == expected.size());
        assertThat(runs.keySet()).isEqualTo(expected);
        assertThat(runs.values()).containsOnly(1);
    }
}
