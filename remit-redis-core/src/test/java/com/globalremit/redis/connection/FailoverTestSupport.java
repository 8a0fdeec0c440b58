package com.globalremit.redis.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import com.globalremit.redis.test.RedisSentinelGroup;
import com.globalremit.redis.test.RedisServer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** What the failover tests share: the client's settings from the harness, admin commands on one node, waiting. */
final class FailoverTestSupport {

    private FailoverTestSupport() {
    }

    /** Settings for the sentinel group, with the harness's user (set under -Dremit.redis.test.acl=app). */
    static RedisConnectionSettings.Builder sentinelSettings(RedisSentinelGroup group) {
        return withUser(RedisConnectionSettings.sentinel(group.masterName(),
                group.sentinels().stream().map(s -> s.host() + ":" + s.port()).toArray(String[]::new)), group.uri());
    }

    /** Settings for {@code address}, with the user of the harness's {@code uri}. */
    static RedisConnectionSettings.Builder withUser(RedisConnectionSettings.Builder settings, RedisURI uri) {
        if (uri.getUsername() != null) {
            settings.username(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            settings.password(uri.getPassword());
        }
        return settings;
    }

    /** Runs {@code command} on {@code node} over an admin connection of its own. */
    static <T> T admin(RedisServer node, Function<RedisCommands<String, String>, T> command) {
        RedisClient admin = RedisClient.create(node.adminUri());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            return command.apply(connection.sync());
        } finally {
            admin.shutdown();
        }
    }

    /** {@code GET key} on {@code node}, over an admin connection. */
    static String adminGet(RedisServer node, String key) {
        return admin(node, c -> c.get(key));
    }

    /** Whether {@code write} went through (false on any Redis error, e.g. READONLY or a timeout). */
    static boolean writes(Runnable write) {
        try {
            write.run();
            return true;
        } catch (RedisException e) {
            return false;
        }
    }

    static void awaitTrue(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
