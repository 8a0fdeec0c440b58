package com.globalremit.redis.queue;

import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

@RemitRedis(topology = Topology.STANDALONE)
class JobQueueStandaloneRedisTest extends JobQueueContract {
}
