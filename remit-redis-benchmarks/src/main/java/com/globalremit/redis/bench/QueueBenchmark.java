package com.globalremit.redis.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.globalremit.redis.queue.EnqueueResult;

/**
 * Enqueue rate (jobs/s): ours beside Redisson's {@code RPriorityBlockingQueue}, one job per call, on one server.
 *
 * <ul>
 * <li>{@link #remitEnqueue()}: {@code RedisJobQueue.enqueue} (Jackson payload, one EVALSHA that writes the job hash,
 * the priority set and the wake-up marker);</li>
 * <li>{@link #redissonOffer()}: {@code RPriorityBlockingQueue.offer} of an element of the same payload.</li>
 * </ul>
 * The server is emptied before every iteration (a growing queue would slow Redisson's sorted insert). End-to-end
 * rates are in {@link QueueEndToEndBenchmark}; BullMQ's in {@code run-queue-comparison.sh}.
 */
@State(Scope.Benchmark)
public class QueueBenchmark extends QueueBenchmarkSupport {

    @Setup(Level.Iteration)
    public void emptyQueues() {
        cleanServer();
    }

    @Benchmark
    public EnqueueResult remitEnqueue() {
        return remitQueue.enqueue(QueuePeers.TYPE, QueuePeers.PAYLOAD);
    }

    @Benchmark
    public boolean redissonOffer() {
        return redissonQueue.offer(peers.redissonElement());
    }

    @Override
    protected RedisCommandCounter.Operation countedOperation(String benchmarkMethod) throws Exception {
        cleanServer();
        return withRoundTrips("QueueBenchmark." + benchmarkMethod,
                super.countedOperation(benchmarkMethod));
    }
}
