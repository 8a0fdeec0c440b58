package com.globalremit.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void aProbeThatIsNeverReportedExpiresAfterTheOpenDuration() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofMillis(100), Duration.ofMinutes(1));
        breaker.failure(new RuntimeException("down"));
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allowRequest()).as("open").isFalse();
        Thread.sleep(150);
        assertThat(breaker.allowRequest()).as("the probe").isTrue();
        assertThat(breaker.allowRequest()).as("one probe at a time").isFalse();
        // The probe's caller failed before sending anything (a bug, an exception of its own) and never reports.
        Thread.sleep(150);
        assertThat(breaker.allowRequest()).as("the lost probe expired: another call may probe").isTrue();
        assertThat(breaker.allowRequest()).isFalse();
        breaker.success();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void aFailedProbeOpensTheCircuitAgain() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofMillis(100), Duration.ofMinutes(1));
        breaker.failure(new RuntimeException("down"));
        Thread.sleep(150);
        assertThat(breaker.allowRequest()).isTrue();
        breaker.failure(new RuntimeException("still down"));
        assertThat(breaker.allowRequest()).isFalse();
        Thread.sleep(150);
        assertThat(breaker.allowRequest()).isTrue();
    }
}
