package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.resource.ClientResources;

/**
 * Outage behaviour. Bounds are generous (seconds) on purpose: they prove "bounded" and "not queued", not speed.
 * The extension resumes or restarts the server before the next test.
 */
@RemitRedis
class CommandTimeoutRedisTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration MARGIN = Duration.ofMillis(2500);

    private static ClientResources resources;

    @BeforeAll
    static void startResources() {
        resources = ClientResources.create();
    }

    @AfterAll
    static void stopResources() {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static RemitRedisClient connect(RedisServer server, Duration commandTimeout, int queueSize) {
        return RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .commandTimeout(commandTimeout).requestQueueSize(queueSize).build(), resources);
    }

    @Test
    void commandsOnAPausedServerTimeOutWithinTheBoundAndWorkAfterResume(RedisServer server) throws Exception {
        try (RemitRedisClient redis = connect(server, TIMEOUT, 100)) {
            redis.syncStrings().set("k", "before");
            server.pause();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> redis.syncStrings().get("k")).isInstanceOf(RedisCommandTimeoutException.class);
                assertThat(elapsedSince(start)).isLessThan(TIMEOUT.plus(MARGIN));

                // Async commands are bounded too (Lettuce would leave them waiting without TimeoutOptions).
                start = System.nanoTime();
                RedisFuture<String> future = redis.asyncStrings().get("k");
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RedisCommandTimeoutException.class);
                assertThat(elapsedSince(start)).isLessThan(TIMEOUT.plus(MARGIN));
            } finally {
                server.resume();
            }
            assertThat(redis.syncStrings().get("k")).isEqualTo("before");
            redis.syncStrings().set("k", "after");
            assertThat(redis.syncStrings().get("k")).isEqualTo("after");
        }
    }

    @Test
    void commandsWhileDisconnectedAreRejectedAtOnceNotQueued(RedisServer server) throws Exception {
        // A long command timeout: if commands were buffered they would wait this long, not fail at once.
        Duration longTimeout = Duration.ofSeconds(10);
        try (RemitRedisClient redis = connect(server, longTimeout, 100)) {
            // Every command below uses the connection that connection() observes (the byte[] one): the String
            // connection is a second socket whose disconnect and reconnect happen at their own moments.
            redis.sync().set("k", bytes("v"));
            server.stop();
            awaitTrue("the client to notice the disconnect", () -> !redis.connection().isOpen());

            long start = System.nanoTime();
            assertThatThrownBy(() -> redis.sync().get("k")).isInstanceOf(RedisException.class)
                    .isNotInstanceOf(RedisCommandTimeoutException.class)
                    .hasMessageContaining("not connected");
            RedisFuture<byte[]> future = redis.async().get("k");
            assertThat(future.toCompletableFuture()).isCompletedExceptionally();
            assertThat(elapsedSince(start)).isLessThan(MARGIN);

            server.restart();
            // An open socket is not yet a usable connection (the handshake may still run, and commands are
            // rejected meanwhile): wait for an answered PING, then a write and a read must both succeed.
            awaitTrue("the client to answer PING again", () -> answersPing(redis));
            redis.sync().set("k", bytes("again"));
            assertThat(redis.sync().get("k")).isEqualTo(bytes("again"));
        }
    }

    private static boolean answersPing(RemitRedisClient redis) {
        try {
            return "PONG".equals(redis.sync().ping());
        } catch (RedisException e) {
            return false;
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRequestQueueIsBounded(RedisServer server) throws Exception {
        try (RemitRedisClient redis = connect(server, Duration.ofSeconds(5), 5)) {
            assertThat(redis.syncStrings().ping()).isEqualTo("PONG"); // opens the String connection now
            server.pause();
            List<CompletableFuture<String>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    futures.add(redis.asyncStrings().get("k" + i).toCompletableFuture());
                }
                // Beyond the bound, commands fail immediately instead of piling up in memory. The bound is checked
                // on the caller's thread and again on the event loop, so a few more than 5 may get through; without
                // a bound all 200 would wait.
                long rejected = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
                assertThat(rejected).isGreaterThanOrEqualTo(150);
                Throwable cause = futures.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst()
                        .map(f -> catchCause(f)).orElseThrow();
                // Lettuce words the same bound two ways, depending on where it trips: "Request queue size exceeded"
                // when the endpoint buffers, "Internal stack size exceeded" when the command is already on the
                // event loop (which one wins is a race under load).
                assertThat(cause).isInstanceOf(RedisException.class)
                        .hasMessageMatching("(?s).*(queue size|stack size) exceeded.*");
            } finally {
                server.resume();
            }
            assertThat(redis.sync().ping()).isEqualTo("PONG");
        }
    }

    private static Throwable catchCause(CompletableFuture<?> future) {
        try {
            future.get(1, TimeUnit.SECONDS);
            throw new AssertionError("expected a failed future");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
