package com.globalremit.redis.connection;

/**
 * How the application reaches Redis.
 */
public enum RedisMode {

    /** One Redis server addressed directly (optionally over TLS). */
    STANDALONE,

    /** A primary discovered through Redis Sentinel; the client follows failovers. */
    SENTINEL,

    /** Redis Cluster: keys are spread over the masters by hash slot. */
    CLUSTER
}
