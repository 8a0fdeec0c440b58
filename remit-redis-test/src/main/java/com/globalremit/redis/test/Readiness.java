package com.globalremit.redis.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits until a freshly started server answers PING with PONG. */
final class Readiness {

    /** For {@code expectedPid}: the answering process cannot be identified (e.g. it runs in a container). */
    static final long ANY_PID = -1;

    private Readiness() {
    }

    /**
     * The port answered, but from another process than the one we started: another JVM's server took the
     * port between our free-port check and our server's bind, and ours is failing with "Address already in use".
     */
    static final class ForeignServer extends Await.Abort {
        ForeignServer(String reason) {
            super(reason);
        }
    }

    /**
     * Polls PING until PONG. "-LOADING" (AOF replay) counts as not ready yet. Fails fast, with the
     * diagnostics (log tail), as soon as {@code alive} reports that the process has exited. Unless
     * {@code expectedPid} is {@link #ANY_PID}, the PONG only counts if INFO server reports that pid as
     * process_id; another pid fails at once with a {@link ForeignServer} cause, so the caller can retry
     * on another port instead of using (and flushing) a server it does not own.
     */
    static void awaitPing(String host, int port, boolean tls, java.util.List<String> auth, Duration timeout,
                          long expectedPid, BooleanSupplier alive, Supplier<String> diagnostics) {
        Await.until(host + ":" + port + " to answer PING", timeout, () -> {
            if (!alive.getAsBoolean()) {
                throw new Await.Abort("the process exited during start-up");
            }
            try (RespClient client = RespClient.connect(host, port, tls, auth, 1000)) {
                if (!"PONG".equals(client.callString("PING"))) {
                    return false;
                }
                if (expectedPid == ANY_PID) {
                    return true;
                }
                long answering = processId(client.callString("INFO", "server"));
                if (answering != expectedPid) {
                    throw new ForeignServer(host + ":" + port + " is answered by process " + answering
                            + ", not by the started process " + expectedPid);
                }
                return true;
            }
        }, diagnostics);
    }

    /** The process_id field of an INFO server reply, or -1 if absent. */
    static long processId(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("process_id:")) {
                return Long.parseLong(line.substring("process_id:".length()).trim());
            }
        }
        return ANY_PID;
    }
}
