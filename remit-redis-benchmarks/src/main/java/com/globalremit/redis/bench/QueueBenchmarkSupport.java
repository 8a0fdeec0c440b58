package com.globalremit.redis.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.api.RPriorityBlockingQueue;
import org.redisson.api.RedissonClient;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.queue.JobWorker;
import com.globalremit.redis.queue.JobWorkerOptions;
import com.globalremit.redis.queue.RedisJobQueue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What both queue benchmarks share: the two peers on one server ({@link QueuePeers}), commands counted on that
 * server, and client round trips told apart from commands inside scripts ({@link QueueRoundTrips}).
 */
abstract class QueueBenchmarkSupport extends RedisBenchmarkState {

    protected QueuePeers peers;
    protected RedisJobQueue remitQueue;
    protected RPriorityBlockingQueue<String> redissonQueue;
    private StatefulRedisConnection<String, String> target;

    @Override
    protected void prepare() {
        peers = QueuePeers.target(server.host(), server.port());
        target = peers.external() ? closeAfterTrial(client.connect(RedisURI.create(peers.host, peers.port)))
                : connection;
        RemitRedisClient remit = closeAfterTrial(peers.remitClient());
        remitQueue = QueuePeers.remitQueue(remit);
        RedissonClient redisson = peers.redissonClient();
        closeAfterTrial(redisson::shutdown);
        redissonQueue = QueuePeers.redissonQueue(redisson);
        cleanServer();
    }

    /** Empties the server between iterations, so every iteration starts from an empty queue. */
    protected final void cleanServer() {
        target.sync().flushall();
    }

    @Override
    protected RedisCommandCounter commandCounter() {
        return RedisCommandCounter.of(target);
    }

    /** {@code operation}, with the round trips of its {@code ops} calls printed after the last call. */
    protected final RedisCommandCounter.Operation withRoundTrips(String key, RedisCommandCounter.Operation operation) {
        long ops = Long.getLong(COUNT_OPS_PROPERTY, DEFAULT_COUNT_OPS);
        AtomicInteger calls = new AtomicInteger();
        QueueRoundTrips[] monitor = new QueueRoundTrips[1];
        return () -> {
            if (calls.getAndIncrement() == 0) {
                monitor[0] = QueueRoundTrips.start(peers.host, peers.port);
            }
            operation.run();
            if (calls.get() == ops) {
                System.out.println(monitor[0].finish().line(key, ops));
            }
        };
    }

    /**
     * Our worker with {@code threads} threads, each fetching {@code prefetch} jobs at a time, and a no-op handler
     * that counts completions down.
     */
    protected final JobWorker remitWorker(int threads, int prefetch, CountDownLatch done) {
        return new JobWorker(remitQueue, job -> done.countDown(), JobWorkerOptions.defaults()
                .withConcurrency(threads).withPrefetch(prefetch).withShutdownTimeout(Duration.ofSeconds(10)));
    }

    /**
     * Starts {@code threads} threads that take exactly {@code jobs} elements from Redisson's queue between them
     * (no-op handling; {@code poll()}, then the blocking {@code take()} only when the queue is empty), counting
     * {@code done} down; they end on their own.
     */
    protected final Thread[] startRedissonWorkers(int threads, int jobs, CountDownLatch done) {
        AtomicInteger budget = new AtomicInteger(jobs);
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                try {
                    while (budget.getAndDecrement() > 0) {
                        // take() alone waits on Redisson's timer between attempts (tens of ms per element even
                        // with a full queue): a worker that wants throughput polls first, as we do here.
                        if (redissonQueue.poll() == null) {
                            redissonQueue.take();
                        }
                        done.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "redisson-worker-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        return workers;
    }

    protected static void join(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
            if (t.isAlive()) {
                t.interrupt();
            }
        }
    }
}
