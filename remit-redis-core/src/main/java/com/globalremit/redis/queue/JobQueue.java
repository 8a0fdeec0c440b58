package com.globalremit.redis.queue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Enqueues jobs by type into the named queue each type is routed to. Types not routed explicitly go to the default
 * queue.
 *
 * <pre>{@code
 * jobQueue.enqueue("transaction-processing", transfer, EnqueueOptions.dedupKey(idempotencyKey));
 * }</pre>
 */
public final class JobQueue {

    private final Map<String, RedisJobQueue> queuesByName;
    private final Map<String, String> queueByType;
    private final RedisJobQueue defaultQueue;

    /**
     * @param queues the named queues
     * @param queueByType type name to queue name, for types not in the default queue
     * @param defaultQueueName the queue of every other type
     */
    public JobQueue(Collection<RedisJobQueue> queues, Map<String, String> queueByType, String defaultQueueName) {
        Map<String, RedisJobQueue> byName = new LinkedHashMap<>();
        queues.forEach(q -> byName.put(q.name(), q));
        this.queuesByName = Map.copyOf(byName);
        this.queueByType = Map.copyOf(queueByType);
        this.defaultQueue = require(defaultQueueName);
        this.queueByType.values().forEach(this::require);
    }

    public EnqueueResult enqueue(String type, Object payload) {
        return queueFor(type).enqueue(type, payload);
    }

    public EnqueueResult enqueue(String type, Object payload, EnqueueOptions options) {
        return queueFor(type).enqueue(type, payload, options);
    }

    public CompletionStage<EnqueueResult> enqueueAsync(String type, Object payload, EnqueueOptions options) {
        return queueFor(type).enqueueAsync(type, payload, options);
    }

    /** The queue jobs of {@code type} go to. */
    public RedisJobQueue queueFor(String type) {
        String name = queueByType.get(type);
        return name == null ? defaultQueue : queuesByName.get(name);
    }

    /** The named queue, e.g. for its dead letters. */
    public RedisJobQueue queue(String name) {
        return require(name);
    }

    public Collection<RedisJobQueue> queues() {
        return queuesByName.values();
    }

    public RedisJobQueue defaultQueue() {
        return defaultQueue;
    }

    private RedisJobQueue require(String name) {
        RedisJobQueue q = queuesByName.get(Objects.requireNonNull(name, "queue name"));
        if (q == null) {
            throw new IllegalArgumentException("No job queue named '" + name + "'; known: " + queuesByName.keySet());
        }
        return q;
    }
}
