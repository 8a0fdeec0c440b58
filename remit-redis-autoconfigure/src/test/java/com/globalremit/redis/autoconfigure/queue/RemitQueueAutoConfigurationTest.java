package com.globalremit.redis.autoconfigure.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.queue.BackoffPolicy;
import com.globalremit.redis.queue.EnqueueOptions;
import com.globalremit.redis.queue.Job;
import com.globalremit.redis.queue.JobPriority;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.JobState;
import com.globalremit.redis.queue.QueueCounts;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

@RemitRedis
class RemitQueueAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitQueueAutoConfiguration.class));

    record Transfer(String reference, long cents) {
    }

    static class TransferHandlers {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @RemitJobHandler("transaction-processing")
        void process(Transfer transfer, Job job) {
            seen.add(transfer.reference() + "/" + job.type() + "/" + job.attempts());
        }

        @RemitJobHandler("compliance-check")
        void check(Job job) {
            throw new IllegalStateException("sanctions list unavailable");
        }
    }

    static class ReportHandler implements JobTypeHandler<Map<String, Object>> {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String jobType() {
            return "reporting";
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        @Override
        public Class<Map<String, Object>> payloadType() {
            return (Class) Map.class;
        }

        @Override
        public void handle(Map<String, Object> payload, Job job) {
            seen.add(payload.get("month") + "@" + Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        TransferHandlers transferHandlers() {
            return new TransferHandlers();
        }

        @Bean
        ReportHandler reportHandler() {
            return new ReportHandler();
        }
    }

    private String[] props(RedisServer server, String... more) {
        String[] base = {"remit.redis.url=redis://127.0.0.1:" + server.port(),
                "remit.redis.queue.types.compliance-check.max-retries=1",
                "remit.redis.queue.types.compliance-check.backoff=fixed",
                "remit.redis.queue.types.compliance-check.backoff-delay=50ms",
                "remit.redis.queue.types.reporting.concurrency=2",
                "remit.redis.queue.queues.jobs.max-idle-wait=1s"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void handlersRunFromAnnotatedMethodsAndBeansAndFailuresReachTheEndpoint(RedisServer server) {
        runner.withPropertyValues(props(server, "remit.redis.queue.queues.reporting.prefetch=4"))
                .withUserConfiguration(Handlers.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JobQueue.class).hasSingleBean(RemitQueueEndpoint.class);
            JobQueue jobs = context.getBean(JobQueue.class);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBean(RemitQueueMetrics.class).bindTo(meters);

            // Per-type concurrency gives reporting a queue of its own.
            assertThat(jobs.queueFor("reporting").name()).isEqualTo("reporting");
            assertThat(jobs.queueFor("transaction-processing").name()).isEqualTo("jobs");
            assertThat(context.getBean(JobWorkersLifecycle.class).workers())
                    .anySatisfy(w -> {
                        assertThat(w.queue().name()).isEqualTo("reporting");
                        assertThat(w.options().concurrency()).isEqualTo(2);
                        assertThat(w.options().prefetch()).isEqualTo(4);
                    })
                    .anySatisfy(w -> {
                        assertThat(w.queue().name()).isEqualTo("jobs");
                        assertThat(w.options().prefetch()).isEqualTo(1);
                    });
            assertThat(jobs.defaultQueue().options().type("compliance-check").backoff())
                    .isEqualTo(BackoffPolicy.fixed(Duration.ofMillis(50)));
            assertThat(jobs.defaultQueue().options().type("transaction-processing").priority())
                    .isEqualTo(JobPriority.HIGH);

            jobs.enqueue("transaction-processing", new Transfer("TX-7", 100), EnqueueOptions.jobId("tx-7"));
            jobs.enqueue("reporting", Map.of("month", "2026-11"));
            String failing = jobs.enqueue("compliance-check", new Transfer("TX-8", 5)).id();

            TransferHandlers transfers = context.getBean(TransferHandlers.class);
            ReportHandler reports = context.getBean(ReportHandler.class);
            await(() -> transfers.seen.size() == 1 && reports.seen.size() == 1);
            assertThat(transfers.seen).containsExactly("TX-7/transaction-processing/1");
            assertThat(reports.seen.get(0)).startsWith("2026-11@remit-queue-reporting-");

            RemitQueueEndpoint endpoint = context.getBean(RemitQueueEndpoint.class);
            await(() -> endpoint.queues().get("jobs").dead() == 1);
            var page = endpoint.deadLetters("jobs", null, null, "compliance-check");
            assertThat(page.total()).isEqualTo(1);
            Job dead = page.jobs().get(0);
            assertThat(dead.id()).isEqualTo(failing);
            assertThat(dead.history()).hasSize(2);
            assertThat(dead.lastError()).isEqualTo("IllegalStateException: sanctions list unavailable");
            assertThat(endpoint.job("jobs", failing).state()).isEqualTo(JobState.DEAD);

            assertThat(endpoint.retry("jobs", failing, "retry")).containsEntry("retried", true);
            await(() -> endpoint.queues().get("jobs").dead() == 1
                    && endpoint.job("jobs", failing).retryCount() == 1
                    && endpoint.job("jobs", failing).state() == JobState.DEAD);
            assertThat(endpoint.delete("jobs", failing)).containsEntry("deleted", true);
            assertThat(endpoint.queues().get("jobs")).isEqualTo(new QueueCounts(0, 0, 0, 0, 0, 0, 0));

            assertThat(meters.counter("remit.queue.jobs", "queue", "jobs", "type", "transaction-processing", "event",
                    "completed").count()).isEqualTo(1);
            assertThat(meters.counter("remit.queue.jobs", "queue", "jobs", "type", "compliance-check", "event",
                    "dead-lettered").count()).isEqualTo(2);
            assertThat(meters.counter("remit.queue.jobs", "queue", "jobs", "type", "compliance-check", "event",
                    "retried").count()).isEqualTo(2);
            assertThat(meters.get("remit.queue.processing").tag("type", "reporting").timer().count()).isEqualTo(1);
            assertThat(meters.get("remit.queue.depth").tag("queue", "jobs").tag("state", "dead").gauge().value())
                    .isZero();
        });
    }

    @Test
    void workersStopWithTheContext(RedisServer server) {
        JobQueue[] seen = new JobQueue[1];
        runner.withPropertyValues(props(server)).withUserConfiguration(Handlers.class).run(context -> {
            seen[0] = context.getBean(JobQueue.class);
            assertThat(context.getBean(JobWorkersLifecycle.class).isRunning()).isTrue();
        });
        // The context (and its client) is closed: a fresh client sees the job left waiting, not taken by a worker.
        try (RemitRedisClient client = RemitRedisClient.create(com.globalremit.redis.connection.RedisConnectionSettings
                .standalone("redis://127.0.0.1:" + server.port()).build())) {
            var queue = com.globalremit.redis.queue.RedisJobQueue.create(client,
                    seen[0].defaultQueue().options());
            queue.enqueue("transaction-processing", new Transfer("TX-9", 1));
            assertThat(queue.counts().waiting()).isEqualTo(1);
        }
    }

    @Test
    void onlyEnqueuesWhenWorkersAreOff(RedisServer server) {
        runner.withPropertyValues(props(server, "remit.redis.queue.workers-enabled=false"))
                .withUserConfiguration(Handlers.class).run(context -> {
                    assertThat(context).hasSingleBean(JobQueue.class).doesNotHaveBean(JobWorkersLifecycle.class);
                });
    }

    @Test
    void deadLettersDeletedByTheCapAreCounted(RedisServer server) {
        runner.withPropertyValues(props(server, "remit.redis.queue.workers-enabled=false",
                "remit.redis.queue.queues.trim.dead-letter-max-size=1", "remit.redis.queue.types.audit.queue=trim"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JobQueue jobs = context.getBean(JobQueue.class);
                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    context.getBean(RemitQueueMetrics.class).bindTo(meters);
                    var queue = jobs.queueFor("audit");
                    for (int i = 0; i < 3; i++) {
                        jobs.enqueue("audit", i, EnqueueOptions.jobId("audit-" + i).withMaxRetries(0));
                        queue.fail(queue.fetch("w").job(), "w", new IllegalStateException("boom"), false);
                    }
                    assertThat(meters.get("remit.queue.dead.trimmed").tag("queue", "trim").counter().count())
                            .isEqualTo(2.0);
                });
    }

    @Test
    void badSettingsNameTheProperty(RedisServer server) {
        runner.withPropertyValues(props(server, "remit.redis.queue.types.notification.max-retries=-1"))
                .run(context -> assertThat(propertyError(context.getStartupFailure()).getName())
                        .isEqualTo("remit.redis.queue.types.notification.max-retries"));
        runner.withPropertyValues(props(server, "remit.redis.queue.queues.jobs.weights=1,2"))
                .run(context -> assertThat(propertyError(context.getStartupFailure()).getName())
                        .isEqualTo("remit.redis.queue.queues.jobs.weights"));
        runner.withPropertyValues(props(server, "remit.redis.queue.queues.jobs.lease-time=0s"))
                .run(context -> assertThat(propertyError(context.getStartupFailure()).getName())
                        .isEqualTo("remit.redis.queue.queues.jobs.lease-time"));
        // Positive, but too short to be renewed in time: every job would stall.
        runner.withPropertyValues(props(server, "remit.redis.queue.queues.jobs.lease-time=10ms"))
                .run(context -> assertThat(propertyError(context.getStartupFailure()))
                        .satisfies(e -> assertThat(e.getName()).isEqualTo("remit.redis.queue.queues.jobs.lease-time"))
                        .satisfies(e -> assertThat(e.getValue()).isEqualTo(Duration.ofMillis(10))));
        // A bad queue name is reported under the property that set it, with the value.
        runner.withPropertyValues(props(server, "remit.redis.queue.types.audit.queue=bad name"))
                .run(context -> assertThat(propertyError(context.getStartupFailure()))
                        .satisfies(e -> assertThat(e.getName()).isEqualTo("remit.redis.queue.types.audit.queue"))
                        .satisfies(e -> assertThat(e.getValue()).isEqualTo("bad name")));
        runner.withPropertyValues(props(server, "remit.redis.queue.default-queue=bad name"))
                .run(context -> assertThat(propertyError(context.getStartupFailure()))
                        .satisfies(e -> assertThat(e.getName()).isEqualTo("remit.redis.queue.default-queue"))
                        .satisfies(e -> assertThat(e.getValue()).isEqualTo("bad name")));
        runner.withPropertyValues(props(server, "remit.redis.queue.queues.jobs.prefetch=0"))
                .withUserConfiguration(Handlers.class)
                .run(context -> assertThat(propertyError(context.getStartupFailure()))
                        .satisfies(e -> assertThat(e.getName()).isEqualTo("remit.redis.queue.queues.jobs.prefetch"))
                        .satisfies(e -> assertThat(e.getValue()).isEqualTo(0)));
    }

    @Test
    void evictionPolicyIsReadFromInfo(RedisServer server) {
        try (RemitRedisClient client = RemitRedisClient.create(com.globalremit.redis.connection.RedisConnectionSettings
                .standalone("redis://127.0.0.1:" + server.port()).build())) {
            assertThat(EvictionPolicyCheck.check(client).values()).containsOnly("noeviction");
            // CONFIG SET is the test's own doing, not the app's: as admin (the app user may not run it).
            io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(server.adminUri());
            try (var adminConnection = admin.connect()) {
                adminConnection.sync().configSet("maxmemory-policy", "allkeys-lru");
                try {
                    assertThat(EvictionPolicyCheck.check(client).values()).containsOnly("allkeys-lru");
                } finally {
                    adminConnection.sync().configSet("maxmemory-policy", "noeviction");
                }
            } finally {
                admin.shutdown();
            }
        }
        assertThat(EvictionPolicyCheck.parse("# Memory\r\nused_memory:1\r\n")).isEqualTo("unknown");
    }

    private static InvalidConfigurationPropertyValueException propertyError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException e) {
                return e;
            }
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in " + failure, failure);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
