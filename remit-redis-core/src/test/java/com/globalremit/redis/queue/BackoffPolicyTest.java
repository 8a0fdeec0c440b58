package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    @Test
    void exponentialDoublesFromOneSecondUpToTenMinutes() {
        BackoffPolicy p = BackoffPolicy.exponential();
        assertThat(p.delayFor(0, () -> 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayFor(1, () -> 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayFor(2, () -> 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayFor(9, () -> 0)).isEqualTo(Duration.ofSeconds(512));
        assertThat(p.delayFor(10, () -> 0)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.delayFor(1000, () -> 0)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void fixedIsTheSameEveryTime() {
        BackoffPolicy p = BackoffPolicy.fixed(Duration.ofMillis(300));
        assertThat(p.delayFor(0, () -> 0)).isEqualTo(Duration.ofMillis(300));
        assertThat(p.delayFor(7, () -> 0)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void jitterSpreadsOverTheUpperHalf() {
        BackoffPolicy p = BackoffPolicy.exponential().withJitter();
        assertThat(p.delayFor(2, () -> 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayFor(2, () -> 1.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayFor(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void refusesBadSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> BackoffPolicy.fixed(Duration.ofMillis(-1)))
                .withMessageContaining("base");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackoffPolicy.exponential(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .withMessageContaining("max");
        assertThatIllegalArgumentException().isThrownBy(() -> BackoffPolicy.exponential().delayFor(-1, () -> 0));
    }

    @Test
    void documentTableIsTheDefault() {
        var types = JobType.defaults();
        assertThat(types.get("transaction-processing").priority()).isEqualTo(JobPriority.HIGH);
        assertThat(types.get("transaction-processing").maxRetries()).isEqualTo(3);
        assertThat(types.get("notification").backoff().kind()).isEqualTo(BackoffPolicy.Kind.FIXED);
        assertThat(types.get("compliance-check").priority()).isEqualTo(JobPriority.MEDIUM);
        assertThat(types.get("compliance-check").maxRetries()).isEqualTo(2);
        assertThat(types.get("reporting").priority()).isEqualTo(JobPriority.LOW);
        assertThat(types.get("reporting").maxRetries()).isEqualTo(1);
        assertThat(types.get("data-sync").maxRetries()).isEqualTo(2);
    }

    @Test
    void idsWithKeyBreakingCharactersAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.jobId("a:b")).withMessageContaining("jobId");
        assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.jobId("{x}"));
        assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.dedupKey("a*"));
        assertThat(EnqueueOptions.jobId("transfer-42.v1@EU").jobId()).isEqualTo("transfer-42.v1@EU");
    }
}
