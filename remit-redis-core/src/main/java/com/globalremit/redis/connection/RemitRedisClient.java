package com.globalremit.redis.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * The one entry point to Redis for every feature of the library: builds the Lettuce client that matches
 * {@link RedisConnectionSettings#mode()} and opens one shared, thread-safe connection.
 *
 * <p>Lettuce connections are multiplexed and meant to be shared, so all ordinary commands go through
 * {@link #sync()} / {@link #async()} (String keys, {@code byte[]} values) or {@link #syncStrings()} /
 * {@link #asyncStrings()} (String values, opened on first use). These are typed as
 * {@link RedisClusterCommands}, the interface standalone and cluster connections both implement, so feature code
 * does not care about the deployment. Blocking commands ({@code BZPOPMIN}, {@code BLMOVE}) and transactions must
 * not run on the shared connection (they would stall every other caller): use {@link #connectDedicated()}.
 * Pub/Sub needs its own connection too: {@link #connectPubSub()}.
 *
 * <pre>{@code
 * try (RemitRedisClient redis = RemitRedisClient.create(
 *         RedisConnectionSettings.standalone("redis://localhost:6379").password(secret).build())) {
 *     redis.sync().set("client:profile:123", bytes);
 * }
 * }</pre>
 *
 * <p>The connection is opened eagerly, so a wrong address or password fails {@link #create} rather than the
 * first request. Commands time out after {@link RedisConnectionSettings#commandTimeout()} (async ones too) and
 * are rejected at once while the connection is down, instead of being queued until Redis comes back.
 *
 * <p>With {@link RedisConnectionSettings#readFrom()} set, the two shared connections send read-only commands
 * ({@code GET}, {@code MGET}, ...) to replicas as it says; everything else, scripts included, goes to the primary.
 */
public final class RemitRedisClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemitRedisClient.class);

    /** String keys, raw byte values: the codec layer above decides what the bytes mean. */
    public static final RedisCodec<String, byte[]> BYTES_CODEC = RedisCodec.of(StringCodec.UTF8,
            ByteArrayCodec.INSTANCE);

    private final RedisConnectionSettings settings;
    private final ClientResources resources;
    private final boolean ownsResources;
    private final Backend backend;
    private final CommandConnection<byte[]> shared;
    private final Object stringsLock = new Object();
    private volatile CommandConnection<String> sharedStrings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RemitRedisClient(RedisConnectionSettings settings, ClientResources resources, boolean ownsResources) {
        this.settings = settings;
        this.resources = resources;
        this.ownsResources = ownsResources;
        Backend created = null;
        try {
            created = settings.mode() == RedisMode.CLUSTER ? new ClusterBackend(settings, resources)
                    : new StandaloneBackend(settings, resources);
            this.backend = created;
            this.shared = created.connectShared(BYTES_CODEC);
        } catch (RuntimeException e) {
            // Do not leak event-loop threads when the first connection fails.
            if (created != null) {
                created.shutdown();
            }
            if (ownsResources) {
                shutdownResources(resources);
            }
            throw e;
        }
    }

    /**
     * Connects with {@link ClientResources} (event loops, timers) of its own, shut down by {@link #close()}.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached or refuses the credentials
     */
    public static RemitRedisClient create(RedisConnectionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new RemitRedisClient(settings, DefaultClientResources.create(), true);
    }

    /**
     * Connects using shared {@link ClientResources}; {@link #close()} leaves them running, their owner shuts them
     * down.
     */
    public static RemitRedisClient create(RedisConnectionSettings settings, ClientResources resources) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(resources, "resources");
        return new RemitRedisClient(settings, resources, false);
    }

    public RedisMode mode() {
        return settings.mode();
    }

    public RedisConnectionSettings settings() {
        return settings;
    }

    public ClientResources resources() {
        return resources;
    }

    /** Shared connection, {@code byte[]} values. */
    public RedisClusterCommands<String, byte[]> sync() {
        return shared().sync();
    }

    /** Shared connection, {@code byte[]} values. */
    public RedisClusterAsyncCommands<String, byte[]> async() {
        return shared().async();
    }

    /** Shared connection, {@code String} (UTF-8) values; a second connection, opened on first use. */
    public RedisClusterCommands<String, String> syncStrings() {
        return sharedStrings().sync();
    }

    /** Shared connection, {@code String} (UTF-8) values; a second connection, opened on first use. */
    public RedisClusterAsyncCommands<String, String> asyncStrings() {
        return sharedStrings().async();
    }

    /** The shared {@code byte[]} connection itself (owned by this client: do not close it). */
    public StatefulConnection<String, byte[]> connection() {
        return shared().stateful();
    }

    /**
     * Opens a new connection for the caller alone, for blocking commands and transactions. The caller closes it;
     * {@link #close()} closes it too if still open.
     */
    public CommandConnection<byte[]> connectDedicated() {
        return connectDedicated(BYTES_CODEC);
    }

    /** As {@link #connectDedicated()}, with another value codec. */
    public <V> CommandConnection<V> connectDedicated(RedisCodec<String, V> codec) {
        ensureOpen();
        return backend.connect(Objects.requireNonNull(codec, "codec"));
    }

    /** Opens a Pub/Sub connection (String channels, {@code byte[]} messages); the caller closes it. */
    public StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
        return connectPubSub(BYTES_CODEC);
    }

    /** Opens a Pub/Sub connection with the given codec; the caller closes it. */
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        ensureOpen();
        return backend.connectPubSub(Objects.requireNonNull(codec, "codec"));
    }

    /**
     * Runs {@code action} once for every cluster master that serves slots, sequentially (for {@code SCAN} or
     * {@code INFO} fan-out). Outside a cluster, runs it once on the shared connection. An exception from one
     * master stops the iteration: a partial SCAN must not pass for a complete one.
     */
    public void forEachMaster(Consumer<RedisClusterCommands<String, byte[]>> action) {
        Objects.requireNonNull(action, "action");
        backend.forEachMaster(shared().stateful(), Backend.MasterAction.of(action));
    }

    /**
     * Like {@link #forEachMaster(Consumer)}, collecting one result per master keyed by its {@code host:port}
     * (outside a cluster, a single entry; in SENTINEL mode keyed {@code sentinel:<master name>}, since the
     * primary's address may change with every failover).
     */
    public <R> Map<String, R> fromEachMaster(Function<RedisClusterCommands<String, byte[]>, R> function) {
        Objects.requireNonNull(function, "function");
        Map<String, R> results = new LinkedHashMap<>();
        backend.forEachMaster(shared().stateful(), (address, commands) -> results.put(address,
                function.apply(commands)));
        return Collections.unmodifiableMap(results);
    }

    /**
     * Closes the shared connections, every connection this client opened and the Lettuce client; shuts down the
     * {@link ClientResources} only if this client created them. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            backend.shutdown();
        } finally {
            if (ownsResources) {
                shutdownResources(resources);
            }
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private CommandConnection<byte[]> shared() {
        ensureOpen();
        return shared;
    }

    private CommandConnection<String> sharedStrings() {
        ensureOpen();
        CommandConnection<String> connection = sharedStrings;
        if (connection == null) {
            synchronized (stringsLock) {
                connection = sharedStrings;
                if (connection == null) {
                    connection = backend.connectShared(StringCodec.UTF8);
                    sharedStrings = connection;
                }
            }
        }
        return connection;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("RemitRedisClient is closed (" + settings.mode() + " "
                    + settings.nodes().stream().map(NodeAddresses::mask).toList() + ")");
        }
    }

    private static void shutdownResources(ClientResources resources) {
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Lettuce ClientResources did not shut down cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "RemitRedisClient[" + settings + (closed.get() ? ", closed" : "") + "]";
    }
}
