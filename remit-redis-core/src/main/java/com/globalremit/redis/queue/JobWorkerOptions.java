package com.globalremit.redis.queue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Settings of a {@link JobWorker}.
 *
 * @param workerId recorded in each attempt's history (host, pid and a random part by default)
 * @param concurrency jobs run at the same time (one thread each)
 * @param maxIdleWait longest blocking wait of an idle thread before it looks again (new jobs wake it at once; this
 *        bounds how late it notices lapsed leases of dead workers)
 * @param renewInterval how often the leases of running jobs are renewed (null = a third of the lease time); must be
 *        shorter than the queue's lease time ({@link JobWorker} refuses it otherwise)
 * @param shutdownTimeout how long {@link JobWorker#close()} lets running jobs finish before leaving them to lease
 *        recovery
 * @param prefetch jobs each thread takes per fetch (default 1). Above 1 a thread fetches that many in one round
 *        trip, runs them one after another and records each completion without waiting for Redis: fewer round
 *        trips and thread wake-ups per job, for many short jobs. The price: a job fetched behind others waits for
 *        them (a high-priority job enqueued meanwhile waits for a thread's batch to finish), and a worker killed
 *        with jobs still fetched leaves them to lease recovery (they run later, counted as a stall, not twice).
 *        A graceful stop hands unstarted jobs straight back.
 */
public record JobWorkerOptions(String workerId, int concurrency, Duration maxIdleWait, Duration renewInterval,
        Duration shutdownTimeout, int prefetch) {

    /** Most jobs a thread may prefetch: a fetch of more would hold Redis's one thread for long. */
    public static final int MAX_PREFETCH = 100;

    public JobWorkerOptions {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, but was " + concurrency);
        }
        if (maxIdleWait == null || maxIdleWait.toMillis() < 10) {
            throw new IllegalArgumentException("maxIdleWait must be at least 10ms, but was " + maxIdleWait);
        }
        if (renewInterval != null && renewInterval.toMillis() < 10) {
            throw new IllegalArgumentException("renewInterval must be at least 10ms, but was " + renewInterval);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must be zero or positive, but was " + shutdownTimeout);
        }
        if (prefetch < 1 || prefetch > MAX_PREFETCH) {
            throw new IllegalArgumentException("prefetch must be between 1 and " + MAX_PREFETCH + ", but was "
                    + prefetch);
        }
    }

    public static JobWorkerOptions defaults() {
        return new JobWorkerOptions(defaultWorkerId(), 1, Duration.ofSeconds(5), null, Duration.ofSeconds(30), 1);
    }

    public JobWorkerOptions withWorkerId(String id) {
        return new JobWorkerOptions(id, concurrency, maxIdleWait, renewInterval, shutdownTimeout, prefetch);
    }

    public JobWorkerOptions withConcurrency(int n) {
        return new JobWorkerOptions(workerId, n, maxIdleWait, renewInterval, shutdownTimeout, prefetch);
    }

    public JobWorkerOptions withMaxIdleWait(Duration d) {
        return new JobWorkerOptions(workerId, concurrency, d, renewInterval, shutdownTimeout, prefetch);
    }

    public JobWorkerOptions withRenewInterval(Duration d) {
        return new JobWorkerOptions(workerId, concurrency, maxIdleWait, d, shutdownTimeout, prefetch);
    }

    public JobWorkerOptions withShutdownTimeout(Duration d) {
        return new JobWorkerOptions(workerId, concurrency, maxIdleWait, renewInterval, d, prefetch);
    }

    public JobWorkerOptions withPrefetch(int n) {
        return new JobWorkerOptions(workerId, concurrency, maxIdleWait, renewInterval, shutdownTimeout, n);
    }

    static String defaultWorkerId() {
        // RuntimeMXBean name is "pid@host": who ran an attempt, without personal data.
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
