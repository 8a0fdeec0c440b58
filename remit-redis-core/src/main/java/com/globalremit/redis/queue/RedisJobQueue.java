package com.globalremit.redis.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.script.LuaScript;
import com.globalremit.redis.script.ScriptExecutor;

import io.lettuce.core.ScriptOutputType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One named job queue in Redis: three priority sets, a delayed set, an in-flight set with leases, dead letters and
 * (optionally) retained completed jobs. Every state change is one Lua script (one round trip, server time); all keys
 * share the hash tag {@code {name}}.
 *
 * <p>Enqueue from anywhere; run jobs with a {@link JobWorker}. Thread-safe.
 *
 * <pre>{@code
 * RedisJobQueue queue = RedisJobQueue.create(redis, JobQueueOptions.builder("payments").build());
 * queue.enqueue("transaction-processing", transfer, EnqueueOptions.dedupKey(request.idempotencyKey()));
 * }</pre>
 */
public final class RedisJobQueue {

    private static final Logger log = LoggerFactory.getLogger(RedisJobQueue.class);
    private static final int ADMIN_BATCH = 1000;

    private final RemitRedisClient client;
    private final ScriptExecutor scripts;
    private final JobQueueOptions options;
    private final QueueKeys keys;
    private final JsonMapper mapper;
    private final byte[][] header;
    private final List<JobQueueListener> listeners = new CopyOnWriteArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters();

    private RedisJobQueue(RemitRedisClient client, JobQueueOptions options, JsonMapper mapper) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.scripts = ScriptExecutor.create(client);
        this.keys = new QueueKeys(options.naming(), options.name());
        int[] w = options.weights();
        this.header = utf8(keys.jobPrefix(), keys.dedupPrefix(), String.valueOf(options.maxStalls()),
                String.valueOf(options.deadLetterMaxSize()), String.valueOf(options.deadLetterMaxAge().toMillis()),
                String.valueOf(options.keepCompleted()), String.valueOf(options.keepCompletedFor().toMillis()),
                w == null ? "" : w[0] + "," + w[1] + "," + w[2]);
    }

    /** A queue whose payloads are written with {@link ValueCodec#defaultMapper()} (no default typing). */
    public static RedisJobQueue create(RemitRedisClient client, JobQueueOptions options) {
        return new RedisJobQueue(client, options, ValueCodec.defaultMapper());
    }

    /** A queue whose payloads are written and read with {@code mapper} (it must not use default typing). */
    public static RedisJobQueue create(RemitRedisClient client, JobQueueOptions options, JsonMapper mapper) {
        return new RedisJobQueue(client, options, ValueCodec.of(mapper).mapper());
    }

    public String name() {
        return options.name();
    }

    public JobQueueOptions options() {
        return options;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    RemitRedisClient client() {
        return client;
    }

    String markerKey() {
        return keys.marker();
    }

    public void addListener(JobQueueListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---------------------------------------------------------------- enqueue

    public EnqueueResult enqueue(String type, Object payload) {
        return enqueue(type, payload, EnqueueOptions.NONE);
    }

    /**
     * Enqueues one job (one round trip). With a job id or dedup key, a second enqueue returns the first job's id with
     * {@code created == false}, during the job's life and for {@link JobQueueOptions#dedupWindow()} after it.
     */
    public EnqueueResult enqueue(String type, Object payload, EnqueueOptions enqueueOptions) {
        try {
            return enqueueAsync(type, payload, enqueueOptions).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public CompletionStage<EnqueueResult> enqueueAsync(String type, Object payload, EnqueueOptions enqueueOptions) {
        JobType jobType = options.type(JobIds.requireValid("job type", type));
        EnqueueOptions o = enqueueOptions == null ? EnqueueOptions.NONE : enqueueOptions;
        String id = o.jobId() != null ? o.jobId() : JobIds.generate();
        String dedup = o.dedupKey() != null ? o.dedupKey() : o.jobId() != null ? o.jobId() : "";
        // A job id with a dedup key of its own: both block a second enqueue, each with its own entry.
        String dedupId = o.jobId() != null && !dedup.equals(o.jobId()) ? o.jobId() : "";
        JobPriority priority = o.priority() != null ? o.priority() : jobType.priority();
        int maxRetries = o.maxRetries() != null ? o.maxRetries() : jobType.maxRetries();
        long delay = o.delay() == null ? 0 : o.delay().toMillis();
        byte[] json = mapper.writeValueAsBytes(payload);
        // Only the keys the enqueue script touches (no prelude, no shared header): see enqueue.lua.
        String target = delay > 0 ? keys.delayed() : keys.wait(priority);
        List<String> k = dedup.isEmpty() ? List.of(keys.job(id), target, keys.marker(), keys.sequence())
                : dedupId.isEmpty() ? List.of(keys.job(id), target, keys.marker(), keys.sequence(), keys.dedup(dedup))
                : List.of(keys.job(id), target, keys.marker(), keys.sequence(), keys.dedup(dedup),
                        keys.dedup(dedupId));
        byte[][] a = utf8(id, dedup, type, "", priority.code(), String.valueOf(maxRetries), String.valueOf(delay),
                String.valueOf(options.dedupWindow().toMillis()), dedupId);
        a[3] = json;
        CompletionStage<List<Object>> reply = scripts.executeAsync(QueueScripts.ENQUEUE, ScriptOutputType.MULTI, k, a);
        return reply.thenApply(r -> {
            EnqueueResult result = new EnqueueResult(RedisReplies.string(r.get(1)), RedisReplies.number(r.get(0)) == 1);
            if (result.created()) {
                fire(l -> l.enqueued(name(), type));
            }
            return result;
        });
    }

    // ---------------------------------------------------------------- worker operations

    /**
     * Takes the next job (strict or weighted priority) into the in-flight set with a lease of
     * {@link JobQueueOptions#leaseTime()}; promotes due retries and recovers lapsed leases on the way.
     */
    public FetchResult fetch(String worker) {
        List<Object> r = run(QueueScripts.FETCH, utf8(worker, String.valueOf(options.leaseTime().toMillis())));
        return fetchResult(r, 0);
    }

    /**
     * Takes up to {@code most} jobs in one round trip, each as {@link #fetch(String)} takes one (in priority order,
     * each with its own lease of {@link JobQueueOptions#leaseTime()}). For a worker thread that prefetches: the
     * caller must renew the leases of the jobs it holds and {@link #release(Map) release} those it will not run.
     */
    public FetchBatch fetch(String worker, int most) {
        if (most < 1) {
            throw new IllegalArgumentException("most must be at least 1, but was " + most);
        }
        List<Object> r = run(QueueScripts.FETCH_MANY, utf8(worker, String.valueOf(options.leaseTime().toMillis()),
                String.valueOf(most)));
        fireStalls(r.get(2), r.get(3), r.get(4));
        int count = (int) RedisReplies.number(r.get(0));
        List<Job> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(RedisReplies.job((List<?>) r.get(6 + i), 0));
        }
        return new FetchBatch(jobs, RedisReplies.number(r.get(1)), RedisReplies.number(r.get(5)));
    }

    /**
     * Completes the attempt {@code job} without waiting for Redis: the stage gives
     * {@link Settlement.Outcome#COMPLETED}, or {@link Settlement.Outcome#LEASE_LOST} when this attempt had lost its
     * lease. Like {@link #complete(Job, String, boolean)}, it completes a job that this attempt's stall moved to the
     * dead letters, unless it was retried or fetched since. A failed stage means the completion may not have been recorded: complete again, or leave the job to
     * lease recovery (it then runs again).
     */
    public CompletionStage<Settlement.Outcome> completeAsync(Job job, String worker) {
        return scripts.<List<Object>>executeAsync(QueueScripts.COMPLETE, ScriptOutputType.MULTI, keys.common(),
                args(completeArgs(job, worker, false))).thenApply(RedisJobQueue::completeOutcome);
    }

    /**
     * Hands back fetched jobs that were never started (job id to {@link Job#attempts()}): each returns to the front
     * of its priority with its attempt counter as before and no stall counted. Jobs whose lease was already
     * recovered, or that another attempt owns, are left alone.
     *
     * @return how many were released
     */
    public long release(Map<String, Long> attemptsById) {
        if (attemptsById.isEmpty()) {
            return 0;
        }
        return RedisReplies.number(run(QueueScripts.RELEASE, ScriptOutputType.INTEGER, idAttemptPairs(attemptsById)));
    }

    /**
     * Completes the attempt {@code job} (as fetched) and, with {@code fetchNext}, fetches the next job in the same
     * round trip. Returns null for the fetch part when not asked.
     *
     * <p>A job that stalled past {@link JobQueueOptions#maxStalls()} while this attempt still ran is completed out of
     * the dead letters, as long as it was not retried or fetched since (its history notes the late completion).
     *
     * @return the settlement: {@link Settlement.Outcome#LEASE_LOST} when this attempt had lost its lease to another
     *         attempt
     */
    public Settlement complete(Job job, String worker, boolean fetchNext) {
        List<Object> r = run(QueueScripts.COMPLETE, completeArgs(job, worker, fetchNext));
        return new Settlement(completeOutcome(r), fetchNext ? fetchResult(r, 1) : null);
    }

    private byte[][] completeArgs(Job job, String worker, boolean fetchNext) {
        return utf8(job.id(), String.valueOf(job.attempts()), fetchNext ? "1" : "0", worker,
                String.valueOf(options.leaseTime().toMillis()));
    }

    private static Settlement.Outcome completeOutcome(List<Object> reply) {
        return RedisReplies.number(reply.get(0)) == 1 ? Settlement.Outcome.COMPLETED : Settlement.Outcome.LEASE_LOST;
    }

    /**
     * Records a failed attempt: a retry after the type's backoff, or the dead letters when the retries are used up.
     * An attempt whose stall already moved the job to the dead letters (not retried or fetched since) gets
     * {@link Settlement.Outcome#DEAD_LETTERED}: the job stays dead and its history and last error record the failure.
     */
    public Settlement fail(Job job, String worker, Throwable error, boolean fetchNext) {
        JobType type = options.type(job.type());
        long delay = type.backoff().delayFor(job.retryCount(), () -> ThreadLocalRandom.current().nextDouble())
                .toMillis();
        List<Object> r = run(QueueScripts.FAIL, utf8(job.id(), String.valueOf(job.attempts()), worker,
                ErrorSummary.stored(error), String.valueOf(delay), fetchNext ? "1" : "0",
                String.valueOf(options.leaseTime().toMillis())));
        long outcome = RedisReplies.number(r.get(0));
        reportTrimmed(RedisReplies.number(r.get(1)));
        // 3: the job was already dead-lettered for this attempt's stall (counted then); the failure was recorded.
        Settlement.Outcome o = outcome == 1 ? Settlement.Outcome.RETRY_SCHEDULED
                : outcome == 2 || outcome == 3 ? Settlement.Outcome.DEAD_LETTERED : Settlement.Outcome.LEASE_LOST;
        if (o == Settlement.Outcome.RETRY_SCHEDULED) {
            fire(l -> l.retried(name(), job.type()));
        } else if (outcome == 2) { // not for 3: the stall's fetch reported that dead letter already
            fire(l -> l.deadLettered(name(), job.type()));
        }
        return new Settlement(o, fetchNext ? fetchResult(r, 2) : null);
    }

    /**
     * Extends the leases of the given attempts (job id to {@link Job#attempts()}) in one round trip.
     *
     * @return the ids whose lease is lost (they stalled and went back to the queue, or were settled elsewhere)
     */
    public Set<String> renew(Map<String, Long> attemptsById) {
        if (attemptsById.isEmpty()) {
            return Set.of();
        }
        List<Object> r = run(QueueScripts.RENEW, idAttemptPairs(attemptsById,
                String.valueOf(options.leaseTime().toMillis())));
        Set<String> lost = new LinkedHashSet<>();
        r.forEach(o -> lost.add(RedisReplies.string(o)));
        return lost;
    }

    /**
     * Promotes due delayed jobs and recovers lapsed leases now (fetch does this too), and applies the dead letters'
     * age and size caps (otherwise applied only when a job dies). Returns jobs promoted.
     */
    public long maintain() {
        List<Object> r = run(QueueScripts.MAINTAIN);
        fireStalls(r.get(1), r.get(2), r.get(3));
        return RedisReplies.number(r.get(0));
    }

    // ---------------------------------------------------------------- inspection

    public QueueCounts counts() {
        List<Object> r = run(QueueScripts.COUNTS);
        return new QueueCounts(RedisReplies.number(r.get(0)), RedisReplies.number(r.get(1)),
                RedisReplies.number(r.get(2)), RedisReplies.number(r.get(3)), RedisReplies.number(r.get(4)),
                RedisReplies.number(r.get(5)), RedisReplies.number(r.get(6)));
    }

    /** The job, in whatever state, while Redis still holds it. */
    public Optional<Job> job(String id) {
        JobIds.requireValid("job id", id);
        Map<String, byte[]> raw = client.sync().hgetall(keys.job(id));
        Map<String, String> f = new HashMap<>();
        raw.forEach((k, v) -> f.put(k, new String(v, StandardCharsets.UTF_8)));
        return Optional.ofNullable(RedisReplies.job(f));
    }

    /** Admin operations on the dead letters. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Dead-letter admin: list, inspect, retry and delete. Sized for an admin page or an actuator endpoint. */
    public final class DeadLetters {

        private DeadLetters() {
        }

        /** A page of dead letters, newest first, of one type or (type null) all. */
        public DeadLetterPage list(int offset, int limit, String type) {
            if (offset < 0 || limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("offset must be >= 0 and limit 1..1000, but were " + offset
                        + " and " + limit);
            }
            List<Object> r = run(QueueScripts.DEAD_LIST, utf8(String.valueOf(offset), String.valueOf(limit),
                    type == null ? "" : JobIds.requireValid("job type", type)));
            List<Job> jobs = new ArrayList<>();
            for (int i = 1; i < r.size(); i++) {
                Job j = RedisReplies.job((List<?>) r.get(i), 0);
                if (j != null) {
                    jobs.add(j);
                }
            }
            return new DeadLetterPage(RedisReplies.number(r.get(0)), offset, jobs);
        }

        /** The dead letter with this id, if it is one. */
        public Optional<Job> inspect(String id) {
            return job(id).filter(j -> j.state() == JobState.DEAD);
        }

        /** Back to its queue with retries reset. False when no dead letter has this id. */
        public boolean retry(String id) {
            return RedisReplies.number(run(QueueScripts.DEAD_RETRY, ScriptOutputType.INTEGER,
                    utf8(JobIds.requireValid("job id", id), "", "1"))) == 1;
        }

        /** Retries every dead letter (of one type, or all with null); returns how many. */
        public long retryAll(String type) {
            return batches(QueueScripts.DEAD_RETRY, type);
        }

        public boolean delete(String id) {
            return RedisReplies.number(run(QueueScripts.DEAD_DELETE, ScriptOutputType.INTEGER,
                    utf8(JobIds.requireValid("job id", id), "", "1"))) == 1;
        }

        public long deleteAll(String type) {
            return batches(QueueScripts.DEAD_DELETE, type);
        }

        // Batches keep each script short, so an admin action on 10,000 dead letters does not block Redis.
        private long batches(LuaScript script, String type) {
            String t = type == null ? "" : JobIds.requireValid("job type", type);
            long total = 0;
            while (true) {
                long n = RedisReplies.number(run(script, ScriptOutputType.INTEGER,
                        utf8("", t, String.valueOf(ADMIN_BATCH))));
                total += n;
                if (n < ADMIN_BATCH) {
                    return total;
                }
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private FetchResult fetchResult(List<Object> r, int from) {
        long status = RedisReplies.number(r.get(from));
        long now = RedisReplies.number(r.get(from + 1));
        fireStalls(r.get(from + 2), r.get(from + 3), r.get(from + 4));
        if (status == 1) {
            return new FetchResult(RedisReplies.job(r, from + 5), now, 0);
        }
        return new FetchResult(null, now, RedisReplies.number(r.get(from + 5)));
    }

    private void fireStalls(Object stalledTypes, Object deadTypes, Object deadTrimmed) {
        List<String> stalled = FetchResult.types(stalledTypes);
        List<String> dead = FetchResult.types(deadTypes);
        if (!stalled.isEmpty()) {
            log.warn("Queue {}: {} job lease(s) lapsed (worker died, stopped or lost Redis); {} moved to the dead"
                    + " letters, the rest back to the queue", name(), stalled.size(), dead.size());
        }
        stalled.forEach(t -> fire(l -> l.stalled(name(), t)));
        dead.forEach(t -> fire(l -> l.deadLettered(name(), t)));
        reportTrimmed(RedisReplies.number(deadTrimmed));
    }

    /** Dead letters deleted by the size or age cap: never silently (count and queue only, no job data). */
    private void reportTrimmed(long count) {
        if (count > 0) {
            log.warn("Queue {}: deleted {} dead letter(s) beyond its caps, oldest first (dead-letter-max-size {},"
                    + " dead-letter-max-age {}); raise the caps to keep more", name(), count,
                    options.deadLetterMaxSize(), options.deadLetterMaxAge());
            fire(l -> l.deadLettersTrimmed(name(), count));
        }
    }

    void fire(java.util.function.Consumer<JobQueueListener> event) {
        for (JobQueueListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("Job queue listener {} failed", l, e);
            }
        }
    }

    private List<Object> run(LuaScript script, byte[]... specific) {
        return run(script, ScriptOutputType.MULTI, specific);
    }

    private <T> T run(LuaScript script, ScriptOutputType type, byte[]... specific) {
        return scripts.execute(script, type, keys.common(), args(specific));
    }

    private byte[][] args(byte[][]... parts) {
        int n = header.length;
        for (byte[][] p : parts) {
            n += p.length;
        }
        byte[][] all = new byte[n][];
        System.arraycopy(header, 0, all, 0, header.length);
        int at = header.length;
        for (byte[][] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** {@code leading}, then id, attempt, id, attempt...: the arguments of renew and release. */
    private static byte[][] idAttemptPairs(Map<String, Long> attemptsById, String... leading) {
        List<String> a = new ArrayList<>(leading.length + attemptsById.size() * 2);
        a.addAll(List.of(leading));
        attemptsById.forEach((id, attempt) -> {
            a.add(id);
            a.add(String.valueOf(attempt));
        });
        return utf8(a.toArray(String[]::new));
    }

        private static byte[][] utf8(String... values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    @Override
    public String toString() {
        return "RedisJobQueue[" + name() + "]";
    }
}
