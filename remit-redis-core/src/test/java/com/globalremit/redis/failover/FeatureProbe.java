package com.globalremit.redis.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Steady traffic of one feature on its own thread: an operation about every {@value #PAUSE_MILLIS} ms, each
 * recorded as answered-by-Redis or not (a degraded answer, e.g. a rate-limit decision taken locally, counts as not
 * answered). Two views of unavailability: the longest stretch between two answered operations (all keys down, as
 * behind Sentinel) and the failure window from the first to the last failed operation (a cluster loses only the
 * slots of the failed primary, so operations on other keys keep answering in between).
 */
final class FeatureProbe {

    static final long PAUSE_MILLIS = 5;

    private final String name;
    private final BooleanSupplier operation;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<long[]> outcomes = new ArrayList<>();
    private final Thread thread;
    private volatile String lastError = "";

    FeatureProbe(String name, BooleanSupplier operation) {
        this.name = name;
        this.operation = operation;
        this.thread = new Thread(this::run, "failover-probe-" + name);
        this.thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }

    private void run() {
        while (running.get()) {
            boolean ok;
            try {
                ok = operation.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false; // a timeout, a refused connection, READONLY...: unavailable, keep probing
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            synchronized (outcomes) {
                outcomes.add(new long[] {System.nanoTime(), ok ? 1 : 0});
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Longest time between two answered operations, in ms. */
    long longestGapMillis() {
        long previous = -1;
        long longest = 0;
        synchronized (outcomes) {
            for (long[] outcome : outcomes) {
                if (outcome[1] == 1) {
                    if (previous >= 0) {
                        longest = Math.max(longest, outcome[0] - previous);
                    }
                    previous = outcome[0];
                }
            }
        }
        return longest / 1_000_000;
    }

    /** From the first failed operation to the last one, in ms; 0 without failures. */
    long failureWindowMillis() {
        long first = -1;
        long last = -1;
        synchronized (outcomes) {
            for (long[] outcome : outcomes) {
                if (outcome[1] == 0) {
                    first = first < 0 ? outcome[0] : first;
                    last = outcome[0];
                }
            }
        }
        return first < 0 ? 0 : (last - first) / 1_000_000;
    }

    /** True once an operation after {@code nanoTime} was answered and none failed in the last {@code quietNanos}. */
    boolean recoveredSince(long nanoTime, long quietNanos) {
        long now = System.nanoTime();
        synchronized (outcomes) {
            boolean answered = false;
            for (long[] outcome : outcomes) {
                if (outcome[0] > nanoTime && outcome[1] == 1) {
                    answered = true;
                }
                if (outcome[1] == 0 && outcome[0] > now - quietNanos) {
                    return false;
                }
            }
            return answered && now - nanoTime > quietNanos;
        }
    }

    /** The last exception an operation threw, for the report; empty when none did. */
    String lastError() {
        return lastError;
    }

    long answered() {
        synchronized (outcomes) {
            return outcomes.stream().filter(o -> o[1] == 1).count();
        }
    }

    long failed() {
        synchronized (outcomes) {
            return outcomes.stream().filter(o -> o[1] == 0).count();
        }
    }

    /** Answered operations that completed after {@code nanoTime}. */
    long answeredAfter(long nanoTime) {
        synchronized (outcomes) {
            return outcomes.stream().filter(o -> o[1] == 1 && o[0] > nanoTime).count();
        }
    }
}
