package com.globalremit.redis.autoconfigure.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.JobQueueListener;
import com.globalremit.redis.queue.QueueCounts;
import com.globalremit.redis.queue.RedisJobQueue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the job queues.
 *
 * <ul>
 * <li>{@code remit.queue.depth} (gauge; queue, state = high|medium|low|delayed|active|dead): read with one script per
 * queue at most once a second, however many gauges are scraped.</li>
 * <li>{@code remit.queue.jobs} (counter; queue, type, event = enqueued|completed|failed|retried|stalled|dead-lettered)</li>
 * <li>{@code remit.queue.processing} (timer; queue, type, outcome = completed|failed): handler time.</li>
 * <li>{@code remit.queue.dead.trimmed} (counter; queue): dead letters deleted by the size or age cap.</li>
 * </ul>
 */
public class RemitQueueMetrics implements MeterBinder, JobQueueListener {

    private static final long COUNTS_TTL_NANOS = Duration.ofSeconds(1).toNanos();

    private final JobQueue jobQueue;
    private final Map<String, CachedCounts> counts = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public RemitQueueMetrics(JobQueue jobQueue) {
        this.jobQueue = jobQueue;
        jobQueue.queues().forEach(q -> q.addListener(this));
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        for (RedisJobQueue q : jobQueue.queues()) {
            CachedCounts cached = counts.computeIfAbsent(q.name(), n -> new CachedCounts(q));
            gauge(meterRegistry, q, "high", cached, QueueCounts::high);
            gauge(meterRegistry, q, "medium", cached, QueueCounts::medium);
            gauge(meterRegistry, q, "low", cached, QueueCounts::low);
            gauge(meterRegistry, q, "delayed", cached, QueueCounts::delayed);
            gauge(meterRegistry, q, "active", cached, QueueCounts::active);
            gauge(meterRegistry, q, "dead", cached, QueueCounts::dead);
        }
    }

    private static void gauge(MeterRegistry r, RedisJobQueue q, String state, CachedCounts cached,
            ToLongFunction<QueueCounts> f) {
        Gauge.builder("remit.queue.depth", cached, c -> c.get(f)).tag("queue", q.name()).tag("state", state)
                .description("Jobs of the queue in this state").register(r);
    }

    @Override
    public void enqueued(String queue, String type) {
        count(queue, type, "enqueued");
    }

    @Override
    public void completed(String queue, String type, Duration processingTime) {
        count(queue, type, "completed");
        time(queue, type, "completed", processingTime);
    }

    @Override
    public void failed(String queue, String type, Duration processingTime) {
        count(queue, type, "failed");
        time(queue, type, "failed", processingTime);
    }

    @Override
    public void retried(String queue, String type) {
        count(queue, type, "retried");
    }

    @Override
    public void stalled(String queue, String type) {
        count(queue, type, "stalled");
    }

    @Override
    public void deadLettered(String queue, String type) {
        count(queue, type, "dead-lettered");
    }

    @Override
    public void deadLettersTrimmed(String queue, long count) {
        MeterRegistry r = registry;
        if (r != null) {
            r.counter("remit.queue.dead.trimmed", "queue", queue).increment(count);
        }
    }

    private void count(String queue, String type, String event) {
        MeterRegistry r = registry;
        if (r != null) {
            r.counter("remit.queue.jobs", "queue", queue, "type", type, "event", event).increment();
        }
    }

    private void time(String queue, String type, String outcome, Duration d) {
        MeterRegistry r = registry;
        if (r != null) {
            Timer.builder("remit.queue.processing").tag("queue", queue).tag("type", type).tag("outcome", outcome)
                    .description("Time the job handler ran").register(r).record(d);
        }
    }

    /** One counts script per queue and second, shared by the six gauges; NaN while Redis is unreachable. */
    static final class CachedCounts {
        private final RedisJobQueue queue;
        private volatile QueueCounts value;
        private volatile long readAt;

        CachedCounts(RedisJobQueue queue) {
            this.queue = queue;
        }

        double get(ToLongFunction<QueueCounts> f) {
            long now = System.nanoTime();
            if (value == null || now - readAt > COUNTS_TTL_NANOS) {
                try {
                    value = queue.counts();
                } catch (RuntimeException e) {
                    value = null;
                }
                readAt = now;
            }
            QueueCounts v = value;
            return v == null ? Double.NaN : f.applyAsLong(v);
        }
    }
}
