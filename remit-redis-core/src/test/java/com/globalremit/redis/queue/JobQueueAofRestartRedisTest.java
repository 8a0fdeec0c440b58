package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
}
