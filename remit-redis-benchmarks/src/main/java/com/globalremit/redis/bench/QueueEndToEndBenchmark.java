package com.globalremit.redis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import com.globalremit.redis.queue.EnqueueOptions;
import com.globalremit.redis.queue.JobWorker;
import com.globalremit.redis.queue.JobWorkerOptions;

/**
 * End-to-end jobs per second: a batch of {@value #BATCH} jobs is enqueued (not timed), then the timer runs from
 * starting the workers until the no-op handler has seen the last job; {@code workers} threads (1 and 8).
 *
 * <p>Single-shot mode, because the operation is a whole drained batch whose preparation (filling the queue) must
 * stay outside the timing: JMH's throughput mode would time the filling too or need a queue that never empties.
 * The score is microseconds per job ({@link OperationsPerInvocation}); jobs/s = 1,000,000 / score. Each iteration is
 * one batch, so the run's iterations are the batches measured.
 *
 * <p>Before the first measured batch, {@value #WARMUP_BATCHES} whole batches run untimed, on top of JMH's warm-up iterations: a single-shot iteration is one batch, and two
 * batches of 5000 jobs leave the JIT still compiling the worker's and Lettuce's paths, and a cold JVM beside a
 * warm V8 is not the comparison wanted. run-queue-comparison.sh gives BullMQ the same number of warm-up batches.
 *
 * <p>Commands are counted per job over a batch of {@code count-ops} jobs (enqueue, then drain by a fresh worker,
 * then stop it), so they include the fetch that finds the queue empty and the idle wait at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueEndToEndBenchmark extends QueueBenchmarkSupport {

    /** Jobs per batch; run-queue-comparison.sh gives BullMQ the same number. */
    public static final int BATCH = 5000;
    private static final int FILL_WINDOW = 100;
    /** Jobs per fetch of each thread in {@link #remitEndToEndPrefetch()} (the worker's default is 1). */
    public static final int PREFETCH = 8;
    /** Untimed batches before the first measured one; the comparison script passes the same to BullMQ. */
    public static final int WARMUP_BATCHES = 15;

    @Param({"1", "8"})
    public int workers;

    private CountDownLatch done;
    private JobWorker remitWorker;
    private Thread[] redissonWorkers = new Thread[0];
    private boolean warmedUp;

    @Setup(Level.Invocation)
    public void fill(BenchmarkParams params) throws Exception {
        String name = params.getBenchmark();
        boolean remit = name.contains(".remitEndToEnd");
        int prefetch = prefetchOf(name);
        if (!warmedUp) {
            warmUp(remit, prefetch);
            warmedUp = true;
        }
        done = new CountDownLatch(BATCH);
        if (remit) {
            remitFill(BATCH);
            remitWorker = remitWorker(workers, prefetch, done);
        } else {
            redissonFill(BATCH);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long remitEndToEnd() throws InterruptedException {
        remitWorker.start();
        done.await();
        return done.getCount();
    }

    /**
     * The same with {@link JobWorkerOptions#prefetch()} = {@value #PREFETCH}: each thread fetches that many jobs in one
     * round trip and sends completions without waiting. Opt-in (see docs/job-queue.md for what it trades).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long remitEndToEndPrefetch() throws InterruptedException {
        return remitEndToEnd();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long redissonEndToEnd() throws InterruptedException {
        redissonWorkers = startRedissonWorkers(workers, BATCH, done);
        done.await();
        return done.getCount();
    }

    @TearDown(Level.Invocation)
    public void stopWorkers() throws InterruptedException {
        if (remitWorker != null) {
            remitWorker.stop(Duration.ofSeconds(10));
            remitWorker = null;
        }
        join(redissonWorkers);
    }

    private static int prefetchOf(String benchmark) {
        return benchmark.endsWith("Prefetch") ? PREFETCH : 1;
    }

    private void warmUp(boolean remit, int prefetch) throws InterruptedException {
        for (int i = 0; i < WARMUP_BATCHES; i++) {
            if (remit) {
                remitFill(BATCH);
            } else {
                redissonFill(BATCH);
            }
            drain(BATCH, remit, prefetch);
        }
        cleanServer();
    }

    /**
     * Pipelined enqueue, {@value #FILL_WINDOW} in flight at a time (a whole batch at once would outlast the command
     * timeout on a loaded machine): the batch is there before the timer starts.
     */
    private void remitFill(int jobs) {
        for (int from = 0; from < jobs; from += FILL_WINDOW) {
            List<CompletableFuture<?>> pending = new ArrayList<>(FILL_WINDOW);
            for (int i = from; i < Math.min(jobs, from + FILL_WINDOW); i++) {
                pending.add(remitQueue.enqueueAsync(QueuePeers.TYPE, QueuePeers.PAYLOAD, EnqueueOptions.NONE)
                        .toCompletableFuture());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        }
    }

    private void redissonFill(int jobs) {
        for (int i = 0; i < jobs; i++) {
            redissonQueue.offer(peers.redissonElement());
        }
    }

    /** Each call enqueues one job; the last call drains them all with {@code workers} threads, then stops them. */
    @Override
    protected RedisCommandCounter.Operation countedOperation(String benchmarkMethod) {
        long ops = Long.getLong(COUNT_OPS_PROPERTY, DEFAULT_COUNT_OPS);
        boolean remit = benchmarkMethod.startsWith("remitEndToEnd");
        int prefetch = prefetchOf(benchmarkMethod);
        AtomicInteger calls = new AtomicInteger();
        RedisCommandCounter.Operation oneJob = () -> {
            if (remit) {
                remitQueue.enqueue(QueuePeers.TYPE, QueuePeers.PAYLOAD);
            } else {
                redissonQueue.offer(peers.redissonElement());
            }
            if (calls.incrementAndGet() == ops) {
                drain((int) ops, remit, prefetch);
            }
        };
        return withRoundTrips("QueueEndToEndBenchmark." + benchmarkMethod + "{workers=" + workers + "}",
                oneJob);
    }

    private void drain(int jobs, boolean remit, int prefetch) throws InterruptedException {
        CountDownLatch all = new CountDownLatch(jobs);
        if (remit) {
            JobWorker worker = remitWorker(workers, prefetch, all);
            worker.start();
            all.await();
            worker.stop(Duration.ofSeconds(10));
        } else {
            Thread[] threads = startRedissonWorkers(workers, jobs, all);
            all.await();
            join(threads);
        }
    }
}
