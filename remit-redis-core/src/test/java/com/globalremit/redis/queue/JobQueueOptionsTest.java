package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Pure logic: option checks. */
class JobQueueOptionsTest {

    /** Leases are renewed every third of the lease time, at most every 10 ms: a shorter lease always lapses. */
    @Test
    void aLeaseTooShortToBeRenewedIsRejectedWithItsValue() {
        assertThatThrownBy(() -> JobQueueOptions.builder("q").leaseTime(Duration.ofMillis(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be at least 100ms (it is renewed every third of it), but was PT0.01S");
        assertThatThrownBy(() -> JobQueueOptions.builder("q").leaseTime(Duration.ofMillis(99)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobQueueOptions.builder("q").leaseTime(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(JobQueueOptions.builder("q").leaseTime(Duration.ofMillis(100)).build().leaseTime())
                .isEqualTo(JobQueueOptions.MIN_LEASE_TIME);
    }
}
