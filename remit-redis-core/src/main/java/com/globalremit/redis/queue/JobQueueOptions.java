package com.globalremit.redis.queue;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.globalremit.redis.key.KeyNaming;

/**
 * Settings of one named queue. Immutable; build with {@link #builder(String)}.
 *
 * @param name the queue name, also its cluster hash tag
 * @param naming key prefix; the builder's default is {@code KeyNaming.withPrefix("remit")}, unlike the other
 *        core builders ({@link KeyNaming#DEFAULT}) and the starter (its own naming): see docs/job-queue.md
 * @param leaseTime how long a fetched job stays invisible to other workers without a renewal
 * @param maxStalls lease lapses allowed before the job goes to the dead letters
 * @param deadLetterMaxSize cap on the number of dead letters (oldest deleted first, reported through
 *        {@link JobQueueListener#deadLettersTrimmed} and a WARN log); 0 = unbounded
 * @param deadLetterMaxAge dead letters older than this are deleted (reported likewise) when a job dies or
 *        {@link RedisJobQueue#maintain()} runs; zero = kept until deleted
 * @param keepCompleted completed jobs kept for inspection (0 = removed at once)
 * @param keepCompletedFor completed jobs older than this are removed even under the count; zero = no age limit
 * @param dedupWindow how long after completion (or deletion) a job id / dedup key still makes enqueue a no-op
 * @param weights null for strict priority, else {high, medium, low} shares of fetches (e.g. 6, 3, 1)
 * @param types job types by name; unknown names get {@link JobType#of(String)}
 */
public record JobQueueOptions(String name, KeyNaming naming, Duration leaseTime, int maxStalls,
        int deadLetterMaxSize, Duration deadLetterMaxAge, int keepCompleted, Duration keepCompletedFor,
        Duration dedupWindow, int[] weights, Map<String, JobType> types) {

    /**
     * Shortest lease: a worker renews leases every third of the lease time, at most every 10 ms, and each renewal is
     * a round trip; a shorter lease lapses before it can be renewed, so every job would stall.
     */
    public static final Duration MIN_LEASE_TIME = Duration.ofMillis(100);

    public JobQueueOptions {
        JobIds.requireValid("queue name", name);
        Objects.requireNonNull(naming, "naming");
        if (leaseTime == null || leaseTime.compareTo(MIN_LEASE_TIME) < 0) {
            throw new IllegalArgumentException("leaseTime must be at least " + MIN_LEASE_TIME.toMillis()
                    + "ms (it is renewed every third of it), but was " + leaseTime);
        }
        notNegative("maxStalls", maxStalls);
        notNegative("deadLetterMaxSize", deadLetterMaxSize);
        notNegative("deadLetterMaxAge", deadLetterMaxAge);
        notNegative("keepCompleted", keepCompleted);
        notNegative("keepCompletedFor", keepCompletedFor);
        notNegative("dedupWindow", dedupWindow);
        if (weights != null) {
            if (weights.length != 3 || Arrays.stream(weights).anyMatch(w -> w < 0) || Arrays.stream(weights).sum() == 0) {
                throw new IllegalArgumentException("weights must be three non-negative numbers (high, medium, low)"
                        + " with a positive sum, but were " + Arrays.toString(weights));
            }
            weights = weights.clone();
        }
        types = Map.copyOf(types);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.naming = naming;
        b.leaseTime = leaseTime;
        b.maxStalls = maxStalls;
        b.deadLetterMaxSize = deadLetterMaxSize;
        b.deadLetterMaxAge = deadLetterMaxAge;
        b.keepCompleted = keepCompleted;
        b.keepCompletedFor = keepCompletedFor;
        b.dedupWindow = dedupWindow;
        b.weights = weights;
        b.types = new LinkedHashMap<>(types);
        return b;
    }

    @Override
    public int[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** The type's settings, or the defaults of {@link JobType#of(String)} for a type not configured. */
    public JobType type(String typeName) {
        JobType t = types.get(typeName);
        return t != null ? t : JobType.of(typeName);
    }

    private static void notNegative(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, but was " + d);
        }
    }

    private static void notNegative(String what, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, but was " + n);
        }
    }

    public static final class Builder {
        private final String name;
        private KeyNaming naming = KeyNaming.withPrefix("remit");
        private Duration leaseTime = Duration.ofSeconds(30);
        private int maxStalls = 3;
        private int deadLetterMaxSize = 10_000;
        private Duration deadLetterMaxAge = Duration.ofDays(180);
        private int keepCompleted = 0;
        private Duration keepCompletedFor = Duration.ZERO;
        private Duration dedupWindow = Duration.ofHours(24);
        private int[] weights;
        private Map<String, JobType> types = new LinkedHashMap<>(JobType.defaults());

        private Builder(String name) {
            this.name = name;
        }

        public Builder naming(KeyNaming naming) {
            this.naming = naming;
            return this;
        }

        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
            return this;
        }

        public Builder maxStalls(int maxStalls) {
            this.maxStalls = maxStalls;
            return this;
        }

        public Builder deadLetterMaxSize(int size) {
            this.deadLetterMaxSize = size;
            return this;
        }

        public Builder deadLetterMaxAge(Duration age) {
            this.deadLetterMaxAge = age;
            return this;
        }

        public Builder keepCompleted(int count) {
            this.keepCompleted = count;
            return this;
        }

        public Builder keepCompletedFor(Duration age) {
            this.keepCompletedFor = age;
            return this;
        }

        public Builder dedupWindow(Duration window) {
            this.dedupWindow = window;
            return this;
        }

        /** Weighted instead of strict priority: of every high+medium+low fetches, that many start at each level. */
        public Builder weights(int high, int medium, int low) {
            this.weights = new int[] {high, medium, low};
            return this;
        }

        public Builder strictPriority() {
            this.weights = null;
            return this;
        }

        public Builder type(JobType type) {
            this.types.put(type.name(), type);
            return this;
        }

        public Builder types(Map<String, JobType> types) {
            this.types = new LinkedHashMap<>(types);
            return this;
        }

        public JobQueueOptions build() {
            return new JobQueueOptions(name, naming, leaseTime, maxStalls, deadLetterMaxSize, deadLetterMaxAge,
                    keepCompleted, keepCompletedFor, dedupWindow, weights, types);
        }
    }
}
