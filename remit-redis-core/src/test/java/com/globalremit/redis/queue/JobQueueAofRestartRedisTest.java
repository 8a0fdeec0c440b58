package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;

/** With AOF and appendfsync always, a Redis killed with SIGKILL and restarted still holds every job in every state. */
class JobQueueAofRestartRedisTest {

    @Test
    void queuedDelayedAndInFlightJobsSurviveARestart() {
        try (RedisServer server = RedisServer.builder().aof(true).config("appendfsync", "always").start();
                RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings
                        .standalone("redis://" + server.host() + ":" + server.port()).build())) {
            RedisJobQueue q = RedisJobQueue.create(redis, JobQueueOptions.builder("aof")
                    .leaseTime(Duration.ofMillis(1500)).build());
            q.enqueue("transaction-processing", "in-flight", EnqueueOptions.jobId("tx-active"));
            q.enqueue("compliance-check", "queued", EnqueueOptions.jobId("tx-waiting"));
            q.enqueue("reporting", "later", EnqueueOptions.jobId("tx-delayed").withDelay(Duration.ofSeconds(2)));
            q.enqueue("data-sync", "dedup", EnqueueOptions.dedupKey("client-key-1"));
            Job active = q.fetch("worker-before-crash").job();
            assertThat(active.id()).isEqualTo("tx-active");

            server.kill(); // SIGKILL: only what the AOF holds comes back
            server.restart();
            Await.until("reconnect", Duration.ofSeconds(20), () -> {
                try {
                    return q.counts() != null;
                } catch (RuntimeException e) {
                    return false;
                }
            });

            assertThat(q.counts()).isEqualTo(new QueueCounts(0, 1, 1, 1, 1, 0, 0));
            assertThat(q.job("tx-delayed")).get().extracting(Job::state).isEqualTo(JobState.DELAYED);
            assertThat(q.enqueue("data-sync", "dedup", EnqueueOptions.dedupKey("client-key-1")).created()).isFalse();

            // The in-flight job's lease lapses (its worker is gone): it is fetched again, intact.
            Job[] again = new Job[1];
            Await.until("lease recovery", () -> {
                FetchResult r = q.fetch("worker-after-crash");
                if (r.hasJob() && !r.job().id().equals("tx-active")) {
                    q.complete(r.job(), "worker-after-crash", false);
                    return false;
                }
                again[0] = r.job();
                return again[0] != null;
            });
            assertThat(again[0].payload()).isEqualTo("\"in-flight\"");
            assertThat(again[0].stalls()).isEqualTo(1);
            assertThat(again[0].attempts()).isEqualTo(2);
            // And the delayed job still comes due.
            Await.until("delayed job due", () -> q.maintain() >= 0 && q.counts().delayed() == 0);
        }
    }

    /**
     * A prefetching worker across a Redis crash and a second of downtime: the threads work through the jobs they
     * had fetched, their completions (sent without waiting) are refused while Redis is away and completed again
     * once it is back. Every job still runs and is completed, and the queue ends empty.
     */
    @Test
    void aPrefetchingWorkerFinishesEveryJobAcrossARedisCrash() throws InterruptedException {
        try (RedisServer server = RedisServer.builder().aof(true).config("appendfsync", "always").start();
                RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings
                        .standalone("redis://" + server.host() + ":" + server.port()).build())) {
            RedisJobQueue q = RedisJobQueue.create(redis, JobQueueOptions.builder("aof-prefetch")
                    .leaseTime(Duration.ofMillis(1500)).maxStalls(20).build());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ids.add(q.enqueue("transaction-processing", i).id());
            }
            Map<String, Integer> runs = new ConcurrentHashMap<>();
            JobWorker worker = JobWorker.start(q, job -> {
                runs.merge(job.id(), 1, Integer::sum);
                Thread.sleep(20);
            }, JobWorkerOptions.defaults().withWorkerId("prefetcher").withConcurrency(2).withPrefetch(4)
                    .withRenewInterval(Duration.ofMillis(300)).withMaxIdleWait(Duration.ofMillis(500)));
            try {
                Await.until("some done", () -> runs.size() >= 15);
                server.kill();
                Thread.sleep(1000);
                server.restart();
                Await.until("every job done", Duration.ofSeconds(60), () -> {
                    try {
                        return q.counts().equals(new QueueCounts(0, 0, 0, 0, 0, 0, 0));
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
            } finally {
                worker.stop(Duration.ofSeconds(10));
            }
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            long duplicates = runs.values().stream().mapToInt(Integer::intValue).sum() - ids.size();
            System.out.println("prefetching worker across a Redis crash: 60 jobs, " + duplicates + " ran twice");
        }
    }
}
