package com.globalremit.redis.test;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.TestAbortedException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class LogAttachmentTest {

    @Test
    void aFailingTestCarriesTheServerLogAndTheServerIsStoppedAfterTheClass() {
        TestExecutionSummary summary = run(DeliberatelyFailing.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        List<TestExecutionSummary.Failure> failures = summary.getFailures();
        assertThat(failures).hasSize(1);
        Throwable failure = failures.get(0).getException();
        // The original failure is kept as it was ...
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("deliberate failure");
        // ... with the server log attached.
        assertThat(failure.getSuppressed()).hasSize(1);
        Throwable logs = failure.getSuppressed()[0];
        assertThat(logs).isInstanceOf(RedisServerLogs.class);
        assertThat(logs.getMessage())
                .contains("redis 127.0.0.1:" + DeliberatelyFailing.port)
                .contains("Ready to accept connections");

        assertThat(TestProcesses.alive(DeliberatelyFailing.pid)).isFalse();
    }

    @Test
    void assumptionFailuresGetNoLogs() {
        try (RedisServer server = RedisServer.builder().start()) {
            TestAbortedException aborted = new TestAbortedException("skip");
            assertThat(RemitRedisExtension.attachLogs(aborted, server)).isSameAs(aborted);
            assertThat(aborted.getSuppressed()).isEmpty();

            IllegalStateException failure = new IllegalStateException("boom");
            assertThat(RemitRedisExtension.attachLogs(failure, server)).isSameAs(failure);
            assertThat(failure.getSuppressed()[0].getMessage()).contains("Ready to accept connections");
        }
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    /** Run only through the launcher above: surefire skips nested classes, Jupiter skips static ones. */
    @RemitRedis
    static class DeliberatelyFailing {
        static volatile long pid;
        static volatile int port;

        @Test
        void passes(RedisServer server) {
            assertThat(server.isRunning()).isTrue();
        }

        @Test
        void fails(RedisServer server) {
            pid = server.pid();
            port = server.port();
            throw new AssertionError("deliberate failure");
        }
    }
}
