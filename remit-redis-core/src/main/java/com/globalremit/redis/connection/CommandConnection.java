package com.globalremit.redis.connection;

import java.time.Duration;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A Lettuce connection together with its command interfaces, typed as the subset that standalone, Sentinel and
 * Cluster connections all implement. Feature code written against {@link #sync()} / {@link #async()} therefore
 * runs unchanged in every {@link RedisMode}.
 *
 * <p>The shared connections of {@link RemitRedisClient} are owned by the client; a connection obtained from
 * {@link RemitRedisClient#connectDedicated()} belongs to the caller, who must close it.
 *
 * @param <V> value type (keys are always {@code String})
 */
public final class CommandConnection<V> implements AutoCloseable {

    private final StatefulConnection<String, V> connection;
    private final RedisClusterCommands<String, V> sync;
    private final RedisClusterAsyncCommands<String, V> async;

    CommandConnection(StatefulConnection<String, V> connection, RedisClusterCommands<String, V> sync,
            RedisClusterAsyncCommands<String, V> async) {
        this.connection = connection;
        this.sync = sync;
        this.async = async;
    }

    /** Blocking commands; each waits at most the connection's command timeout. */
    public RedisClusterCommands<String, V> sync() {
        return sync;
    }

    /** Non-blocking commands; their futures fail with a timeout after the connection's command timeout. */
    public RedisClusterAsyncCommands<String, V> async() {
        return async;
    }

    /** The underlying Lettuce connection, for what the command interfaces do not cover (e.g. {@code isOpen()}). */
    public StatefulConnection<String, V> stateful() {
        return connection;
    }

    /**
     * Changes the command timeout of this connection only, e.g. so a blocking {@code BZPOPMIN 30} on a dedicated
     * connection is not cut off by the shared 2 s default.
     */
    public void setCommandTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be a positive duration, but was " + timeout);
        }
        connection.setTimeout(timeout);
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }
}
