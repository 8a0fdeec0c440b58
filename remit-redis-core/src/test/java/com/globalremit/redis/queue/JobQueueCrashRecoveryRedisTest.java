package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

/**
 * Workers in separate JVMs are killed with SIGKILL while they process 1000 jobs: no job may be lost and every job
 * must complete. Duplicate runs (a job whose worker died after running it but before settling) are counted and
 * reported; at-least-once delivery allows them.
 */
@RemitRedis(topology = Topology.STANDALONE)
class JobQueueCrashRecoveryRedisTest {

    private static final int JOBS = 1000;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killWorkers() {
        processes.forEach(Process::destroyForcibly);
    }

    /** Prefetch 4: each kill also strands jobs fetched but not started, and completions sent but not confirmed. */
    @ParameterizedTest(name = "prefetch {0}")
    @ValueSource(ints = {1, 4})
    void killedWorkersLoseNoJob(int prefetch, RedisServer server) throws Exception {
        String queueName = "crash-" + prefetch;
        String uri = "redis://" + server.host() + ":" + server.port();
        try (RemitRedisClient redis = RemitRedisClient.create(RedisConnectionSettings.standalone(uri).build())) {
            RedisJobQueue queue = RedisJobQueue.create(redis, CrashTestWorkerMain.options(queueName));
            for (int i = 0; i < JOBS; i++) {
                queue.enqueueAsync("transaction-processing", Map.of("n", i), EnqueueOptions.jobId("job-" + i));
            }
            Await.until("all enqueued", () -> queue.counts().waiting() == JOBS);

            Process a = startWorker(uri, queueName, prefetch, "worker-a");
            Process b = startWorker(uri, queueName, prefetch, "worker-b");
            int kills = 0;
            // Kill a worker at three points of progress, then let the survivors finish. The points are absolute:
            // "100 more than now" could not be reached once the survivor had nearly drained the queue while the
            // replacement JVM started (seen on a loaded CI machine: 845 done, the next kill waited for 946 when the
            // survivor had already run past it).
            long[] killAt = {JOBS / 4, JOBS / 2, 3 * JOBS / 4};
            for (int round = 0; round < 3; round++) {
                long target = killAt[round];
                Await.until("progress to " + target, Duration.ofSeconds(30),
                        () -> queue.counts().completed() >= target);
                System.out.println("counts " + queue.counts());
                Process victim = round % 2 == 0 ? a : b;
                long active = queue.counts().active();
                victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, nothing settled
                kills++;
                System.out.println("killed " + (round % 2 == 0 ? "a" : "b") + " with " + active + " jobs in flight");
                Process replacement = startWorker(uri, queueName, prefetch, "worker-r" + round);
                if (round % 2 == 0) {
                    a = replacement;
                } else {
                    b = replacement;
                }
            }
            Await.until("all completed", Duration.ofSeconds(60), () -> queue.counts().completed() == JOBS);

            QueueCounts counts = queue.counts();
            assertThat(counts).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, JOBS));
            Map<String, String> runs = redis.syncStrings().hgetall(CrashTestWorkerMain.runsKey(queueName));
            assertThat(runs).hasSize(JOBS);
            for (int i = 0; i < JOBS; i++) {
                assertThat(queue.job("job-" + i)).get().extracting(Job::state).isEqualTo(JobState.COMPLETED);
            }
            long totalRuns = runs.values().stream().mapToLong(Long::parseLong).sum();
            long duplicates = totalRuns - JOBS;
            long stalledJobs = 0;
            for (int i = 0; i < JOBS; i++) {
                stalledJobs += queue.job("job-" + i).orElseThrow().stalls() > 0 ? 1 : 0;
            }
            System.out.printf("crash recovery (prefetch %d): %d jobs, %d SIGKILLs, %d jobs stalled,"
                    + " %d duplicate runs (%.2f%%)%n", prefetch,
                    JOBS, kills, stalledJobs, duplicates, 100.0 * duplicates / JOBS);
            assertThat(stalledJobs).as("the kills hit running jobs").isPositive();
            // A duplicate needs a stalled job, and each kill hits at most the 4 jobs its JVM was running.
            assertThat(duplicates).isLessThanOrEqualTo(stalledJobs);
        }
    }

    private Process startWorker(String uri, String queue, int prefetch, String id) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashTestWorkerMain.class.getName(), uri, queue, id,
                String.valueOf(prefetch));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = out.readLine()) != null && !line.contains("READY")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker " + id + " did not start");
            }
        }
        if (line == null) {
            throw new AssertionError("worker " + id + " exited before READY");
        }
        // Keep draining its output so the worker never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("[" + id + "] " + l)),
                "drain-" + id);
        drain.setDaemon(true);
        drain.start();
        return p;
    }
}
