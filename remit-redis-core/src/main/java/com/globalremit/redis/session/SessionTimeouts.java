package com.globalremit.redis.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How long sessions live. Defaults are the design document's: idle 30 minutes, absolute 8 hours, remember-me
 * 7 days.
 *
 * <ul>
 * <li>{@code idle}: a session not used for this long ends.</li>
 * <li>{@code absolute}: a session ends this long after it was created, however active it is.</li>
 * <li>{@code rememberMe}: a session that turned remember-me on (at login) gets this as its idle timeout
 * <em>and</em> as its own absolute limit, counted from the moment remember-me was turned on. Remember-me
 * extends how long a session may sit unused; it never makes a session immortal: it still ends at its own
 * absolute deadline, however active.</li>
 * <li>{@code expiryGrace}: how long Redis keeps an expired session's key after the deadline the store enforces.
 * The store's script checks the deadlines itself with server time, so a session is never usable during the
 * grace; the grace only lets the store tell "expired (idle or absolute)" from "never existed" for metrics. Zero
 * turns that off.</li>
 * </ul>
 */
public record SessionTimeouts(Duration idle, Duration absolute, Duration rememberMe, Duration expiryGrace) {

    public static final SessionTimeouts DEFAULTS = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8),
            Duration.ofDays(7), Duration.ofMinutes(1));

    public SessionTimeouts {
        positive("idle", idle);
        positive("absolute", absolute);
        positive("rememberMe", rememberMe);
        Objects.requireNonNull(expiryGrace, "expiryGrace");
        if (expiryGrace.isNegative()) {
            throw new IllegalArgumentException("expiryGrace must not be negative, was " + expiryGrace);
        }
    }

    /** Idle and absolute with the default remember-me and grace. */
    public static SessionTimeouts of(Duration idle, Duration absolute) {
        return new SessionTimeouts(idle, absolute, DEFAULTS.rememberMe, DEFAULTS.expiryGrace);
    }

    public SessionTimeouts withRememberMe(Duration rememberMe) {
        return new SessionTimeouts(idle, absolute, rememberMe, expiryGrace);
    }

    public SessionTimeouts withExpiryGrace(Duration expiryGrace) {
        return new SessionTimeouts(idle, absolute, rememberMe, expiryGrace);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1ms, was " + value);
        }
    }
}
