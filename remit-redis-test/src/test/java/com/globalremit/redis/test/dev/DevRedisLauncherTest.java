package com.globalremit.redis.test.dev;

import com.globalremit.redis.test.RedisProcessRegistry;
import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class DevRedisLauncherTest {

    @AfterEach
    void stopLaunched() {
        DevRedisLauncher.stopAll();
    }

    @Test
    void reusesARedisThatIsAlreadyRunning() {
        try (RedisServer existing = RedisServer.builder().start()) {
            int before = RedisProcessRegistry.liveProcesses().size();
            RedisURI uri = DevRedisLauncher.ensureRunning("127.0.0.1", existing.port());
            assertThat(uri.getPort()).isEqualTo(existing.port());
            assertThat(RedisProcessRegistry.liveProcesses()).hasSize(before);
        }
    }

    @Test
    void startsRedisOnTheRequestedPortWhenNothingListens() throws IOException {
        int port = freePort();
        RedisURI uri = DevRedisLauncher.ensureRunning("127.0.0.1", port);
        assertThat(uri.getPort()).isEqualTo(port);
        assertThat(DevRedisLauncher.answersPing("127.0.0.1", port)).isTrue();

        DevRedisLauncher.stopAll();
        assertThat(DevRedisLauncher.answersPing("127.0.0.1", port)).isFalse();
    }

    @Test
    void startsRedisElsewhereWhenThePortIsTakenBySomethingElse() throws IOException {
        try (ServerSocket notRedis = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = notRedis.getLocalPort();
            RedisURI uri = DevRedisLauncher.ensureRunning("127.0.0.1", taken);
            assertThat(uri.getPort()).isNotEqualTo(taken);
            assertThat(DevRedisLauncher.answersPing(uri.getHost(), uri.getPort())).isTrue();
        }
    }

    private static int freePort() throws IOException {
        // Port 0 lets the OS choose; never assume the default Redis port is free.
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
