package com.globalremit.redis.test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls a condition until it holds, so start-up code waits on facts rather than on fixed sleeps. */
final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /**
     * Waits until {@code condition} returns true. Exceptions from the condition count as "not yet"
     * (a server that is still starting refuses connections); the last one is reported on timeout
     * together with {@code diagnostics}, e.g. the server log tail.
     */
    static void until(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Abort e) {
                throw new IllegalStateException(what + " failed: " + e.getMessage() + "\n" + diagnostics.get(), e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String cause = last == null ? "" : " (last error: " + last + ")";
                IllegalStateException failure = new IllegalStateException(
                        "Timed out after " + timeout.toMillis() + " ms waiting for " + what + cause
                                + "\n" + diagnostics.get());
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            sleep(POLL_MILLIS);
        }
    }

    /** Thrown by a condition that can never become true (e.g. the process died): stops waiting at once. */
    static class Abort extends RuntimeException {
        Abort(String reason) {
            super(reason);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
