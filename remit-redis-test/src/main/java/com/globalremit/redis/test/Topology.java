package com.globalremit.redis.test;

/** The shapes of Redis deployment this module can start. */
public enum Topology {
    /** One redis-server process. */
    STANDALONE,
    /** A primary, a replica and three sentinels watching them. */
    SENTINEL,
    /** A Redis Cluster formed from scratch. */
    CLUSTER
}
