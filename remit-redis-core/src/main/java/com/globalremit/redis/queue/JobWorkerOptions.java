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
 * @param renewInterval how often the leases of running jobs are renewed (null = a third of the lease time)
 * @param shutdownTimeout how long {@link JobWorker#close()} lets running jobs finish before leaving them to lease
 *        recovery
 */
public record JobWorkerOptions(String workerId, int concurrency, Duration maxIdleWait, Duration renewInterval,
        Duration shutdownTimeout) {

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
    }

    public static JobWorkerOptions defaults() {
        return new JobWorkerOptions(defaultWorkerId(), 1, Duration.ofSeconds(5), null, Duration.ofSeconds(30));
    }

    public JobWorkerOptions withWorkerId(String id) {
        return new JobWorkerOptions(id, concurrency, maxIdleWait, renewInterval, shutdownTimeout);
    }

    public JobWorkerOptions withConcurrency(int n) {
        return new JobWorkerOptions(workerId, n, maxIdleWait, renewInterval, shutdownTimeout);
    }

    public JobWorkerOptions withMaxIdleWait(Duration d) {
        return new JobWorkerOptions(workerId, concurrency, d, renewInterval, shutdownTimeout);
    }

    public JobWorkerOptions withRenewInterval(Duration d) {
        return new JobWorkerOptions(workerId, concurrency, maxIdleWait, d, shutdownTimeout);
    }

    public JobWorkerOptions withShutdownTimeout(Duration d) {
        return new JobWorkerOptions(workerId, concurrency, maxIdleWait, renewInterval, d);
    }

    static String defaultWorkerId() {
        // RuntimeMXBean name is "pid@host": who ran an attempt, without personal data.
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
