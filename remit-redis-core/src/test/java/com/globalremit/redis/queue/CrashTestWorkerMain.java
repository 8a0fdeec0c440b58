package com.globalremit.redis.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;

/**
 * A worker JVM for {@link JobQueueCrashRecoveryRedisTest}: runs jobs until killed with SIGKILL. Each run is counted
 * in a Redis hash before the handler "works" for a few ms, so the test can count duplicate runs.
 *
 * <p>Arguments: redis URI, queue name, worker id, jobs each thread prefetches.
 */
public final class CrashTestWorkerMain {

    /** The hash counting the runs of each job of {@code queue}. */
    static String runsKey(String queue) {
        return "crash-test:" + queue + ":runs";
    }

    private CrashTestWorkerMain() {
    }

    public static JobQueueOptions options(String queue) {
        return JobQueueOptions.builder(queue).leaseTime(Duration.ofMillis(1000)).maxStalls(50).keepCompleted(5000)
                .build();
    }

    public static void main(String[] args) throws Exception {
        RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings.standalone(args[0]).build());
        RedisJobQueue queue = RedisJobQueue.create(redis, options(args[1]));
        JobWorker.start(queue, job -> {
            redis.syncStrings().hincrby(runsKey(args[1]), job.id(), 1);
            Thread.sleep(ThreadLocalRandom.current().nextInt(10, 40));
        }, JobWorkerOptions.defaults().withWorkerId(args[2]).withConcurrency(4)
                .withPrefetch(Integer.parseInt(args[3]))
                .withRenewInterval(Duration.ofMillis(250)).withMaxIdleWait(Duration.ofMillis(500)));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
