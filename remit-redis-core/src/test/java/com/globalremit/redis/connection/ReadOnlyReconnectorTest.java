package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisCommandExecutionException;

class ReadOnlyReconnectorTest {

    @Test
    void recognisesReadOnlyRefusalsOfCommandsAndOfScriptsOnBothRedisVersions() {
        assertThat(ReadOnlyReconnector.isReadOnly(new RedisCommandExecutionException(
                "READONLY You can't write against a read only replica."))).isTrue();
        // Redis 7: the script's error keeps the code; Redis 6.2 wraps it in ERR.
        assertThat(ReadOnlyReconnector.isReadOnly(new RedisCommandExecutionException(
                "READONLY You can't write against a read only replica. script: 67f6, on @user_script:81."))).isTrue();
        assertThat(ReadOnlyReconnector.isReadOnly(new RedisCommandExecutionException("ERR Error running script "
                + "(call to f_67f6): @user_script:81: -READONLY You can't write against a read only replica."))).isTrue();
    }

    @Test
    void otherErrorsDoNotDropConnections() {
        assertThat(ReadOnlyReconnector.isReadOnly(new RedisCommandExecutionException("ERR wrong number of arguments")))
                .isFalse();
        assertThat(ReadOnlyReconnector.isReadOnly(new RedisCommandExecutionException("LOADING Redis is loading")))
                .isFalse();
        assertThat(ReadOnlyReconnector.isReadOnly(null)).isFalse();
    }

    @Test
    void dropsOnlyOnceCommandsHaveTimedOutForTheDeadConnectionTimeoutWithoutAReply() {
        ReadOnlyReconnector watchdog = new ReadOnlyReconnector("Redis h:1", "again", Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        assertThat(watchdog.timedOut(t0)).isFalse();
        assertThat(watchdog.timedOut(t0 + Duration.ofMillis(1900).toNanos())).isFalse();
        assertThat(watchdog.timedOut(t0 + Duration.ofMillis(2000).toNanos())).isTrue();
        // The silence starts again after a drop.
        assertThat(watchdog.timedOut(t0 + Duration.ofMillis(2100).toNanos())).isFalse();
    }

    @Test
    void aReplyInBetweenRestartsTheSilence() {
        ReadOnlyReconnector watchdog = new ReadOnlyReconnector("Redis h:1", "again", Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        watchdog.timedOut(t0);
        watchdog.answered();
        assertThat(watchdog.timedOut(t0 + Duration.ofSeconds(3).toNanos())).isFalse();
        assertThat(watchdog.timedOut(t0 + Duration.ofSeconds(4).toNanos())).isFalse();
        assertThat(watchdog.timedOut(t0 + Duration.ofSeconds(5).toNanos())).isTrue();
    }
}
