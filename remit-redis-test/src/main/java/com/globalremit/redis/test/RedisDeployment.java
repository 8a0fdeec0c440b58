package com.globalremit.redis.test;

import io.lettuce.core.RedisURI;

import java.util.List;

/**
 * What every started Redis deployment offers, whatever its topology, so tests and the JUnit
 * extension can treat standalone, sentinel and cluster alike.
 */
public interface RedisDeployment extends AutoCloseable {

    /** The URI a client should use: the server, the sentinel URI, or the first cluster seed. */
    RedisURI uri();

    /**
     * Like {@link #uri()}, but with every right: in {@link AclTestMode} {@code uri()} authenticates as the
     * documented, restricted app user, and a test that inspects or reconfigures the server itself (KEYS, CONFIG SET,
     * FLUSHALL) uses this instead. Outside that mode the same as {@code uri()}.
     */
    RedisURI adminUri();

    /** Every client-facing URI: one for standalone and sentinel, one seed per node for a cluster. */
    List<RedisURI> uris();

    /**
     * Removes all data. Groups flush every running node that accepts writes and skip stopped or paused
     * ones; a standalone server must be running.
     */
    void flushAll();

    /** The last {@code lines} lines of every process's log, each block headed by the node it came from. */
    String logTail(int lines);

    Topology topology();

    /**
     * Every process of the deployment (data nodes and, for sentinel, the sentinels), so callers can
     * inspect or heal all of them at once.
     */
    List<RedisServer> servers();

    /**
     * Resumes paused processes, restarts stopped ones (same port and data directory) and waits until
     * the deployment serves requests again. Lets a test that injected faults leave a usable deployment
     * for the next test.
     */
    void ensureRunning();

    /** Stops every process and deletes the directories this module created. Never throws checked exceptions. */
    @Override
    void close();
}
