package com.globalremit.redis.cache;

import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.codec.ValueDecodingException;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.script.LuaScript;
import com.globalremit.redis.script.ScriptExecutor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JavaType;

/**
 * Cache-aside over Redis, by data type and id.
 * <pre>{@code
 * RemitCache cache = RemitCache.builder(redisClient).keyNaming(naming).build();
 * Profile p = cache.get(CacheKey.of("client-profile", "123"), Profile.class, () -> repository.find("123"));
 * cache.evict(CacheKey.of("client-profile", "123"));   // deletes in Redis, near caches drop it everywhere
 * cache.invalidateGroup("123");                         // everything cached for entity 123, all types
 * }</pre>
 * <ul>
 * <li>A hit is one {@code GET} (none with a near-cache hit). A miss runs the loader once per key per JVM; with
 * {@link StampedeProtection#LEASE} one instance loads while the others wait for its value.</li>
 * <li>Writes go through a Lua script that also records the key in its entity's index set, so group invalidation
 * never needs KEYS or SCAN.</li>
 * <li>Redis down or slow: every call still returns the loader's value, never a Redis exception; after
 * {@link CacheOptions#failureThreshold()} failures Redis is left alone for {@link CacheOptions#openDuration()}
 * and caching resumes by itself. A value that cannot be decoded is a miss, and the load replaces it.</li>
 * </ul>
 * Thread-safe; share one instance. {@link #close()} closes its Pub/Sub connection, not the client.
 */
public final class RemitCache implements AutoCloseable {

    /** Stands for "the loader found nothing" in the near cache and in-flight loads. */
    static final Object ABSENT = new Object();
    /** Stored for a remembered absence: a header byte the value codec never writes (it uses 0x01 and 0x02). */
    private static final byte[] ABSENT_BYTES = {0x00};
    private static final Object CORRUPT = new Object();

    private static final LuaScript PUT = LuaScript.fromResource(RemitCache.class, "cache_put.lua");
    private static final LuaScript LEASE = LuaScript.fromResource(RemitCache.class, "cache_lease.lua");
    private static final LuaScript RELEASE = LuaScript.fromResource(RemitCache.class, "cache_release.lua");
    private static final LuaScript EVICT = LuaScript.fromResource(RemitCache.class, "cache_evict.lua");
    private static final LuaScript GROUP = LuaScript.fromResource(RemitCache.class, "cache_invalidate_group.lua");
    private static final byte[] EMPTY = new byte[0];

    private final RemitRedisClient client;
    private final ScriptExecutor scripts;
    private final ValueCodec codec;
    private final CacheTypes types;
    private final CacheOptions options;
    private final CacheKeys keys;
    private final CacheListener listener;
    private final CircuitBreaker breaker;
    private final long timeoutNanos;
    private final ConcurrentHashMap<String, Optional<NearCache>> nearCaches = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    /** Bumped by every invalidation and connection loss: a value read before may not enter a near cache after. */
    private final AtomicLong invalidationEpoch = new AtomicLong();
    private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private final PendingInvalidations pending;
    private volatile boolean nearCacheTrusted;

    private RemitCache(Builder builder) {
        this.client = builder.client;
        this.scripts = builder.scripts != null ? builder.scripts : ScriptExecutor.create(client);
        this.codec = builder.codec != null ? builder.codec : ValueCodec.create();
        this.types = builder.types;
        this.options = builder.options;
        this.keys = new CacheKeys(builder.naming);
        this.listener = builder.listener;
        this.breaker = new CircuitBreaker(options.failureThreshold(), options.openDuration(),
                options.failureLogInterval());
        this.timeoutNanos = options.operationTimeout().toNanos();
        this.pending = new PendingInvalidations(scripts);
        if (options.listenForInvalidations()) {
            this.pubSub = client.connectPubSub();
            pubSub.addListener(new InvalidationListener());
            pubSub.addListener(new ConnectionListener());
            pubSub.sync().subscribe(keys.channel());
            this.nearCacheTrusted = true;
        } else {
            this.pubSub = null;
            this.nearCacheTrusted = true; // near caches then rely on their TTL alone (documented)
        }
    }

    public static Builder builder(RemitRedisClient client) {
        return new Builder(client);
    }

    /** The policies in force. */
    public CacheTypes types() {
        return types;
    }

    /** The codec values are written with. */
    public ValueCodec codec() {
        return codec;
    }

    /** Whether Redis is being left alone after repeated failures. */
    public boolean isCircuitOpen() {
        return breaker.isOpen();
    }

    // ---------------------------------------------------------------------------------------------- reads

    /** As {@link #get(CacheKey, JavaType, CacheLoader)} for a simple type. */
    public <T> T get(String type, String id, Class<T> valueType, CacheLoader<? extends T> loader) {
        return get(CacheKey.of(type, id), codec.mapper().constructType(valueType), loader);
    }

    /** As {@link #get(CacheKey, JavaType, CacheLoader)} for a simple type. */
    public <T> T get(CacheKey key, Class<T> valueType, CacheLoader<? extends T> loader) {
        return get(key, codec.mapper().constructType(valueType), loader);
    }

    /**
     * The cached value of {@code key}, or the loader's value (stored with the type's TTL) on a miss.
     *
     * @param valueType the type to decode into, e.g. {@code codec().mapper().constructType(method.getGenericReturnType())}
     * @return the value, or {@code null} when the loader found nothing (now or within the absent TTL)
     * @throws RuntimeException what the loader threw (checked exceptions wrapped in {@link CacheLoadException});
     *         never a Redis failure
     */
    @SuppressWarnings("unchecked")
    public <T> T get(CacheKey key, JavaType valueType, CacheLoader<? extends T> loader) {
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(loader, "loader");
        CacheType type = types.get(key.type());
        String redisKey = keys.value(key);
        NearCache near = nearCache(type);
        long epoch = invalidationEpoch.get();
        Call call = new Call();
        Object value = lookup(type, key.id(), redisKey, near, valueType, call, epoch);
        if (value != null && value != CORRUPT) {
            return (T) unwrap(value);
        }
        listener.miss(type.name());
        // Bytes that do not decode are replaced by the loader's value, never served.
        boolean ignoreCurrent = value == CORRUPT;
        return (T) unwrap(singleFlight(redisKey, type.name(),
                () -> loadAndStore(key, type, redisKey, valueType, loader, ignoreCurrent, call, near, epoch)));
    }

    /**
     * The cached value of {@code key} without loading: {@code null} on a miss (or when Redis cannot be reached),
     * a {@link CachedValue} holding {@code null} for a remembered absence. One {@code GET}, or none on a near-cache
     * hit.
     */
    @SuppressWarnings("unchecked")
    public <T> CachedValue<T> getIfPresent(CacheKey key, JavaType valueType) {
        CacheType type = types.get(key.type());
        String redisKey = keys.value(key);
        Object value = lookup(type, key.id(), redisKey, nearCache(type), valueType, new Call(),
                invalidationEpoch.get());
        if (value != null && value != CORRUPT) {
            return new CachedValue<>((T) unwrap(value));
        }
        listener.miss(type.name());
        return null;
    }

    /**
     * The near cache, then one {@code GET}: the stored value ({@code ABSENT} for a remembered absence),
     * {@code CORRUPT} when Redis held bytes that do not decode, or {@code null} on a miss or when Redis may not be
     * asked. A value read from Redis enters the near cache unless an invalidation came after {@code epoch}.
     */
    private Object lookup(CacheType type, String id, String redisKey, NearCache near, JavaType valueType, Call call,
            long epoch) {
        if (near != null && nearCacheTrusted) {
            NearCache.Entry entry = near.get(redisKey);
            if (entry != null) {
                listener.nearCacheHit(type.name());
                return entry.value();
            }
        }
        if (!call.redisAllowed()) {
            return null;
        }
        byte[] bytes = call.await(() -> client.async().get(redisKey));
        if (bytes == null) {
            return null;
        }
        Object value = decode(bytes, valueType);
        if (value != CORRUPT) {
            listener.hit(type.name());
            nearPut(near, redisKey, value, id, epoch);
        }
        return value;
    }

    /**
     * The values of many ids of one type: near caches first, then one {@code MGET} (split per node by Lettuce on a
     * cluster), then the loader once with all missing ids; what it returns is stored, ids it leaves out are
     * remembered as absent (if the type caches absences) and left out of the result. With
     * {@link StampedeProtection#LEASE} the leases of the missing ids are taken first (pipelined) and only ids whose
     * lease this call holds are written, fenced like a single load's write. No in-process single flight.
     *
     * @return id to value, in the order of {@code ids}, without ids that have no value
     */
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> getAll(String typeName, Collection<String> ids, JavaType valueType,
            BatchLoader<? extends T> loader) {
        CacheType type = types.get(typeName);
        NearCache near = nearCache(type);
        Set<String> wanted = new LinkedHashSet<>(ids);
        Map<String, Object> found = new LinkedHashMap<>();
        Map<String, String> redisKeys = new LinkedHashMap<>();
        for (String id : wanted) {
            String redisKey = keys.value(CacheKey.of(typeName, id));
            NearCache.Entry entry = near != null && nearCacheTrusted ? near.get(redisKey) : null;
            if (entry != null) {
                listener.nearCacheHit(typeName);
                found.put(id, entry.value());
            } else {
                redisKeys.put(id, redisKey);
            }
        }
        long epoch = invalidationEpoch.get();
        Call call = new Call();
        Set<String> missing = new LinkedHashSet<>(redisKeys.keySet());
        if (!redisKeys.isEmpty() && call.redisAllowed()) {
            List<KeyValue<String, byte[]>> values = call.await(() -> 
                    client.async().mget(redisKeys.values().toArray(String[]::new)));
            if (values != null) {
                List<String> order = new ArrayList<>(redisKeys.keySet());
                for (int i = 0; i < values.size(); i++) {
                    KeyValue<String, byte[]> kv = values.get(i);
                    String id = order.get(i);
                    Object value = kv.hasValue() ? decode(kv.getValue(), valueType) : CORRUPT;
                    if (value != CORRUPT) {
                        listener.hit(typeName);
                        found.put(id, value);
                        missing.remove(id);
                        nearPut(near, redisKeys.get(id), value, id, epoch);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            missing.forEach(id -> listener.miss(typeName));
            // With leases, writes are fenced as a single get's are: only ids whose lease this call holds are
            // written, and an eviction during the load (which deletes the lease) keeps the old value out.
            boolean fenced = options.stampedeProtection() == StampedeProtection.LEASE;
            Map<String, byte[]> leases = fenced ? takeLeases(typeName, missing, redisKeys, call) : Map.of();
            Map<String, ? extends T> loaded;
            try {
                loaded = runLoader(typeName, () -> loader.load(Set.copyOf(missing)));
            } catch (RuntimeException | Error e) {
                if (!leases.isEmpty() && call.redisAllowed()) { // let waiting instances load at once
                    call.await(() -> sendAll(typeName, type, redisKeys, Map.of(), leases, leases));
                }
                throw e;
            }
            Map<String, byte[]> toWrite = new LinkedHashMap<>();
            for (String id : missing) {
                Object value = loaded == null ? null : loaded.get(id);
                Object stored = value == null ? ABSENT : value;
                found.put(id, stored);
                if ((value != null || type.cacheAbsent()) && (!fenced || leases.containsKey(id))) {
                    byte[] bytes = encode(stored);
                    if (bytes != null) {
                        toWrite.put(id, bytes);
                    }
                }
            }
            Map<String, byte[]> unused = new LinkedHashMap<>(leases);
            unused.keySet().removeAll(toWrite.keySet());
            // Asked only when there is something to send: with the circuit open, redisAllowed() may hand out the
            // single probe, which only a command sent (and its reply) gives back.
            if ((!toWrite.isEmpty() || !unused.isEmpty()) && call.redisAllowed()) {
                call.await(() -> sendAll(typeName, type, redisKeys, toWrite, leases, unused));
            }
        }
        Map<String, T> result = new LinkedHashMap<>();
        for (String id : wanted) {
            Object value = found.get(id);
            if (value != null && value != ABSENT) {
                result.put(id, (T) value);
            }
        }
        return result;
    }

    /**
     * Tries to take the lease of every id at once (the lease script per id, pipelined, one round trip). Returns the
     * ids whose lease is now ours, with their tokens; none when Redis may not be asked or failed.
     */
    @SuppressWarnings("unchecked")
    private Map<String, byte[]> takeLeases(String typeName, Set<String> ids, Map<String, String> redisKeys,
            Call call) {
        if (!call.redisAllowed()) {
            return Map.of();
        }
        byte[] leaseMs = Long.toString(options.leaseTime().toMillis()).getBytes(StandardCharsets.UTF_8);
        byte[] ignoreCurrent = {'1'}; // the MGET just found no usable value: no second GET per id
        Map<String, byte[]> offered = new LinkedHashMap<>();
        ids.forEach(id -> offered.put(id, newToken()));
        List<Object> replies = call.await(() -> {
            List<CompletableFuture<Object>> sent = new ArrayList<>();
            offered.forEach((id, token) -> sent.add(scripts.<Object>executeAsync(LEASE, ScriptOutputType.MULTI,
                    List.of(redisKeys.get(id), keys.lease(CacheKey.of(typeName, id)), keys.index(id)), token,
                    leaseMs, ignoreCurrent).toCompletableFuture()));
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .thenApply(done -> sent.stream().map(CompletableFuture::join).toList());
        });
        if (replies == null) {
            return Map.of(); // leases taken before the failure expire by themselves
        }
        Map<String, byte[]> ours = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> offer : offered.entrySet()) {
            List<Object> reply = (List<Object>) replies.get(i++);
            if (((Long) reply.get(0)) == 2L) {
                ours.put(offer.getKey(), offer.getValue());
            }
        }
        return ours;
    }

    /** getAll's writes (fenced by the id's lease token when there is one) and lease releases, pipelined. */
    private CompletableFuture<Void> sendAll(String typeName, CacheType type, Map<String, String> redisKeys,
            Map<String, byte[]> toWrite, Map<String, byte[]> leases, Map<String, byte[]> release) {
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        toWrite.forEach((id, bytes) -> sent.add(write(CacheKey.of(typeName, id), type, redisKeys.get(id), bytes,
                bytes == ABSENT_BYTES, leases.getOrDefault(id, EMPTY), false).toCompletableFuture()));
        release.forEach((id, token) -> sent.add(scripts.<Long>executeAsync(RELEASE, ScriptOutputType.INTEGER,
                List.of(keys.lease(CacheKey.of(typeName, id))), token).toCompletableFuture()));
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private static byte[] newToken() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong()).getBytes(StandardCharsets.UTF_8);
    }

    // --------------------------------------------------------------------------------------------- writes

    /**
     * Stores a value (or, for {@code null}, an absence if the type caches absences). For a type with a near cache
     * the write also tells other instances to drop their copies; other types publish nothing, so a busy cache does
     * not broadcast every write. Returns whether Redis took it.
     */
    public boolean put(CacheKey key, Object value) {
        CacheType type = types.get(key.type());
        String redisKey = keys.value(key);
        Object stored = value == null ? ABSENT : value;
        if (value == null && !type.cacheAbsent()) {
            return evict(key);
        }
        byte[] bytes = encode(stored);
        invalidationEpoch.incrementAndGet();
        NearCache near = nearCache(type);
        if (near != null) {
            near.invalidate(redisKey);
        }
        Call call = new Call();
        if (bytes == null || !call.redisAllowed()) {
            return false;
        }
        Long written = call.await(() -> write(key, type, redisKey, bytes, stored == ABSENT, EMPTY, type.nearCache()));
        return written != null && written == 1L;
    }

    /**
     * Deletes one entry in Redis (with any lease, which fences a load in flight) and, in the same script,
     * publishes the invalidation so every instance drops its near-cache copy.
     *
     * @return {@code false} when Redis could not be reached: the entry then lives until its TTL (logged, counted)
     */
    public boolean evict(CacheKey key) {
        CacheType type = types.get(key.type());
        String redisKey = keys.value(key);
        invalidationEpoch.incrementAndGet();
        NearCache near = nearCache(type);
        if (near != null) {
            near.invalidate(redisKey);
        }
        listener.eviction(type.name());
        String message = InvalidationMessage.key(type.name(), redisKey, key.id()).encode();
        PendingInvalidation invalidation = new PendingInvalidation(EVICT,
                List.of(redisKey, keys.lease(key), keys.index(key.id())), keys.channel(), message);
        return send(invalidation);
    }

    /** Runs an invalidation script now, or queues it for when Redis answers again; returns whether it ran now. */
    private boolean send(PendingInvalidation invalidation) {
        Call call = new Call();
        Long result = call.redisAllowed() ? call.await(() -> invalidation.run(scripts)) : null;
        if (result == null) {
            pending.enqueue(invalidation);
            return false;
        }
        return true;
    }

    /**
     * Drops everything cached for id {@code id}, every type (namespace) and qualifier (the document's pattern
     * {@code client:123:*}, widened to every namespace: entries of another entity with the same id go too),
     * from its index set in one script: exact, no KEYS, no pattern; an id containing {@code *} or {@code ?} matches
     * only itself. Near caches everywhere drop the group too.
     *
     * @return the number of Redis keys deleted, or -1 when Redis could not be reached
     */
    public long invalidateGroup(String id) {
        String indexKey = keys.index(id);
        invalidationEpoch.incrementAndGet();
        nearCaches.values().forEach(near -> near.ifPresent(n -> n.invalidateGroup(id)));
        listener.invalidation("group");
        PendingInvalidation invalidation = new PendingInvalidation(GROUP, List.of(indexKey), keys.channel(),
                InvalidationMessage.group(id).encode());
        Call call = new Call();
        Long deleted = call.redisAllowed() ? call.await(() -> invalidation.run(scripts)) : null;
        if (deleted == null) {
            pending.enqueue(invalidation);
            return -1;
        }
        return deleted;
    }

    /** Invalidations that could not reach Redis, still waiting to be sent (bounded; see {@link PendingInvalidations}). */
    public int pendingInvalidations() {
        return pending.size();
    }

    /**
     * The fallback for entries written without an index (e.g. by another tool): SCANs every master for the entity's
     * keys ({@code *:*:{id}*}, with glob characters in the id escaped) and deletes those that are the cache's, then
     * publishes the group invalidation. The cache's keys are values of the known types (the built-in table,
     * configured types and types used by this instance), leases and the index; other keys the pattern matches
     * (another feature's {@code session:data:{id}}, {@code rate_limit:...:{id}:...}) are left alone. O(keyspace): prefer {@link #invalidateGroup(String)}. Redis failures are thrown here, since
     * this is an administrative call.
     */
    public long invalidateGroupByScan(String id) {
        String pattern = keys.groupPattern(id);
        java.util.function.Predicate<String> ours = keys.groupMembers(id, types.knownNames());
        invalidationEpoch.incrementAndGet();
        nearCaches.values().forEach(near -> near.ifPresent(n -> n.invalidateGroup(id)));
        AtomicLong deleted = new AtomicLong();
        client.forEachMaster(commands -> {
            ScanIterator<String> scan = ScanIterator.scan(commands, ScanArgs.Builder.matches(pattern).limit(500));
            while (scan.hasNext()) {
                String key = scan.next();
                if (ours.test(key)) { // the pattern also matches other features' keys of this id
                    deleted.addAndGet(commands.del(key));
                }
            }
        });
        client.async().publish(keys.channel(), InvalidationMessage.group(id).encode()
                .getBytes(StandardCharsets.UTF_8));
        listener.invalidation("group");
        return deleted.get();
    }

    /**
     * Drops every entry of one type: SCANs every master for the type's keys (never KEYS) and deletes them, then tells
     * near caches everywhere to drop the type. O(keyspace), for administrative use (Spring's {@code Cache.clear()}).
     * Redis failures are thrown.
     */
    public long clearType(String typeName) {
        CacheType type = types.get(typeName);
        String pattern = keys.typePattern(type.name());
        invalidationEpoch.incrementAndGet();
        nearCaches.getOrDefault(type.name(), Optional.empty()).ifPresent(NearCache::clear);
        AtomicLong deleted = new AtomicLong();
        client.forEachMaster(commands -> {
            ScanIterator<String> scan = ScanIterator.scan(commands, ScanArgs.Builder.matches(pattern).limit(500));
            while (scan.hasNext()) {
                deleted.addAndGet(commands.del(scan.next()));
            }
        });
        client.async().publish(keys.channel(), InvalidationMessage.clear(type.name()).encode()
                .getBytes(StandardCharsets.UTF_8));
        listener.invalidation(type.name());
        return deleted.get();
    }

    /** Empties this instance's near caches (all types). */
    public void clearNearCaches() {
        invalidationEpoch.incrementAndGet();
        nearCaches.values().forEach(near -> near.ifPresent(NearCache::clear));
    }

    /** Entries in this instance's near cache of a type (0 when it has none), for tests and monitoring. */
    public long nearCacheSize(String type) {
        return nearCaches.getOrDefault(type, Optional.empty()).map(NearCache::size).orElse(0L);
    }

    @Override
    public void close() {
        if (pubSub != null) {
            pubSub.close();
        }
    }

    // ---------------------------------------------------------------------------------------- internals

    private Object loadAndStore(CacheKey key, CacheType type, String redisKey, JavaType valueType,
            CacheLoader<?> loader, boolean corrupt, Call call, NearCache near, long epoch) {
        byte[] token = EMPTY;
        boolean ignoreCurrent = corrupt;
        boolean writeBack = true;
        if (options.stampedeProtection() == StampedeProtection.LEASE && call.redisAllowed()) {
            token = newToken();
            byte[] leaseMs = Long.toString(options.leaseTime().toMillis()).getBytes(StandardCharsets.UTF_8);
            List<String> leaseKeys = List.of(redisKey, keys.lease(key), keys.index(key.id()));
            long deadline = System.nanoTime() + options.leaseWait().toNanos();
            long pauseMillis = 2;
            while (true) {
                byte[] ignore = ignoreCurrent ? new byte[] {'1'} : new byte[] {'0'};
                byte[] ourToken = token;
                List<Object> reply = call.await(() -> scripts.executeAsync(LEASE, ScriptOutputType.MULTI, leaseKeys,
                        ourToken, leaseMs, ignore));
                if (reply == null) { // Redis failed: load without it
                    token = EMPTY;
                    break;
                }
                long status = (Long) reply.get(0);
                if (status == 1) { // another instance stored it while we missed
                    Object value = decode((byte[]) reply.get(1), valueType);
                    if (value != CORRUPT) {
                        nearPut(near, redisKey, value, key.id(), epoch);
                        return value;
                    }
                    ignoreCurrent = true;
                    continue;
                }
                if (status == 2) { // the lease is ours: load
                    break;
                }
                // Gave up waiting (the other load is slow, or we were interrupted): load our own value for this
                // caller but do not write it. Without the lease the write would be unfenced and could put back a
                // value an invalidation just removed; the holder writes, or its lease expires.
                if (System.nanoTime() - deadline >= 0) {
                    token = EMPTY;
                    writeBack = false;
                    break;
                }
                if (!sleep(pauseMillis)) {
                    token = EMPTY;
                    writeBack = false;
                    break;
                }
                pauseMillis = Math.min(pauseMillis * 2, 50);
            }
        }
        byte[] leaseToken = token;
        Object loaded;
        try {
            loaded = runLoader(type.name(), loader);
        } catch (RuntimeException | Error e) {
            if (leaseToken.length > 0 && call.redisAllowed()) { // let a waiting instance try at once
                call.await(() -> scripts.executeAsync(RELEASE, ScriptOutputType.INTEGER, List.of(keys.lease(key)),
                        leaseToken));
            }
            throw e;
        }
        Object stored = loaded == null ? ABSENT : loaded;
        if (!writeBack) {
            return stored;
        }
        if (loaded != null || type.cacheAbsent()) {
            byte[] bytes = encode(stored);
            if (bytes != null && call.redisAllowed()) {
                Long written = call.await(() -> write(key, type, redisKey, bytes, stored == ABSENT, leaseToken, false));
                if (written != null && written == 1L) {
                    nearPut(near, redisKey, stored, key.id(), epoch);
                }
            }
        } else if (leaseToken.length > 0 && call.redisAllowed()) {
            call.await(() -> scripts.executeAsync(RELEASE, ScriptOutputType.INTEGER, List.of(keys.lease(key)), leaseToken));
        }
        return stored;
    }

    private CompletionStage<Long> write(CacheKey key, CacheType type, String redisKey, byte[] bytes, boolean absent,
            byte[] token, boolean publish) {
        Duration ttl = absent ? type.absentTtl() : type.ttl();
        byte[] ttlMs = Long.toString(jittered(ttl.toMillis(), type.jitterPercent())).getBytes(StandardCharsets.UTF_8);
        byte[] channel = publish ? keys.channel().getBytes(StandardCharsets.UTF_8) : EMPTY;
        byte[] message = publish ? InvalidationMessage.key(type.name(), redisKey, key.id()).encode()
                .getBytes(StandardCharsets.UTF_8) : EMPTY;
        return scripts.executeAsync(PUT, ScriptOutputType.INTEGER,
                List.of(redisKey, keys.index(key.id()), keys.lease(key)), bytes, ttlMs, token, channel, message);
    }

    /**
     * The TTL shortened by a uniform random amount of up to percent of it: uniform in [ttl - spread, ttl], never
     * longer than the TTL (a configured TTL is a maximum age, e.g. 30 s for a balance), never below 1 ms.
     */
    static long jittered(long ttlMillis, int percent) {
        if (percent == 0) {
            return ttlMillis;
        }
        long spread = ttlMillis * percent / 100;
        long offset = spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(0, spread + 1);
        return Math.max(1, ttlMillis - offset);
    }

    private Object singleFlight(String redisKey, String type, java.util.function.Supplier<Object> load) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(redisKey, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new CacheLoadException(type, cause);
            }
        }
        try {
            Object value = load.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(redisKey, mine);
        }
    }

    private <V> V runLoader(String type, CacheLoader<V> loader) {
        long start = System.nanoTime();
        try {
            V value = loader.load();
            listener.load(type, System.nanoTime() - start, true);
            return value;
        } catch (RuntimeException | Error e) {
            listener.load(type, System.nanoTime() - start, false);
            throw e;
        } catch (Exception e) {
            listener.load(type, System.nanoTime() - start, false);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CacheLoadException(type, e);
        }
    }

    private Object decode(byte[] bytes, JavaType valueType) {
        if (bytes.length == 1 && bytes[0] == ABSENT_BYTES[0]) {
            return ABSENT;
        }
        try {
            Object value = codec.decode(bytes, valueType);
            return value == null ? CORRUPT : value; // a stored JSON null is not something we write
        } catch (ValueDecodingException e) {
            return CORRUPT; // foreign, truncated or from an incompatible class version: a miss, the load replaces it
        }
    }

    private byte[] encode(Object stored) {
        if (stored == ABSENT) {
            return ABSENT_BYTES;
        }
        try {
            return codec.encode(stored);
        } catch (RuntimeException e) {
            // Not cacheable (e.g. no Jackson mapping): the caller still gets the value; the message names the class.
            org.slf4j.LoggerFactory.getLogger(RemitCache.class).warn("Value of {} cannot be cached: {}",
                    stored.getClass().getName(), e.getClass().getName());
            return null;
        }
    }

    private void nearPut(NearCache near, String redisKey, Object value, String group, long epoch) {
        // Only if no invalidation arrived since the value was read: otherwise it may be the old value.
        if (near != null && nearCacheTrusted && invalidationEpoch.get() == epoch) {
            near.put(redisKey, value, group);
        }
    }

    private NearCache nearCache(CacheType type) {
        Optional<NearCache> near = nearCaches.get(type.name());
        if (near == null) {
            near = nearCaches.computeIfAbsent(type.name(),
                    name -> type.nearCache() ? Optional.of(new NearCache(type)) : Optional.empty());
        }
        return near.orElse(null);
    }

    private static Object unwrap(Object value) {
        return value == ABSENT ? null : value;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void onInvalidation(InvalidationMessage message) {
        invalidationEpoch.incrementAndGet();
        switch (message.kind()) {
            case 'K' -> nearCaches.getOrDefault(message.type(), Optional.empty())
                    .ifPresent(near -> near.invalidate(message.redisKey()));
            case 'G' -> nearCaches.values().forEach(near -> near.ifPresent(n -> n.invalidateGroup(message.group())));
            case 'C' -> nearCaches.getOrDefault(message.type(), Optional.empty()).ifPresent(NearCache::clear);
            default -> { }
        }
        listener.invalidation(message.kind() == 'G' ? "group" : message.type());
    }

    private void distrustNearCaches() {
        nearCacheTrusted = false;
        clearNearCaches();
    }

    private void trustNearCaches() {
        if (!nearCacheTrusted) {
            clearNearCaches(); // messages sent while we were away are lost: start empty
            nearCacheTrusted = true;
        }
    }

    /**
     * The Redis side of one call: once a command of the call failed, the rest of the call skips Redis (a call
     * never waits for more than one timeout), and every result is reported to the circuit breaker.
     */
    private final class Call {
        private boolean degraded;

        boolean redisAllowed() {
            return !degraded && breaker.allowRequest();
        }

        /**
         * The result, or {@code null} when Redis failed or was too slow (counted, logged once per interval). The
         * command is sent inside, so a Lettuce exception thrown while sending is handled like a failed reply.
         */
        <V> V await(java.util.function.Supplier<CompletionStage<V>> command) {
            CompletableFuture<V> future;
            try {
                future = command.get().toCompletableFuture();
            } catch (IllegalArgumentException e) {
                throw e; // a bad key or script argument is a bug of ours, not an outage
            } catch (RuntimeException e) {
                degraded = true;
                listener.redisFailure(e);
                breaker.failure(e);
                return null;
            }
            try {
                V value = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
                breaker.success();
                pending.replayIfAny(); // Redis answers again: deliver what could not be sent while it did not
                return value;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                degraded = true;
                breaker.failure(e);
                return null;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                future.cancel(true);
                degraded = true;
                Throwable error = e instanceof ExecutionException ? e.getCause() : e;
                listener.redisFailure(error);
                breaker.failure(error);
                return null;
            }
        }
    }

    private final class InvalidationListener extends RedisPubSubAdapter<String, byte[]> {
        @Override
        public void message(String channel, byte[] message) {
            InvalidationMessage decoded = InvalidationMessage.decode(message);
            if (decoded != null) {
                onInvalidation(decoded);
            }
        }

        @Override
        public void subscribed(String channel, long count) {
            // Also called when Lettuce re-subscribes after a reconnect.
            trustNearCaches();
        }
    }

    private final class ConnectionListener implements RedisConnectionStateListener {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            distrustNearCaches();
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
            // Not trusted yet: only once the subscription is back (subscribed()).
        }
    }

    public static final class Builder {
        private final RemitRedisClient client;
        private KeyNaming naming = KeyNaming.DEFAULT;
        private ValueCodec codec;
        private ScriptExecutor scripts;
        private CacheTypes types = CacheTypes.defaults();
        private CacheOptions options = CacheOptions.DEFAULTS;
        private CacheListener listener = CacheListener.NONE;

        private Builder(RemitRedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder keyNaming(KeyNaming naming) { this.naming = Objects.requireNonNull(naming); return this; }
        public Builder codec(ValueCodec codec) { this.codec = Objects.requireNonNull(codec); return this; }
        public Builder scriptExecutor(ScriptExecutor scripts) { this.scripts = Objects.requireNonNull(scripts); return this; }
        public Builder types(CacheTypes types) { this.types = Objects.requireNonNull(types); return this; }
        public Builder options(CacheOptions options) { this.options = Objects.requireNonNull(options); return this; }
        public Builder listener(CacheListener listener) { this.listener = Objects.requireNonNull(listener); return this; }

        /** Builds the cache; subscribes to the invalidation channel when {@link CacheOptions#listenForInvalidations()}. */
        public RemitCache build() {
            return new RemitCache(this);
        }
    }
}
