package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisDeployment;
import com.globalremit.redis.test.Topology;

/** The queue's behaviour, run on a standalone server and on a 3-master cluster by the subclasses. */
abstract class JobQueueContract {

    protected RemitRedisClient redis;
    private RedisDeployment deployment;
    private final List<JobWorker> workers = new ArrayList<>();

    @BeforeEach
    void connect(RedisDeployment deployment) {
        this.deployment = deployment;
        redis = RemitRedisClient.create(settings(deployment));
    }

    @AfterEach
    void disconnect() {
        workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
        workers.clear();
        redis.close();
    }

    static RedisConnectionSettings settings(RedisDeployment d) {
        if (d.topology() == Topology.CLUSTER) {
            return RedisConnectionSettings.cluster(d.uris().stream().map(u -> u.getHost() + ":" + u.getPort())
                    .toArray(String[]::new)).build();
        }
        return RedisConnectionSettings.standalone("redis://" + d.uri().getHost() + ":" + d.uri().getPort()).build();
    }

    /**
     * A client of its own whose shared connection the test can block: a {@code BLPOP} on {@link #gate(String)}
     * holds every later command of that connection to the queue's node (renewals, completions, fetches) until the
     * test pushes to the gate, as if the worker had been cut off from Redis. Long command timeout: the commands wait.
     */
    protected RemitRedisClient blockableClient() {
        return RemitRedisClient.create(settings(deployment).toBuilder().commandTimeout(Duration.ofSeconds(30)).build());
    }

    /** A list key in the queue's hash slot, so a BLPOP on it blocks the connection the queue's scripts use. */
    static String gate(String queueName) {
        return "test-gate:{" + queueName + "}";
    }

    protected RedisJobQueue queue(JobQueueOptions.Builder options) {
        return RedisJobQueue.create(redis, options.build());
    }

    protected JobWorker start(RedisJobQueue queue, JobHandler handler, JobWorkerOptions options) {
        JobWorker w = JobWorker.start(queue, handler, options);
        workers.add(w);
        return w;
    }

    static JobWorkerOptions workerOptions(String id) {
        return JobWorkerOptions.defaults().withWorkerId(id).withMaxIdleWait(Duration.ofSeconds(2));
    }

    record Transfer(String reference, long cents) {
    }

    /** Six jobs whose strict order is high-1, high-2, high-3, medium-1, low-1, low-2. */
    static void enqueueMixedPriorities(RedisJobQueue q) {
        q.enqueue("reporting", "low-1", EnqueueOptions.jobId("low-1"));
        q.enqueue("transaction-processing", "high-1", EnqueueOptions.jobId("high-1"));
        q.enqueue("compliance-check", "medium-1", EnqueueOptions.jobId("medium-1"));
        q.enqueue("notification", "high-2", EnqueueOptions.jobId("high-2"));
        q.enqueue("data-sync", "low-2", EnqueueOptions.jobId("low-2"));
        q.enqueue("reporting", "high-3", EnqueueOptions.jobId("high-3").withPriority(JobPriority.HIGH));
    }

    static void enqueueEightOfEachPriority(RedisJobQueue q) {
        for (int i = 0; i < 8; i++) {
            q.enqueue("transaction-processing", i);
            q.enqueue("compliance-check", i);
            q.enqueue("reporting", i);
        }
    }

    /** Eight fetches with weights 2,1,1: of every 4, 2 high, 1 medium, 1 low (strict mode would take 8 high). */
    static void assertTwoOneOneTurns(Map<JobPriority, Integer> taken) {
        assertThat(taken).containsEntry(JobPriority.HIGH, 4).containsEntry(JobPriority.MEDIUM, 2)
                .containsEntry(JobPriority.LOW, 2);
    }

    /** 300 jobs of two types, run by a worker with {@code options}: each exactly once, the queue empty after. */
    void assertEveryOfManyJobsRunsOnce(RedisJobQueue q, JobWorkerOptions options) {
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        start(q, job -> runs.merge(job.id(), 1, Integer::sum), options);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 300; i++) {
            ids.add(q.enqueue(i % 2 == 0 ? "notification" : "data-sync", i).id());
        }
        Await.until("all done", () -> runs.size() == 300 && q.counts().equals(new QueueCounts(0, 0, 0, 0, 0, 0, 0)));
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).containsOnly(1);
    }

    // ------------------------------------------------------------------ ordering

    @Test
    void strictPriorityTakesHighBeforeMediumBeforeLowAndKeepsFifoWithin() {
        RedisJobQueue q = queue(JobQueueOptions.builder("prio"));
        enqueueMixedPriorities(q);

        assertThat(q.counts()).isEqualTo(new QueueCounts(3, 1, 2, 0, 0, 0, 0));
        List<String> order = new ArrayList<>();
        for (FetchResult r = q.fetch("w"); r.hasJob(); r = q.complete(r.job(), "w", true).next()) {
            order.add(r.job().id());
        }
        assertThat(order).containsExactly("high-1", "high-2", "high-3", "medium-1", "low-1", "low-2");
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void weightedModeServesLowPriorityWhileHighIsBusy() {
        RedisJobQueue q = queue(JobQueueOptions.builder("weighted").weights(2, 1, 1));
        enqueueEightOfEachPriority(q);
        Map<JobPriority, Integer> taken = new ConcurrentHashMap<>();
        for (int i = 0; i < 8; i++) {
            taken.merge(q.fetch("w").job().priority(), 1, Integer::sum);
        }
        assertTwoOneOneTurns(taken);
    }

    @Test
    void payloadRoundTripsAsJson() {
        RedisJobQueue q = queue(JobQueueOptions.builder("payload"));
        String id = q.enqueue("transaction-processing", new Transfer("TX-1", 12_50)).id();
        Job job = q.fetch("w").job();
        assertThat(job.id()).isEqualTo(id);
        assertThat(job.payload()).contains("\"reference\":\"TX-1\"");
        assertThat(job.payload(q.mapper(), Transfer.class)).isEqualTo(new Transfer("TX-1", 1250));
        assertThat(job.state()).isEqualTo(JobState.ACTIVE);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.maxRetries()).isEqualTo(3);
        assertThat(job.createdAt()).isNotNull();
    }

    // Enqueue leaves zero counters and empty fields out of the job hash, and fetch builds its reply in Lua instead
    // of reading the hash back: both must read exactly like the stored job.
    @Test
    void aJobReadsTheSameFromItsHashAsFromTheFetchReply() {
        RedisJobQueue q = queue(JobQueueOptions.builder("fields"));
        String plain = q.enqueue("transaction-processing", "p").id();
        Job waiting = q.job(plain).orElseThrow();
        assertThat(waiting.state()).isEqualTo(JobState.WAITING);
        assertThat(waiting.retryCount()).isZero();
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.stalls()).isZero();
        assertThat(waiting.nextRetryAt()).isNull();
        assertThat(waiting.dedupKey()).isNull();
        assertThat(waiting.worker()).isNull();

        String later = q.enqueue("transaction-processing", "d",
                EnqueueOptions.dedupKey("req-1").withDelay(Duration.ofHours(1))).id();
        Job delayed = q.job(later).orElseThrow();
        assertThat(delayed.state()).isEqualTo(JobState.DELAYED);
        assertThat(delayed.dedupKey()).isEqualTo("req-1");
        assertThat(Duration.between(delayed.createdAt(), delayed.nextRetryAt())).isEqualTo(Duration.ofHours(1));

        Job fetched = q.fetch("w-7").job();
        assertThat(fetched.id()).isEqualTo(plain);
        assertThat(fetched.state()).isEqualTo(JobState.ACTIVE);
        assertThat(fetched.attempts()).isEqualTo(1);
        assertThat(fetched.worker()).isEqualTo("w-7");
        assertThat(q.job(plain)).contains(fetched);
    }

    // ------------------------------------------------------------------ retries and dead letters

    @Test
    void exponentialRetriesWaitLongerEachTimeThenDeadLetterWithHistory() {
        RedisJobQueue q = queue(JobQueueOptions.builder("exp").type(new JobType("flaky", JobPriority.HIGH, 2,
                BackoffPolicy.exponential(Duration.ofMillis(200), Duration.ofSeconds(10)))));
        List<Long> runs = new CopyOnWriteArrayList<>();
        start(q, job -> {
            runs.add(System.nanoTime());
            throw new IllegalStateException("bank timeout " + runs.size());
        }, workerOptions("exp-worker"));
        String id = q.enqueue("flaky", "x").id();

        Await.until("dead letter", () -> q.counts().dead() == 1);
        assertThat(runs).hasSize(3);
        long first = TimeUnit.NANOSECONDS.toMillis(runs.get(1) - runs.get(0));
        long second = TimeUnit.NANOSECONDS.toMillis(runs.get(2) - runs.get(1));
        assertThat(first).isBetween(190L, 3000L);
        assertThat(second).isBetween(390L, 3000L);

        Job dead = q.deadLetters().inspect(id).orElseThrow();
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.retryCount()).isEqualTo(2);
        assertThat(dead.lastError()).isEqualTo("IllegalStateException: bank timeout 3");
        assertThat(dead.history()).extracting(JobAttempt::outcome).containsExactly("failed", "failed", "failed");
        assertThat(dead.history()).extracting(JobAttempt::worker).containsOnly("exp-worker");
        assertThat(dead.history()).extracting(JobAttempt::error).containsExactly("IllegalStateException: bank timeout 1",
                "IllegalStateException: bank timeout 2", "IllegalStateException: bank timeout 3");
        assertThat(dead.history().get(1).at()).isAfter(dead.history().get(0).at());
        assertThat(dead.finishedAt()).isNotNull();
    }

    @Test
    void fixedDelayRetriesWaitTheSameTime() {
        RedisJobQueue q = queue(JobQueueOptions.builder("fixed").type(new JobType("notify", JobPriority.HIGH, 2,
                BackoffPolicy.fixed(Duration.ofMillis(300)))));
        List<Long> runs = new CopyOnWriteArrayList<>();
        start(q, job -> {
            runs.add(System.nanoTime());
            if (runs.size() < 3) {
                throw new IllegalStateException("sms gateway down");
            }
        }, workerOptions("fixed-worker"));
        String id = q.enqueue("notify", "x").id();

        Await.until("third run", () -> runs.size() == 3);
        Await.until("completion", () -> q.job(id).isEmpty());
        for (int i = 1; i < 3; i++) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(runs.get(i) - runs.get(i - 1))).isBetween(290L, 3000L);
        }
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void deadLetterAdminListsInspectsRetriesAndDeletes() {
        RedisJobQueue q = queue(JobQueueOptions.builder("admin"));
        for (int i = 0; i < 5; i++) {
            q.enqueue("reporting", i, EnqueueOptions.jobId("rep-" + i).withMaxRetries(0));
        }
        for (int i = 0; i < 3; i++) {
            q.enqueue("data-sync", i, EnqueueOptions.jobId("sync-" + i).withMaxRetries(0));
        }
        for (FetchResult r = q.fetch("w"); r.hasJob(); ) {
            r = q.fail(r.job(), "w", new RuntimeException("partner API 503"), true).next();
        }
        assertThat(q.counts().dead()).isEqualTo(8);

        DeadLetterPage all = q.deadLetters().list(0, 3, null);
        assertThat(all.total()).isEqualTo(8);
        assertThat(all.jobs()).extracting(Job::id).containsExactly("sync-2", "sync-1", "sync-0");
        DeadLetterPage reports = q.deadLetters().list(2, 2, "reporting");
        assertThat(reports.total()).isEqualTo(5);
        assertThat(reports.jobs()).extracting(Job::id).containsExactly("rep-2", "rep-1");
        assertThat(reports.jobs().get(0).lastError()).isEqualTo("RuntimeException: partner API 503");

        assertThat(q.deadLetters().inspect("rep-4")).get().extracting(Job::state).isEqualTo(JobState.DEAD);
        assertThat(q.deadLetters().inspect("nope")).isEmpty();

        // Retry one: back in its queue with retries reset, history kept.
        assertThat(q.deadLetters().retry("rep-4")).isTrue();
        assertThat(q.deadLetters().retry("rep-4")).isFalse();
        Job again = q.fetch("w").job();
        assertThat(again.id()).isEqualTo("rep-4");
        assertThat(again.retryCount()).isZero();
        assertThat(again.history()).hasSize(1);
        assertThat(q.complete(again, "w", false).outcome()).isEqualTo(Settlement.Outcome.COMPLETED);

        assertThat(q.deadLetters().delete("rep-3")).isTrue();
        assertThat(q.job("rep-3")).isEmpty();
        assertThat(q.deadLetters().deleteAll("data-sync")).isEqualTo(3);
        assertThat(q.deadLetters().retryAll(null)).isEqualTo(3);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 3, 0, 0, 0, 0));
    }

    @Test
    void deadLettersAreCappedBySize() {
        RedisJobQueue q = queue(JobQueueOptions.builder("cap").deadLetterMaxSize(3));
        for (int i = 0; i < 5; i++) {
            q.enqueue("reporting", i, EnqueueOptions.jobId("cap-" + i).withMaxRetries(0));
        }
        for (FetchResult r = q.fetch("w"); r.hasJob(); ) {
            r = q.fail(r.job(), "w", new RuntimeException("boom"), true).next();
        }
        assertThat(q.deadLetters().list(0, 10, null).jobs()).extracting(Job::id)
                .containsExactly("cap-4", "cap-3", "cap-2");
        assertThat(q.job("cap-0")).isEmpty();
    }

    @Test
    void deadLettersDeletedByTheCapAreReportedToListeners() {
        RedisJobQueue q = queue(JobQueueOptions.builder("cap-report").deadLetterMaxSize(2)
                .leaseTime(Duration.ofMillis(100)).maxStalls(0));
        List<Long> trimmed = new CopyOnWriteArrayList<>();
        q.addListener(new JobQueueListener() {
            @Override
            public void deadLettersTrimmed(String queue, long count) {
                assertThat(queue).isEqualTo("cap-report");
                trimmed.add(count);
            }
        });
        for (int i = 0; i < 3; i++) {
            q.enqueue("reporting", i, EnqueueOptions.jobId("cr-" + i).withMaxRetries(0));
        }
        // Failing dead-letters cr-0 and cr-1 (within the cap), then cr-2 pushes cr-0 out.
        FetchResult r = q.fetch("w");
        r = q.fail(r.job(), "w", new RuntimeException("boom"), true).next();
        assertThat(trimmed).isEmpty();
        r = q.fail(r.job(), "w", new RuntimeException("boom"), true).next();
        assertThat(trimmed).isEmpty();
        q.fail(r.job(), "w", new RuntimeException("boom"), false);
        assertThat(trimmed).containsExactly(1L);
        assertThat(q.job("cr-0")).isEmpty();

        // A stall into the full dead letters reports through the fetch that recovered it.
        q.enqueue("reporting", 3, EnqueueOptions.jobId("cr-3"));
        assertThat(q.fetch("w").job().id()).isEqualTo("cr-3");
        Await.until("stall to the dead letters", () -> !q.fetch("w2").hasJob()
                && q.deadLetters().inspect("cr-3").isPresent());
        assertThat(trimmed).containsExactly(1L, 1L);
        assertThat(q.counts().dead()).isEqualTo(2);
        assertThat(q.job("cr-1")).isEmpty();
    }

    @Test
    void maintainAppliesTheDeadLettersAgeCapAndReportsIt() {
        RedisJobQueue q = queue(JobQueueOptions.builder("cap-age").deadLetterMaxAge(Duration.ofMillis(200)));
        AtomicInteger trimmed = new AtomicInteger();
        q.addListener(new JobQueueListener() {
            @Override
            public void deadLettersTrimmed(String queue, long count) {
                trimmed.addAndGet((int) count);
            }
        });
        q.enqueue("reporting", 0, EnqueueOptions.jobId("old-0").withMaxRetries(0));
        q.fail(q.fetch("w").job(), "w", new RuntimeException("boom"), false);
        assertThat(q.counts().dead()).isEqualTo(1);
        // No other job dies: only maintain applies the age cap.
        Await.until("age cap", () -> q.maintain() >= 0 && q.counts().dead() == 0);
        assertThat(trimmed).hasValue(1);
        assertThat(q.job("old-0")).isEmpty();
    }

    @Test
    void completedJobsAreRetainedUpToTheConfiguredCount() {
        RedisJobQueue q = queue(JobQueueOptions.builder("keep").keepCompleted(2));
        for (int i = 0; i < 5; i++) {
            q.enqueue("reporting", i, EnqueueOptions.jobId("keep-" + i));
        }
        for (FetchResult r = q.fetch("w"); r.hasJob(); ) {
            r = q.complete(r.job(), "w", true).next();
        }
        assertThat(q.counts().completed()).isEqualTo(2);
        assertThat(q.job("keep-4")).get().extracting(Job::state).isEqualTo(JobState.COMPLETED);
        assertThat(q.job("keep-0")).isEmpty();
    }

    // ------------------------------------------------------------------ idempotent enqueue

    @Test
    void enqueueIsIdempotentDuringAndAfterTheJobsLife() {
        RedisJobQueue q = queue(JobQueueOptions.builder("dedup").dedupWindow(Duration.ofMillis(600)));
        EnqueueResult first = q.enqueue("transaction-processing", "a", EnqueueOptions.dedupKey("client-retry-1"));
        EnqueueResult second = q.enqueue("transaction-processing", "b", EnqueueOptions.dedupKey("client-retry-1"));
        assertThat(first.created()).isTrue();
        assertThat(second).isEqualTo(new EnqueueResult(first.id(), false));
        assertThat(q.enqueue("transaction-processing", "c", EnqueueOptions.jobId("tx-9")).created()).isTrue();
        assertThat(q.enqueue("transaction-processing", "c", EnqueueOptions.jobId("tx-9")).created()).isFalse();
        assertThat(q.counts().waiting()).isEqualTo(2);

        for (FetchResult r = q.fetch("w"); r.hasJob(); ) {
            r = q.complete(r.job(), "w", true).next();
        }
        // Completed and removed, but a client retry within the window is still a no-op.
        assertThat(q.job(first.id())).isEmpty();
        assertThat(q.enqueue("transaction-processing", "b", EnqueueOptions.dedupKey("client-retry-1")))
                .isEqualTo(new EnqueueResult(first.id(), false));
        assertThat(q.enqueue("transaction-processing", "c", EnqueueOptions.jobId("tx-9")).created()).isFalse();
        assertThat(q.counts().waiting()).isZero();

        Await.until("dedup window to end", () -> q.enqueue("transaction-processing", "d",
                EnqueueOptions.dedupKey("client-retry-1")).created());
        assertThat(q.counts().waiting()).isEqualTo(1);
    }

    /** A job with both a job id and a dedup key: each of the two blocks a second enqueue, also after the job. */
    @Test
    void aJobIdStillBlocksASecondEnqueueAfterTheJobWhenItAlsoHasADedupKey() {
        RedisJobQueue q = queue(JobQueueOptions.builder("dedup-both").dedupWindow(Duration.ofMillis(800)));
        EnqueueOptions both = EnqueueOptions.jobId("tx-7").withDedupKey("req-7");
        assertThat(q.enqueue("transaction-processing", "a", both)).isEqualTo(new EnqueueResult("tx-7", true));
        assertThat(q.enqueue("transaction-processing", "a", EnqueueOptions.jobId("tx-7")).created()).isFalse();
        Job job = q.fetch("w").job();
        assertThat(job.dedupKey()).isEqualTo("req-7");
        q.complete(job, "w", false);
        assertThat(q.job("tx-7")).isEmpty();

        // Completed and removed: the job id alone, the dedup key alone and the pair are all still no-ops.
        assertThat(q.enqueue("transaction-processing", "b", EnqueueOptions.jobId("tx-7")))
                .isEqualTo(new EnqueueResult("tx-7", false));
        assertThat(q.enqueue("transaction-processing", "b", EnqueueOptions.dedupKey("req-7")))
                .isEqualTo(new EnqueueResult("tx-7", false));
        assertThat(q.enqueue("transaction-processing", "b", both)).isEqualTo(new EnqueueResult("tx-7", false));

        // The same through a dead letter deleted by an admin (the other path that forgets a job).
        EnqueueOptions dead = EnqueueOptions.jobId("tx-8").withDedupKey("req-8").withMaxRetries(0);
        q.enqueue("transaction-processing", "c", dead);
        q.fail(q.fetch("w").job(), "w", new IllegalStateException("boom"), false);
        assertThat(q.deadLetters().delete("tx-8")).isTrue();
        assertThat(q.enqueue("transaction-processing", "d", EnqueueOptions.jobId("tx-8")).created()).isFalse();
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));

        // Both entries end with the dedup window.
        Await.until("dedup window to end", () -> q.enqueue("transaction-processing", "e",
                EnqueueOptions.jobId("tx-7")).created());
        Await.until("dedup window to end", () -> q.enqueue("transaction-processing", "f",
                EnqueueOptions.dedupKey("req-7")).created());
    }

    /** Jackson quotes the offending value in its messages: a payload that fails to map must not reach Redis so. */
    @Test
    void aPayloadThatFailsToMapLeavesItsLocationNotItsContentsInTheJob() {
        RedisJobQueue q = queue(JobQueueOptions.builder("bad-payload"));
        start(q, job -> job.payload(q.mapper(), Transfer.class), workerOptions("mapper"));
        String id = q.enqueue("reporting", Map.of("reference", "r-1", "cents", "12,50 EUR secret-iban GB29"),
                EnqueueOptions.NONE.withMaxRetries(0)).id();

        Await.until("dead-lettered", () -> q.deadLetters().inspect(id).isPresent());
        Job dead = q.deadLetters().inspect(id).orElseThrow();
        assertThat(dead.lastError()).startsWith("InvalidFormatException: payload mapping failed at $.cents")
                .doesNotContain("secret-iban").doesNotContain("12,50");
        assertThat(dead.history()).singleElement().satisfies(a -> assertThat(a.error()).isEqualTo(dead.lastError()));
    }

    // ------------------------------------------------------------------ leases

    @Test
    void aLapsedLeaseSendsTheJobBackAndFencesTheOldAttempt() {
        RedisJobQueue q = queue(JobQueueOptions.builder("lease").leaseTime(Duration.ofMillis(300)).maxStalls(1));
        q.enqueue("transaction-processing", "x", EnqueueOptions.jobId("tx-1"));
        Job first = q.fetch("worker-a").job();
        assertThat(q.fetch("worker-b").hasJob()).isFalse();

        Job[] second = new Job[1];
        Await.until("stall recovery", () -> (second[0] = q.fetch("worker-b").job()) != null);
        assertThat(second[0].id()).isEqualTo("tx-1");
        assertThat(second[0].attempts()).isEqualTo(2);
        assertThat(second[0].stalls()).isEqualTo(1);
        assertThat(second[0].history()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("stalled");
            assertThat(a.worker()).isEqualTo("worker-a");
        });
        // The first attempt comes back late: its result must not settle the job now run by worker-b.
        assertThat(q.complete(first, "worker-a", false).outcome()).isEqualTo(Settlement.Outcome.LEASE_LOST);
        assertThat(q.renew(Map.of("tx-1", first.attempts()))).containsExactly("tx-1");

        // A second stall exceeds maxStalls 1: dead letter with that reason.
        Await.until("second stall", () -> q.maintain() >= 0 && q.counts().dead() == 1);
        assertThat(q.deadLetters().inspect("tx-1").orElseThrow().lastError()).contains("stalled 2 times");
    }

    @Test
    void aStalledJobNotYetRefetchedCanStillBeCompletedByItsAttempt() {
        RedisJobQueue q = queue(JobQueueOptions.builder("late").leaseTime(Duration.ofMillis(200)));
        q.enqueue("transaction-processing", "x", EnqueueOptions.jobId("tx-2"));
        Job first = q.fetch("worker-a").job();
        Await.until("lease lapse", () -> q.maintain() >= 0 && q.counts().waiting() == 1);
        assertThat(q.complete(first, "worker-a", false).outcome()).isEqualTo(Settlement.Outcome.COMPLETED);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
    }

    /** Lets the fetched job's lease lapse until worker-b's fetch moves it to the dead letters (max stalls 0). */
    static void awaitStallToDeadLetters(RedisJobQueue q) {
        Await.until("stall to the dead letters", () -> !q.fetch("worker-b").hasJob() && q.counts().dead() == 1);
    }

    @Test
    void aJobDeadLetteredForItsStallIsCompletedByTheLateAttemptAndNotRetriedAgain() {
        RedisJobQueue q = queue(JobQueueOptions.builder("late-dead").leaseTime(Duration.ofMillis(100)).maxStalls(0)
                .keepCompleted(10));
        q.enqueue("transaction-processing", "x", EnqueueOptions.jobId("tx-3"));
        Job first = q.fetch("worker-a").job();
        // worker-a's handler outlives its lease: worker-b's fetch moves the job to the dead letters (max stalls 0).
        awaitStallToDeadLetters(q);

        assertThat(q.complete(first, "worker-a", false).outcome()).isEqualTo(Settlement.Outcome.COMPLETED);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 1));
        Job done = q.job("tx-3").orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.history()).extracting(JobAttempt::outcome)
                .containsExactly("stalled", "completed late (after dead-lettered for stalls)");
        // The admin's retry finds nothing to run again, and a second settlement of the attempt changes nothing.
        assertThat(q.deadLetters().retryAll(null)).isZero();
        assertThat(q.fetch("worker-b").hasJob()).isFalse();
        assertThat(q.complete(first, "worker-a", false).outcome()).isEqualTo(Settlement.Outcome.LEASE_LOST);
    }

    /**
     * The same with a real worker: its connection hangs while the handler runs (no renewal gets through), another
     * worker's fetch dead-letters the job, then the handler finishes: the worker's completion must stick.
     */
    @Test
    void aWorkerWhoseJobWasDeadLetteredForItsStallStillCompletesIt() throws Exception {
        String name = "late-dead-worker";
        RedisJobQueue q = queue(JobQueueOptions.builder(name).leaseTime(Duration.ofMillis(200)).maxStalls(0)
                .keepCompleted(10));
        String id = q.enqueue("transaction-processing", "x").id();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        try (RemitRedisClient own = blockableClient()) {
            JobWorker a = JobWorker.start(RedisJobQueue.create(own, q.options()), job -> {
                runs.incrementAndGet();
                running.countDown();
                own.sync().blpop(20, gate(name)); // outlives its lease: the renewals wait behind this
            }, workerOptions("worker-a"));
            try {
                assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                Await.until("stall to the dead letters", () -> !q.fetch("worker-b").hasJob()
                        && q.deadLetters().inspect(id).isPresent());
                redis.sync().lpush(gate(name), "go".getBytes(StandardCharsets.UTF_8)); // the handler finishes
                Await.until("the late completion", () -> q.job(id).map(j -> j.state() == JobState.COMPLETED)
                        .orElse(false));
            } finally {
                a.stop(Duration.ofSeconds(5));
            }
        }
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 1));
        assertThat(q.deadLetters().retryAll(null)).isZero();
        assertThat(q.fetch("worker-b").hasJob()).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aDeadLetterRetriedAndFetchedAgainStaysFencedFromTheStalledAttempt() {
        RedisJobQueue q = queue(JobQueueOptions.builder("late-dead-fenced").leaseTime(Duration.ofMillis(100))
                .maxStalls(0));
        q.enqueue("transaction-processing", "x", EnqueueOptions.jobId("tx-4"));
        Job first = q.fetch("worker-a").job();
        awaitStallToDeadLetters(q);
        assertThat(q.deadLetters().retry("tx-4")).isTrue();
        Job second = q.fetch("worker-b").job();
        assertThat(second.attempts()).isEqualTo(first.attempts() + 1);

        assertThat(q.complete(first, "worker-a", false).outcome()).isEqualTo(Settlement.Outcome.LEASE_LOST);
        assertThat(q.job("tx-4").orElseThrow().state()).isEqualTo(JobState.ACTIVE);
    }

    @Test
    void aLateFailureOfTheStalledAttemptStaysDeadAndRecordsItsError() {
        RedisJobQueue q = queue(JobQueueOptions.builder("late-dead-fail").leaseTime(Duration.ofMillis(100))
                .maxStalls(0));
        q.enqueue("transaction-processing", "x", EnqueueOptions.jobId("tx-5"));
        Job first = q.fetch("worker-a").job();
        awaitStallToDeadLetters(q);

        assertThat(q.fail(first, "worker-a", new IllegalStateException("declined"), false).outcome())
                .isEqualTo(Settlement.Outcome.DEAD_LETTERED);
        Job dead = q.deadLetters().inspect("tx-5").orElseThrow();
        assertThat(dead.lastError()).contains("IllegalStateException");
        assertThat(dead.history()).extracting(JobAttempt::outcome)
                .containsExactly("stalled", "failed late (after dead-lettered for stalls)");
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 1, 0));
        // Recorded once: the attempt cannot settle the dead letter a second time.
        assertThat(q.complete(first, "worker-a", false).outcome()).isEqualTo(Settlement.Outcome.LEASE_LOST);
    }

    @Test
    void runningJobsKeepTheirLeaseLongerThanTheLeaseTime() {
        RedisJobQueue q = queue(JobQueueOptions.builder("renew").leaseTime(Duration.ofMillis(300)));
        AtomicInteger runs = new AtomicInteger();
        start(q, job -> {
            runs.incrementAndGet();
            Thread.sleep(1200);
        }, workerOptions("slow").withRenewInterval(Duration.ofMillis(80)));
        start(q, job -> runs.incrementAndGet(), workerOptions("thief"));
        String id = q.enqueue("reporting", "x").id();
        Await.until("completion", () -> runs.get() >= 1 && q.job(id).isEmpty());
        assertThat(runs).hasValue(1);
    }

    // ------------------------------------------------------------------ workers

    @Test
    void anIdleWorkerWakesOnEnqueueInsteadOfWaitingOutItsIdleTimeout() throws Exception {
        RedisJobQueue q = queue(JobQueueOptions.builder("wake"));
        CountDownLatch ran = new CountDownLatch(1);
        start(q, job -> ran.countDown(), workerOptions("idle").withMaxIdleWait(Duration.ofSeconds(60)));
        Await.until("worker blocked", () -> true);
        Thread.sleep(300); // let it reach BZPOPMIN; the assertion below holds regardless, it just tests the wake path
        q.enqueue("notification", "x");
        // With a 60 s idle wait, only the wake-up marker can start the job this soon.
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void manyJobsOnSeveralThreadsAllCompleteOnce() {
        RedisJobQueue q = queue(JobQueueOptions.builder("bulk"));
        assertEveryOfManyJobsRunsOnce(q, workerOptions("bulk").withConcurrency(4));
    }

    @Test
    void gracefulShutdownLetsRunningJobsFinish() throws Exception {
        RedisJobQueue q = queue(JobQueueOptions.builder("graceful"));
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger finished = new AtomicInteger();
        JobWorker w = JobWorker.start(q, job -> {
            started.countDown();
            Thread.sleep(400);
            finished.incrementAndGet();
        }, workerOptions("graceful").withConcurrency(2));
        q.enqueue("reporting", 1);
        q.enqueue("reporting", 2);
        q.enqueue("reporting", 3);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.stop(Duration.ofSeconds(10));
        assertThat(finished).hasValue(2);
        // The two finished jobs are settled, the third was never fetched.
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 1, 0, 0, 0, 0));
    }

    /**
     * A stop that lands while a thread's complete-and-fetch-next is on its way: the reply brings the next job, which
     * the stopping thread must hand back at once, not leave active until its lease lapses (a stall). The worker's
     * connection is held by a BLPOP so that the stop surely lands in that round trip.
     */
    @Test
    void aJobFetchedWithTheLastCompletionBeforeStopIsHandedBackAtOnce() throws Exception {
        String name = "stop-mid-fetch";
        RedisJobQueue q = queue(JobQueueOptions.builder(name).leaseTime(Duration.ofSeconds(30)));
        String first = q.enqueue("reporting", 1).id();
        String second = q.enqueue("reporting", 2).id();
        List<String> ran = new CopyOnWriteArrayList<>();
        try (RemitRedisClient own = blockableClient()) {
            JobWorker w = JobWorker.start(RedisJobQueue.create(own, q.options()), job -> {
                ran.add(job.id());
                own.async().blpop(20, gate(name)); // holds the connection: the completion waits behind it
            }, workerOptions("stopping"));
            try {
                Await.until("the completion of the first job on its way", () -> completing(name));
                Thread stopper = new Thread(() -> w.stop(Duration.ofSeconds(10)));
                stopper.start();
                Await.until("stopping", () -> !w.isRunning());
                redis.sync().lpush(gate(name), "go".getBytes(StandardCharsets.UTF_8));
                stopper.join(15_000);
            } finally {
                w.stop(Duration.ofSeconds(5));
            }
        }
        assertThat(ran).containsExactly(first);
        assertThat(q.job(first)).isEmpty();
        // The second job came with the completion's reply after the stop: waiting again, no attempt, no stall.
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 1, 0, 0, 0, 0));
        assertThat(q.job(second)).get().satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.WAITING);
            assertThat(j.attempts()).isZero();
            assertThat(j.stalls()).isZero();
        });
    }

    /** Whether the worker thread of queue {@code name} waits in a complete-and-fetch-next round trip. */
    private static boolean completing(String name) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("remit-queue-" + name + "-0"))
                .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(
                        RedisJobQueue.class.getName()) && f.getMethodName().equals("complete")));
    }

    @Test
    void shutdownTimeoutLeavesUnfinishedJobsToLeaseRecovery() throws Exception {
        RedisJobQueue q = queue(JobQueueOptions.builder("abandon").leaseTime(Duration.ofMillis(500)));
        CountDownLatch started = new CountDownLatch(1);
        JobWorker w = JobWorker.start(q, job -> {
            started.countDown();
            Thread.sleep(30_000);
        }, workerOptions("stuck"));
        String id = q.enqueue("transaction-processing", "x").id();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.stop(Duration.ofMillis(100));
        assertThat(q.counts().active()).isEqualTo(1);

        List<String> rerun = new CopyOnWriteArrayList<>();
        start(q, job -> rerun.add(job.id()), workerOptions("rescuer"));
        Await.until("rerun after lease lapse", () -> rerun.contains(id) && q.job(id).isEmpty());
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
    }

    // ------------------------------------------------------------------ prefetch

    @Test
    void aFetchOfSeveralJobsTakesThemInPriorityOrderEachWithItsOwnLease() {
        RedisJobQueue q = queue(JobQueueOptions.builder("many"));
        enqueueMixedPriorities(q);

        FetchBatch first = q.fetch("w", 4);
        assertThat(first.jobs()).extracting(Job::id).containsExactly("high-1", "high-2", "high-3", "medium-1");
        assertThat(first.jobs()).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.ACTIVE);
            assertThat(j.attempts()).isEqualTo(1);
            assertThat(j.worker()).isEqualTo("w");
        });
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 2, 0, 4, 0, 0));
        FetchBatch second = q.fetch("w", 4);
        assertThat(second.jobs()).extracting(Job::id).containsExactly("low-1", "low-2");
        FetchBatch none = q.fetch("w", 4);
        assertThat(none.jobs()).isEmpty();
        assertThat(none.nextDueInMs()).isEqualTo(-1);

        for (Job j : first.jobs()) {
            assertThat(q.completeAsync(j, "w").toCompletableFuture().join()).isEqualTo(Settlement.Outcome.COMPLETED);
        }
        second.jobs().forEach(j -> q.complete(j, "w", false));
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aWeightedFetchOfSeveralJobsTakesTurnsAsSingleFetchesWould() {
        RedisJobQueue q = queue(JobQueueOptions.builder("weighted-many").weights(2, 1, 1));
        enqueueEightOfEachPriority(q);
        Map<JobPriority, Integer> taken = new ConcurrentHashMap<>();
        q.fetch("w", 8).jobs().forEach(j -> taken.merge(j.priority(), 1, Integer::sum));
        assertTwoOneOneTurns(taken);
    }

    @Test
    void aReleasedJobGoesBackToTheFrontWithItsAttemptUndoneAndNoStall() {
        RedisJobQueue q = queue(JobQueueOptions.builder("release"));
        for (int i = 1; i <= 3; i++) {
            q.enqueue("reporting", i, EnqueueOptions.jobId("r-" + i));
        }
        List<Job> taken = q.fetch("w", 2).jobs();
        assertThat(taken).extracting(Job::id).containsExactly("r-1", "r-2");
        // A wrong attempt (another worker's fencing token) is left alone.
        assertThat(q.release(Map.of("r-2", taken.get(1).attempts() + 1))).isZero();
        assertThat(q.release(Map.of("r-1", 1L, "r-2", 1L))).isEqualTo(2);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 3, 0, 0, 0, 0));
        assertThat(q.job("r-2")).get().satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.WAITING);
            assertThat(j.attempts()).isZero();
            assertThat(j.stalls()).isZero();
        });
        assertThat(q.fetch("w", 3).jobs()).extracting(Job::id).containsExactly("r-1", "r-2", "r-3");
    }

    @Test
    void aPrefetchingWorkerRunsEveryJobOnceHighPriorityFirst() {
        RedisJobQueue q = queue(JobQueueOptions.builder("prefetch"));
        List<String> lows = new ArrayList<>();
        List<String> highs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lows.add(q.enqueue("data-sync", i).id());
            highs.add(q.enqueue("notification", i).id());
        }
        List<String> order = new CopyOnWriteArrayList<>();
        JobWorker single = start(q, job -> order.add(job.id()), workerOptions("prefetch").withPrefetch(8));
        Await.until("all done", () -> order.size() == 60 && q.counts().equals(new QueueCounts(0, 0, 0, 0, 0, 0, 0)));
        assertThat(order.subList(0, 30)).containsExactlyElementsOf(highs);
        assertThat(order.subList(30, 60)).containsExactlyElementsOf(lows);
        single.stop(Duration.ofSeconds(5));

        assertEveryOfManyJobsRunsOnce(q, workerOptions("bulk").withConcurrency(4).withPrefetch(8));
    }

    @Test
    void stoppingAPrefetchingWorkerHandsBackTheJobsItHasNotStarted() throws Exception {
        RedisJobQueue q = queue(JobQueueOptions.builder("handback"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(q.enqueue("reporting", i).id());
        }
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        JobWorker w = JobWorker.start(q, job -> {
            ran.add(job.id());
            started.countDown();
            finish.await();
        }, workerOptions("handback").withPrefetch(5));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(q.counts().active()).isEqualTo(5);

        Thread stopper = new Thread(() -> w.stop(Duration.ofSeconds(10)));
        stopper.start();
        Await.until("stopping", () -> !w.isRunning());
        finish.countDown();
        stopper.join(15_000);

        // The running job finished and was completed; the four it had fetched behind it are waiting again, at the
        // front, as if never fetched: no attempt, no stall.
        assertThat(ran).containsExactly(ids.get(0));
        assertThat(q.job(ids.get(0))).isEmpty();
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 4, 0, 0, 0, 0));
        for (String id : ids.subList(1, 5)) {
            assertThat(q.job(id)).get().satisfies(j -> {
                assertThat(j.state()).isEqualTo(JobState.WAITING);
                assertThat(j.attempts()).isZero();
                assertThat(j.stalls()).isZero();
            });
        }
        List<String> rest = new CopyOnWriteArrayList<>();
        start(q, job -> rest.add(job.id()), workerOptions("next"));
        Await.until("the rest done", () -> rest.size() == 4);
        assertThat(rest).containsExactlyElementsOf(ids.subList(1, 5));
    }

    /**
     * A worker cut off from Redis (here: its connection blocked) while it runs the first of five prefetched jobs
     * loses all five leases; another worker recovers and runs them. When the first worker comes back, it must drop
     * the four it had not started instead of running them a second time.
     */
    @Test
    void aPrefetchedJobWhoseLeaseWasLostWhileItWaitedIsDroppedNotRunTwice() throws Exception {
        String name = "cut-off";
        RedisJobQueue q = queue(JobQueueOptions.builder(name).leaseTime(Duration.ofMillis(500)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(q.enqueue("reporting", i).id());
        }
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        CountDownLatch cutOff = new CountDownLatch(1);
        try (RemitRedisClient own = blockableClient()) {
            JobWorker a = JobWorker.start(RedisJobQueue.create(own, q.options()), job -> {
                runs.merge(job.id(), 1, Integer::sum);
                if (cutOff.getCount() > 0) {
                    cutOff.countDown();
                    own.sync().blpop(20, gate(name)); // the worker's connection hangs: no renewal gets through
                }
            }, workerOptions("cut-off").withPrefetch(5));
            try {
                assertThat(cutOff.await(10, TimeUnit.SECONDS)).isTrue();
                start(q, job -> runs.merge(job.id(), 1, Integer::sum), workerOptions("rescuer"));
                Await.until("the rescuer ran all five", () -> ids.stream().allMatch(runs::containsKey)
                        && q.counts().equals(new QueueCounts(0, 0, 0, 0, 0, 0, 0)));

                redis.sync().lpush(gate(name), "go".getBytes(StandardCharsets.UTF_8)); // the worker is back
                Await.until("the worker let go of its batch", () -> a.activeCount() == 0);
            } finally {
                a.stop(Duration.ofSeconds(5));
            }
        }
        // The first job was running when its lease lapsed: it ran twice, as documented. The four behind it ran once.
        assertThat(runs).containsEntry(ids.get(0), 2);
        for (String id : ids.subList(1, 5)) {
            assertThat(runs).as("runs of %s", id).containsEntry(id, 1);
        }
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aShutdownTimeoutStillHandsBackThePrefetchedJobsAndLeavesOnlyTheRunningOneToLeaseRecovery()
            throws Exception {
        RedisJobQueue q = queue(JobQueueOptions.builder("handback-timeout").leaseTime(Duration.ofSeconds(30)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(q.enqueue("reporting", i).id());
        }
        CountDownLatch started = new CountDownLatch(1);
        JobWorker w = JobWorker.start(q, job -> {
            started.countDown();
            Thread.sleep(30_000);
        }, workerOptions("stuck-prefetcher").withPrefetch(3));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.stop(Duration.ofMillis(100));

        // The stuck job keeps its 30 s lease; the two behind it are waiting again at once, not after 30 s.
        Await.until("hand-back", () -> q.counts().equals(new QueueCounts(0, 0, 2, 0, 1, 0, 0)));
        List<String> rest = new CopyOnWriteArrayList<>();
        start(q, job -> rest.add(job.id()), workerOptions("next"));
        Await.until("the rest done", () -> rest.size() == 2);
        assertThat(rest).containsExactlyElementsOf(ids.subList(1, 3));
    }
}
