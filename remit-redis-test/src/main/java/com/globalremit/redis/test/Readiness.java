package com.globalremit.redis.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits until a freshly started server answers PING with PONG. */
final class Readiness {

    private Readiness() {
    }

    /**
     * Polls PING until PONG. "-LOADING" (AOF replay) counts as not ready yet. Fails fast, with the
     * diagnostics (log tail), as soon as {@code alive} reports that the process has exited.
     */
    static void awaitPing(String host, int port, boolean tls, java.util.List<String> auth, Duration timeout,
                          BooleanSupplier alive, Supplier<String> diagnostics) {
        Await.until(host + ":" + port + " to answer PING", timeout, () -> {
            if (!alive.getAsBoolean()) {
                throw new Await.Abort("the process exited during start-up");
            }
            try (RespClient client = RespClient.connect(host, port, tls, auth, 1000)) {
                return "PONG".equals(client.callString("PING"));
            }
        }, diagnostics);
    }
}
