package com.globalremit.redis.autoconfigure.session;

import java.util.concurrent.TimeUnit;

import com.globalremit.redis.session.ExpiryReason;
import com.globalremit.redis.session.SessionStoreListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Session metrics: {@code remit.session.created}, {@code remit.session.expired} (tag {@code reason}: idle,
 * absolute), {@code remit.session.invalidated}, {@code remit.session.decryption.failures} and the timer
 * {@code remit.session.touch} (tag {@code result}: hit, miss).
 */
public class MicrometerSessionStoreListener implements SessionStoreListener {

    private final Counter created;
    private final Counter expiredIdle;
    private final Counter expiredAbsolute;
    private final Counter invalidated;
    private final Counter decryptionFailures;
    private final Timer touchHit;
    private final Timer touchMiss;

    public MicrometerSessionStoreListener(MeterRegistry registry) {
        created = Counter.builder("remit.session.created").description("Sessions created").register(registry);
        expiredIdle = Counter.builder("remit.session.expired").tag("reason", "idle")
                .description("Requests that found their session past its deadline").register(registry);
        expiredAbsolute = Counter.builder("remit.session.expired").tag("reason", "absolute")
                .description("Requests that found their session past its deadline").register(registry);
        invalidated = Counter.builder("remit.session.invalidated").description("Sessions ended by log out")
                .register(registry);
        decryptionFailures = Counter.builder("remit.session.decryption.failures")
                .description("Sessions rejected because a value failed to decrypt").register(registry);
        touchHit = Timer.builder("remit.session.touch").tag("result", "hit")
                .description("Read-and-touch of a session").register(registry);
        touchMiss = Timer.builder("remit.session.touch").tag("result", "miss")
                .description("Read-and-touch of a session").register(registry);
    }

    @Override
    public void created() {
        created.increment();
    }

    @Override
    public void expired(ExpiryReason reason) {
        (reason == ExpiryReason.IDLE ? expiredIdle : expiredAbsolute).increment();
    }

    @Override
    public void invalidated(int count) {
        invalidated.increment(count);
    }

    @Override
    public void decryptionFailed() {
        decryptionFailures.increment();
    }

    @Override
    public void touched(long nanos, boolean found) {
        (found ? touchHit : touchMiss).record(nanos, TimeUnit.NANOSECONDS);
    }
}
