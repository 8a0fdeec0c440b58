package com.globalremit.redis.cache;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

final class CacheTestSupport {

    record Profile(String id, String name, String kycStatus) { }

    private CacheTestSupport() {
    }

    static RemitRedisClient client(RedisServer server) {
        return RemitRedisClient.create(RedisConnectionSettings.standalone("redis://127.0.0.1:" + server.port())
                .commandTimeout(Duration.ofSeconds(5)).build());
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Calls per command since the last CONFIG RESETSTAT, without the INFO call itself. */
    static Map<String, Long> commandCalls(RedisCommands<String, String> redis) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + 6);
                long n = Long.parseLong(rest.substring(0, rest.indexOf(',')));
                if (!name.equals("info") && !name.startsWith("config")) {
                    calls.put(name, n);
                }
            }
        }
        return calls;
    }
}
