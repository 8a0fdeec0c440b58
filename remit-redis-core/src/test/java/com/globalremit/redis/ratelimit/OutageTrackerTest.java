package com.globalremit.redis.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisConnectionException;

class OutageTrackerTest {

    private static final RedisConnectionException DOWN = new RedisConnectionException("down");

    @Test
    void anOutageIsCountedAndReportedOncePerIntervalThenItsRecoveryOnce() throws Exception {
        OutageTracker tracker = new OutageTracker(Duration.ofSeconds(1), Duration.ZERO, FailurePolicy.FAIL_OPEN);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    tracker.failure(DOWN);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        // 800 failures from 8 threads within far less than 1 s on any machine that is not stalled for it.
        assertThat(tracker.failures()).isEqualTo(800);
        assertThat(tracker.reports()).isBetween(1L, 2L);
        long before = tracker.reports();
        TimeUnit.MILLISECONDS.sleep(1100);
        tracker.failure(DOWN);
        tracker.failure(DOWN);
        assertThat(tracker.reports()).isEqualTo(before + 1);
        assertThat(tracker.isDown()).isTrue();

        tracker.success();
        tracker.success();
        assertThat(tracker.reports()).isEqualTo(before + 2);
        assertThat(tracker.isDown()).isFalse();
        // A new outage is reported at once, whatever the interval.
        tracker.failure(DOWN);
        assertThat(tracker.reports()).isEqualTo(before + 3);
    }

    @Test
    void theProbeGapSkipsRedisOnlyForItsLength() throws Exception {
        OutageTracker tracker = new OutageTracker(Duration.ofMinutes(1), Duration.ofMillis(200),
                FailurePolicy.FAIL_CLOSED);
        assertThat(tracker.skipRedis()).isFalse();
        tracker.failure(DOWN);
        assertThat(tracker.skipRedis()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tracker.skipRedis() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(tracker.skipRedis()).isFalse();
    }
}
