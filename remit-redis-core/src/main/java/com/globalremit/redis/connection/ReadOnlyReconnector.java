package com.globalremit.redis.connection;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.CommandListenerWriter;

/**
 * Drops the client's connections when a write is refused with {@code READONLY}, so Lettuce's reconnect lands on the
 * new primary: in SENTINEL mode it asks the sentinels again; in STANDALONE mode it resolves the host name again,
 * which follows a managed primary endpoint whose DNS name moved to the promoted node on failover.
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
 *
 * <p>Also a watchdog for a hung node: when commands keep timing out for {@code deadConnectionTimeout} with no reply
 * of any kind in between, every connection is dropped the same way. Why: a stopped or wedged primary keeps its
 * sockets open (its kernel still acknowledges our packets, so neither TCP keepalive nor TCP_USER_TIMEOUT fires);
 * without this the client stayed on it for minutes after Sentinel had promoted the replica, every write timing out.
 * A reconnect to a node that still does not answer fails its handshake within the connect timeout, and Lettuce
 * keeps retrying, each time asking the sentinels again or resolving the host name again.
 */
final class ReadOnlyReconnector implements CommandListener {

    private static final Logger log = LoggerFactory.getLogger(ReadOnlyReconnector.class);
    /** Longer than a reconnect plus the in-flight replies of the old socket; short next to a failover. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** {@link #silentSince} when the last command outcome was a reply. */
    private static final long ANSWERING = Long.MIN_VALUE;

    private final String target;
    private final String via;
    private final long deadConnectionNanos;
    private final Set<RedisChannelHandler<?, ?>> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastDrop = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);
    /** When the first command timed out since the last reply, or {@link #ANSWERING}. */
    private final AtomicLong silentSince = new AtomicLong(ANSWERING);

    /**
     * @param target what the connections point at, for the log (never credentials)
     * @param via how the reconnect finds the new primary, for the log
     */
    ReadOnlyReconnector(String target, String via, Duration deadConnectionTimeout) {
        this.target = target;
        this.via = via;
        this.deadConnectionNanos = deadConnectionTimeout.toNanos();
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
    public void commandStarted(CommandStartedEvent event) {
        // The outcome is watched on the command itself: a sync call that times out cancels it without any
        // commandFailed event (Lettuce's sync wait beats its own expiry timer).
        if (event.getCommand() instanceof CompletionStage<?> command) {
            command.whenComplete((result, error) -> outcome(error));
        }
    }

    private void outcome(Throwable error) {
        if (error == null || error instanceof RedisCommandExecutionException) {
            // An error reply is still a reply.
            answered();
        } else if (error instanceof RedisCommandTimeoutException || error instanceof CancellationException) {
            timedOut(System.nanoTime());
        }
        // Anything else ("not connected" rejections, a closed connection) says nothing about the node.
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        Throwable cause = event.getCause();
        if (isReadOnly(cause)) {
            if (dropAll()) {
                log.warn("{}: a write was refused with READONLY (the primary was demoted, e.g. by a failover); "
                        + "reconnecting {} connection(s), {}", target, connections.size(), via);
            }
        }
    }

    void answered() {
        // Read first: a write per command would make every I/O thread contend for this field.
        if (silentSince.get() != ANSWERING) {
            silentSince.set(ANSWERING);
        }
    }

    /**
     * A command timed out at {@code now}: drops the connections once nothing has answered for the timeout.
     *
     * @return whether the connections were dropped
     */
    boolean timedOut(long now) {
        long since = silentSince.get();
        if (since == ANSWERING) {
            silentSince.compareAndSet(ANSWERING, now);
            return false;
        }
        if (now - since < deadConnectionNanos || !silentSince.compareAndSet(since, ANSWERING)) {
            return false;
        }
        // The silence starts again either way: a drop skipped for a READONLY one just before is as good.
        if (dropAll()) {
            log.warn("{}: commands timed out for {} ms without any reply (the node hangs or is unreachable); "
                    + "reconnecting {} connection(s), {}", target, TimeUnit.NANOSECONDS.toMillis(now - since),
                    connections.size(), via);
        }
        return true;
    }

    static boolean isReadOnly(Throwable error) {
        // A plain command answers "READONLY ..."; a Lua script that writes wraps it ("... failed: READONLY ..." on
        // Redis 7, "ERR Error running script ... -READONLY ..." on 6.2): the phrase is the same in all of them.
        String message = error == null ? null : error.getMessage();
        return message != null && message.contains("READONLY You can't write against a read only replica");
    }

    /**
     * Disconnects every open tracked connection (at most once per interval); auto-reconnect does the rest.
     *
     * @return whether this call dropped them (false: another drop happened within the interval)
     */
    boolean dropAll() {
        long now = System.nanoTime();
        long last = lastDrop.get();
        if (now - last < MIN_INTERVAL_NANOS || !lastDrop.compareAndSet(last, now)) {
            return false;
        }
        connections.removeIf(RedisChannelHandler::isClosed);
        for (RedisChannelHandler<?, ?> connection : connections) {
            DefaultEndpoint endpoint = endpoint(connection.getChannelWriter());
            if (endpoint != null) {
                endpoint.disconnect();
            }
        }
        return true;
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
