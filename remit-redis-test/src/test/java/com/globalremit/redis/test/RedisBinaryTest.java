package com.globalremit.redis.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisBinaryTest {

    @Test
    void locatesARunnableBinary() {
        RedisBinary binary = RedisBinary.locate();
        assertThat(binary.path()).isExecutable();
        assertThat(binary.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(binary.source()).isIn(RedisBinary.SOURCE_ENV, RedisBinary.SOURCE_PATH, RedisBinary.SOURCE_BUNDLED);
    }

    @Test
    void systemPropertyForcesTheBundledBinaryWhichRuns() {
        System.setProperty(RedisBinary.BINARY_PROPERTY, "bundled");
        RedisBinary bundled;
        try {
            bundled = RedisBinary.locate();
        } finally {
            System.clearProperty(RedisBinary.BINARY_PROPERTY);
        }
        assertThat(bundled.source()).isEqualTo(RedisBinary.SOURCE_BUNDLED);
        assertThat(bundled.version()).startsWith("6.2.");
        assertThat(bundled.path().getFileName().toString()).startsWith("redis-server-6.2");
        try (RedisServer server = RedisServer.builder().binary(bundled).start()) {
            assertThat(server.call("PING")).isEqualTo("PONG");
            assertThat(server.infoField("server", "redis_version")).startsWith("6.2.");
        }
    }

    @Test
    void aMissingBinaryInTheEnvironmentVariableGivesOneClearMessage() {
        Map<String, String> env = Map.of(RedisBinary.ENV_VAR, "/nonexistent/redis-server", "PATH", "/usr/bin");
        assertThatThrownBy(() -> RedisBinary.locate(env, new Properties()))
                .isInstanceOf(RedisBinaryNotFoundException.class)
                .hasMessageContaining("REMIT_REDIS_SERVER=/nonexistent/redis-server")
                .hasMessageContaining("no such file")
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageContaining("brew install redis")
                .hasMessageContaining("-Dremit.redis.test=container");
    }

    @Test
    void anUnknownBinaryPropertyValueIsRejected() {
        Properties properties = new Properties();
        properties.setProperty(RedisBinary.BINARY_PROPERTY, "/usr/bin/redis-server");
        assertThatThrownBy(() -> RedisBinary.locate(Map.of(), properties))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bundled");
    }

    @Test
    void theEnvironmentVariableWinsOverThePath() {
        RedisBinary any = RedisBinary.locate();
        RedisBinary viaEnv = RedisBinary.locate(Map.of(RedisBinary.ENV_VAR, any.path().toString()), new Properties());
        assertThat(viaEnv.path()).isEqualTo(any.path());
        assertThat(viaEnv.source()).isEqualTo(RedisBinary.SOURCE_ENV);
    }

    @Test
    void withoutEnvironmentOrPathTheBundledBinaryIsUsed(@TempDir Path emptyDir) {
        RedisBinary binary = RedisBinary.locate(Map.of("PATH", emptyDir.toString()), new Properties());
        assertThat(binary.source()).isEqualTo(RedisBinary.SOURCE_BUNDLED);
    }

    @Test
    void tlsSupportIsDetectedFromTheBinary(@TempDir Path dir) throws IOException {
        Path fake = dir.resolve("redis-server");
        // A stand-in for a build without TLS: answers --version, rejects tls-port like such a build does.
        Files.writeString(fake, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo "Redis server v=9.9.9 sha=0:0 malloc=libc bits=64 build=0"; exit 0; fi
                echo "*** FATAL CONFIG FILE ERROR (Redis 9.9.9) ***"
                echo ">>> 'tls-port \\"1\\"'"
                echo "Bad directive or wrong number of arguments"
                exit 1
                """);
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        RedisBinary withoutTls = RedisBinary.of(fake);
        assertThat(withoutTls.version()).isEqualTo("9.9.9");
        assertThat(withoutTls.supportsTls()).isFalse();
        assertThatThrownBy(() -> RedisServer.builder().binary(withoutTls).tls(true).start())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("without TLS");
    }

    @Test
    void aFileThatIsNotRedisIsRejected(@TempDir Path dir) throws IOException {
        Path notRedis = dir.resolve("redis-server");
        Files.writeString(notRedis, "#!/bin/sh\necho hello\n");
        assertThat(notRedis.toFile().setExecutable(true)).isTrue();
        assertThatThrownBy(() -> RedisBinary.of(notRedis)).isInstanceOf(RedisBinaryNotFoundException.class);
    }

    @Test
    void platformsMapToTheBundledBinaryNames() {
        assertThat(BundledRedisBinary.platformSuffix("Linux", "amd64")).contains("linux-amd64");
        assertThat(BundledRedisBinary.platformSuffix("Linux", "aarch64")).contains("linux-arm64");
        assertThat(BundledRedisBinary.platformSuffix("Mac OS X", "x86_64")).contains("darwin-amd64");
        assertThat(BundledRedisBinary.platformSuffix("Mac OS X", "aarch64")).contains("darwin-arm64");
        assertThat(BundledRedisBinary.platformSuffix("Windows 11", "amd64")).isEqualTo(Optional.empty());
    }
}
