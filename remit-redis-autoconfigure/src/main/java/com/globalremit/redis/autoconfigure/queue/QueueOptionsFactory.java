package com.globalremit.redis.autoconfigure.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.queue.BackoffPolicy;
import com.globalremit.redis.queue.JobQueueOptions;
import com.globalremit.redis.queue.JobType;
import com.globalremit.redis.queue.JobWorkerOptions;

/** Turns {@code remit.redis.queue.*} into core options; bad values fail the start-up naming the property. */
final class QueueOptionsFactory {

    static final String PREFIX = "remit.redis.queue";
    private static final int DEFAULT_CONCURRENCY = 4;

    private final RemitQueueProperties properties;
    private final Map<String, JobType> types;
    private final Map<String, String> queueByType = new LinkedHashMap<>();

    QueueOptionsFactory(RemitQueueProperties properties) {
        this.properties = properties;
        this.types = buildTypes();
        properties.getTypes().forEach((name, t) -> {
            String queue = t.getQueue() != null ? t.getQueue() : t.getConcurrency() != null ? name : null;
            if (queue != null) {
                queueByType.put(name, queue);
            }
        });
    }

    Map<String, JobType> types() {
        return types;
    }

    Map<String, String> queueByType() {
        return queueByType;
    }

    /** Every queue that must exist: the default, the configured ones and those types are routed to. */
    Set<String> queueNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add(properties.getDefaultQueue());
        names.addAll(properties.getQueues().keySet());
        names.addAll(queueByType.values());
        return names;
    }

    /**
     * The property that brought in the queue {@code name}, for an error about the name: {@code types.<type>.queue},
     * {@code default-queue}, or a key of {@code queues}, whichever the user set (not one the user never wrote).
     */
    String queueNameProperty(String name) {
        for (Map.Entry<String, RemitQueueProperties.TypeSettings> t : properties.getTypes().entrySet()) {
            if (name.equals(t.getValue().getQueue())) {
                return PREFIX + ".types." + t.getKey() + ".queue";
            }
        }
        if (name.equals(properties.getDefaultQueue())) {
            return PREFIX + ".default-queue";
        }
        if (properties.getQueues().containsKey(name)) {
            return PREFIX + ".queues";
        }
        // Left: a type with a concurrency of its own gets a queue of its name.
        return properties.getTypes().containsKey(name) ? PREFIX + ".types." + name : PREFIX + ".queues";
    }

    JobQueueOptions queueOptions(String name, KeyNaming naming) {
        // The name first, on its own (every other option here is a valid default): its error names where it was set.
        try {
            JobQueueOptions.builder(name).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(queueNameProperty(name), name, e.getMessage());
        }
        RemitQueueProperties.QueueSettings s = settings(name);
        String p = PREFIX + ".queues." + name;
        JobQueueOptions.Builder b = JobQueueOptions.builder(name).naming(naming).types(types);
        if (s.getLeaseTime() == null || s.getLeaseTime().compareTo(JobQueueOptions.MIN_LEASE_TIME) < 0) {
            throw new InvalidConfigurationPropertyValueException(p + ".lease-time", s.getLeaseTime(), "must be at least "
                    + JobQueueOptions.MIN_LEASE_TIME.toMillis() + "ms (leases are renewed every third of it)");
        }
        notNegative(p + ".max-stalls", s.getMaxStalls());
        notNegative(p + ".dead-letter-max-size", s.getDeadLetterMaxSize());
        notNegative(p + ".dead-letter-max-age", s.getDeadLetterMaxAge());
        notNegative(p + ".keep-completed", s.getKeepCompleted());
        notNegative(p + ".keep-completed-for", s.getKeepCompletedFor());
        notNegative(p + ".dedup-window", s.getDedupWindow());
        b.leaseTime(s.getLeaseTime()).maxStalls(s.getMaxStalls()).deadLetterMaxSize(s.getDeadLetterMaxSize())
                .deadLetterMaxAge(s.getDeadLetterMaxAge()).keepCompleted(s.getKeepCompleted())
                .keepCompletedFor(s.getKeepCompletedFor()).dedupWindow(s.getDedupWindow());
        List<Integer> w = s.getWeights();
        if (!w.isEmpty()) {
            if (w.size() != 3 || w.stream().anyMatch(x -> x == null || x < 0) || w.stream().mapToInt(x -> x).sum() == 0) {
                throw new InvalidConfigurationPropertyValueException(p + ".weights", w,
                        "must be empty (strict priority) or three non-negative numbers high,medium,low with a positive sum");
            }
            b.weights(w.get(0), w.get(1), w.get(2));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(p, name, e.getMessage());
        }
    }

    JobWorkerOptions workerOptions(String queue) {
        RemitQueueProperties.QueueSettings s = settings(queue);
        String p = PREFIX + ".queues." + queue;
        Integer concurrency = s.getConcurrency();
        if (concurrency == null) {
            // A queue of its own for one type takes that type's concurrency.
            concurrency = properties.getTypes().entrySet().stream()
                    .filter(e -> queue.equals(queueByType.get(e.getKey())) && e.getValue().getConcurrency() != null)
                    .map(e -> e.getValue().getConcurrency()).reduce(Integer::sum).orElse(DEFAULT_CONCURRENCY);
        }
        if (concurrency < 1) {
            throw new InvalidConfigurationPropertyValueException(p + ".concurrency", concurrency, "must be at least 1");
        }
        if (s.getMaxIdleWait() == null || s.getMaxIdleWait().toMillis() < 10) {
            throw new InvalidConfigurationPropertyValueException(p + ".max-idle-wait", s.getMaxIdleWait(),
                    "must be at least 10ms");
        }
        notNegative(p + ".shutdown-timeout", s.getShutdownTimeout());
        JobWorkerOptions o = JobWorkerOptions.defaults().withConcurrency(concurrency)
                .withMaxIdleWait(s.getMaxIdleWait()).withShutdownTimeout(s.getShutdownTimeout());
        try {
            o = o.withPrefetch(s.getPrefetch()); // its range is JobWorkerOptions' rule; only the name is added here
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(p + ".prefetch", s.getPrefetch(), e.getMessage());
        }
        return properties.getWorkerId() == null || properties.getWorkerId().isBlank() ? o
                : o.withWorkerId(properties.getWorkerId());
    }

    private RemitQueueProperties.QueueSettings settings(String name) {
        return properties.getQueues().getOrDefault(name, new RemitQueueProperties.QueueSettings());
    }

    private Map<String, JobType> buildTypes() {
        Map<String, JobType> result = new LinkedHashMap<>(JobType.defaults());
        properties.getTypes().forEach((name, s) -> {
            String p = PREFIX + ".types." + name;
            JobType base;
            try {
                base = result.getOrDefault(name, JobType.of(name));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(p, name, e.getMessage());
            }
            if (s.getPriority() != null) {
                base = base.withPriority(s.getPriority());
            }
            if (s.getMaxRetries() != null) {
                notNegative(p + ".max-retries", s.getMaxRetries());
                base = base.withMaxRetries(s.getMaxRetries());
            }
            if (s.getConcurrency() != null && s.getConcurrency() < 1) {
                throw new InvalidConfigurationPropertyValueException(p + ".concurrency", s.getConcurrency(),
                        "must be at least 1");
            }
            BackoffPolicy old = base.backoff();
            BackoffPolicy.Kind kind = s.getBackoff() != null ? s.getBackoff() : old.kind();
            Duration delay = s.getBackoffDelay() != null ? s.getBackoffDelay() : old.base();
            Duration max = s.getBackoffMax() != null ? s.getBackoffMax() : kind == BackoffPolicy.Kind.FIXED ? delay
                    : old.kind() == BackoffPolicy.Kind.FIXED ? BackoffPolicy.DEFAULT_MAX : old.max();
            boolean jitter = s.getJitter() != null ? s.getJitter() : old.jitter();
            notNegative(p + ".backoff-delay", delay);
            if (max.compareTo(delay) < 0) {
                throw new InvalidConfigurationPropertyValueException(p + ".backoff-max", max,
                        "must not be below backoff-delay (" + delay + ")");
            }
            BackoffPolicy policy = kind == BackoffPolicy.Kind.FIXED ? BackoffPolicy.fixed(delay)
                    : BackoffPolicy.exponential(delay, max);
            result.put(name, base.withBackoff(jitter ? policy.withJitter() : policy));
        });
        return result;
    }

    private static void notNegative(String property, Duration d) {
        if (d == null || d.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(property, d, "must not be negative");
        }
    }

    private static void notNegative(String property, int n) {
        if (n < 0) {
            throw new InvalidConfigurationPropertyValueException(property, n, "must not be negative");
        }
    }
}
