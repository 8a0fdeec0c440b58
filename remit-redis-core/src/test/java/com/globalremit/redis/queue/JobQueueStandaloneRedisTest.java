package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

@RemitRedis(topology = Topology.STANDALONE)
class JobQueueStandaloneRedisTest extends JobQueueContract {

    /**
     * Redis hands a wake-up signal to the longest-waiting BZPOPMIN. When that worker is told to stop just as it
     * gets the signal, it must pass the signal on: else the job waits for another idle worker's next poll (60 s
     * here). Several rounds, because the stopping worker sometimes fetches the job before it sees the stop.
     */
    @Test
    void aWorkerStoppingAsItIsWokenPassesTheWakeUpOnToAnotherIdleWorker() throws Exception {
        RedisJobQueue q = queue(JobQueueOptions.builder("handover"));
        JobWorkerOptions longIdle = workerOptions("w").withMaxIdleWait(Duration.ofSeconds(60));
        for (int round = 0; round < 5; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            JobWorker first = start(q, job -> ran.countDown(), longIdle.withWorkerId("first-" + round));
            awaitBlockedClients(1); // first in line for the signal
            JobWorker second = start(q, job -> ran.countDown(), longIdle.withWorkerId("second-" + round));
            awaitBlockedClients(2);

            q.enqueue("notification", round); // Redis pops the signal for the first worker...
            first.stop(Duration.ofSeconds(5)); // ...which is stopped at once

            assertThat(ran.await(10, TimeUnit.SECONDS)).as("job of round %d started", round).isTrue();
            second.stop(Duration.ofSeconds(5));
            awaitBlockedClients(0);
        }
    }

    /** A worker fetches every type of its queue; one it has no handler for fails, and ends in the dead letters. */
    @Test
    void aJobOfATypeWithoutAHandlerReachesTheDeadLettersWithTheReason() {
        RedisJobQueue q = queue(JobQueueOptions.builder("unhandled"));
        start(q, JobHandler.byType(Map.of("notification", job -> { })), workerOptions("notifications-only"));
        String id = q.enqueue("reporting", "x", EnqueueOptions.NONE.withMaxRetries(0)).id();

        Await.until("dead-lettered", () -> q.deadLetters().inspect(id).isPresent());
        Job dead = q.deadLetters().inspect(id).orElseThrow();
        assertThat(dead.lastError()).isEqualTo("IllegalStateException: No handler for job type 'reporting'");
        assertThat(dead.history()).singleElement()
                .satisfies(a -> assertThat(a.error()).isEqualTo(dead.lastError()));
    }

    /** A renewal interval not shorter than the lease lets every lease lapse before its first renewal. */
    @Test
    void aRenewIntervalNotShorterThanTheLeaseIsRejected() {
        RedisJobQueue q = queue(JobQueueOptions.builder("renew-check").leaseTime(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> new JobWorker(q, job -> { }, workerOptions("w").withRenewInterval(
                Duration.ofSeconds(60)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("renewInterval must be shorter than the lease time of queue 'renew-check' (PT30S),"
                        + " but was PT1M");
        assertThatThrownBy(() -> new JobWorker(q, job -> { }, workerOptions("w").withRenewInterval(
                Duration.ofSeconds(30)))).isInstanceOf(IllegalArgumentException.class);
        new JobWorker(q, job -> { }, workerOptions("w").withRenewInterval(Duration.ofSeconds(10))); // fine
    }

    private void awaitBlockedClients(int n) {
        Await.until(n + " blocked client(s)", () -> redis.sync().info("clients").contains("blocked_clients:" + n + "\r"));
    }
}
