package com.globalremit.redis.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour of a {@link RemitCache} beyond the per-type policies.
 *
 * @param stampedeProtection {@link StampedeProtection#LEASE} (default) or {@link StampedeProtection#LOCAL}
 * @param leaseTime how long a per-key lease is held at most; a load that takes longer is not written back
 * @param leaseWait how long an instance waits for another instance's load before loading itself
 * @param operationTimeout longest wait for one Redis call of the cache; a slower Redis counts as a failure and the
 *        loader's value is served (shorter than the connection's command timeout on purpose)
 * @param failureThreshold consecutive Redis failures that open the circuit
 * @param openDuration how long Redis is left alone once the circuit is open; then one probe call decides
 * @param failureLogInterval failures are logged at most once per interval, with their count
 * @param listenForInvalidations subscribe to the invalidation channel (needed for near caches to stay coherent)
 */
public record CacheOptions(StampedeProtection stampedeProtection, Duration leaseTime, Duration leaseWait,
        Duration operationTimeout, int failureThreshold, Duration openDuration, Duration failureLogInterval,
        boolean listenForInvalidations) {

    public static final CacheOptions DEFAULTS = builder().build();

    public CacheOptions {
        Objects.requireNonNull(stampedeProtection, "stampedeProtection");
        positive("leaseTime", leaseTime);
        positive("leaseWait", leaseWait);
        positive("operationTimeout", operationTimeout);
        positive("openDuration", openDuration);
        positive("failureLogInterval", failureLogInterval);
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
    }

    private static void positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private StampedeProtection stampedeProtection = StampedeProtection.LEASE;
        private Duration leaseTime = Duration.ofSeconds(10);
        private Duration leaseWait = Duration.ofSeconds(5);
        private Duration operationTimeout = Duration.ofMillis(500);
        private int failureThreshold = 3;
        private Duration openDuration = Duration.ofSeconds(5);
        private Duration failureLogInterval = Duration.ofMinutes(1);
        private boolean listenForInvalidations = true;

        public Builder stampedeProtection(StampedeProtection value) { this.stampedeProtection = value; return this; }
        public Builder leaseTime(Duration value) { this.leaseTime = value; return this; }
        public Builder leaseWait(Duration value) { this.leaseWait = value; return this; }
        public Builder operationTimeout(Duration value) { this.operationTimeout = value; return this; }
        public Builder failureThreshold(int value) { this.failureThreshold = value; return this; }
        public Builder openDuration(Duration value) { this.openDuration = value; return this; }
        public Builder failureLogInterval(Duration value) { this.failureLogInterval = value; return this; }
        public Builder listenForInvalidations(boolean value) { this.listenForInvalidations = value; return this; }

        public CacheOptions build() {
            return new CacheOptions(stampedeProtection, leaseTime, leaseWait, operationTimeout, failureThreshold,
                    openDuration, failureLogInterval, listenForInvalidations);
        }
    }
}
