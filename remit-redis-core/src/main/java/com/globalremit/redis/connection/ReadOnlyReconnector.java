package com.globalremit.redis.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.CommandListenerWriter;

/**
 * SENTINEL mode: drops the client's connections when a write is refused with {@code READONLY}, so Lettuce's
 * reconnect asks the sentinels again and lands on the new primary.
 *
 * <p>Why: a Sentinel-managed {@code RedisClient} resolves the primary only when it (re)connects. After a planned
 * failover ({@code SENTINEL FAILOVER}) the old primary stays up and is demoted to a replica; nothing closes our
 * sockets (Sentinel's {@code CLIENT KILL} only runs when it reconfigures the node itself), so without this every
 * write would fail with {@code READONLY} until something else broke the connection. A killed primary needs no help:
 * its sockets close and the reconnect re-resolves anyway.
 *
 * <p>Every tracked connection is dropped, not only the one that saw the error: shared, dedicated (blocking waits)
 * and Pub/Sub connections all point at the same demoted node. Drops are spaced by {@link #MIN_INTERVAL_NANOS}
 * so the burst of {@code READONLY} replies already in flight does not also drop the fresh connections.
 */
final class ReadOnlyReconnector implements CommandListener {

    private static final Logger log = LoggerFactory.getLogger(ReadOnlyReconnector.class);
    /** Longer than a reconnect plus the in-flight replies of the old socket; short next to a failover. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String masterName;
    private final Set<RedisChannelHandler<?, ?>> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastDrop = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);

    ReadOnlyReconnector(String masterName) {
        this.masterName = masterName;
    }

    /** Watches {@code connection} until it is closed; returns it for chaining. */
    <C> C track(C connection) {
        if (connection instanceof RedisChannelHandler<?, ?> handler) {
            connections.removeIf(RedisChannelHandler::isClosed);
            connections.add(handler);
        }
        return connection;
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        if (isReadOnly(event.getCause())) {
            dropAll();
        }
    }

    static boolean isReadOnly(Throwable error) {
        // A plain command answers "READONLY ..."; a Lua script that writes wraps it ("... failed: READONLY ..." on
        // Redis 7, "ERR Error running script ... -READONLY ..." on 6.2): the phrase is the same in all of them.
        String message = error == null ? null : error.getMessage();
        return message != null && message.contains("READONLY You can't write against a read only replica");
    }

    /** Disconnects every open tracked connection (at most once per interval); auto-reconnect does the rest. */
    void dropAll() {
        long now = System.nanoTime();
        long last = lastDrop.get();
        if (now - last < MIN_INTERVAL_NANOS || !lastDrop.compareAndSet(last, now)) {
            return;
        }
        connections.removeIf(RedisChannelHandler::isClosed);
        int dropped = 0;
        for (RedisChannelHandler<?, ?> connection : connections) {
            DefaultEndpoint endpoint = endpoint(connection.getChannelWriter());
            if (endpoint != null) {
                endpoint.disconnect();
                dropped++;
            }
        }
        log.warn("Sentinel master '{}': a write was refused with READONLY (the primary was demoted, e.g. by a "
                + "planned failover); reconnecting {} connection(s) through the sentinels", masterName, dropped);
    }

    /** The socket-owning writer under Lettuce's decorators (timeouts, command listeners). */
    private static DefaultEndpoint endpoint(RedisChannelWriter writer) {
        RedisChannelWriter current = writer;
        while (true) {
            if (current instanceof DefaultEndpoint endpoint) {
                return endpoint;
            } else if (current instanceof CommandExpiryWriter expiry) {
                current = expiry.getDelegate();
            } else if (current instanceof CommandListenerWriter listener) {
                current = listener.getDelegate();
            } else {
                return null;
            }
        }
    }
}
