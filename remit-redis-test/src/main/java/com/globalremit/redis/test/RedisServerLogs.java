package com.globalremit.redis.test;

/**
 * Carries the tail of the Redis logs, attached as a suppressed exception to a failed test's own
 * throwable, so the report shows what the servers saw without hiding the real failure.
 */
public final class RedisServerLogs extends RuntimeException {

    public RedisServerLogs(String logs) {
        // No stack trace: it would only point into the extension and bury the log text.
        super("Redis server logs at the time of the failure:\n" + logs, null, false, false);
    }
}
