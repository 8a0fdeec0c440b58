package com.globalremit.redis.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Leftovers of a JVM killed with SIGKILL (no shutdown hook) are cleaned up by the next JVM's sweep. */
class OrphanSweepTest {

    @Test
    void aDirectoryWhoseOwnerIsDeadLosesItsServerAndIsDeleted(@TempDir Path root) throws Exception {
        long deadOwner = deadPid();
        try (RedisServer server = RedisServer.builder().binary(RedisBinary.locate()).start()) {
            Path orphan = Files.createDirectory(root.resolve("remit-redis-orphan"));
            Files.writeString(orphan.resolve(RedisProcessRegistry.OWNER_PID_FILE), Long.toString(deadOwner));
            Files.writeString(orphan.resolve(RedisProcessRegistry.SERVER_PID_FILE), Long.toString(server.pid()));
            Files.writeString(orphan.resolve("dump.rdb"), "data");

            RedisProcessRegistry.sweepOrphans(root);

            assertThat(orphan).doesNotExist();
            assertThat(TestProcesses.alive(server.pid())).isFalse();
        }
    }

    @Test
    void aLiveOwnersDirectoryIsKeptAndAPidThatIsNoLongerARedisServerIsNotKilled(@TempDir Path root)
            throws Exception {
        Path mine = Files.createDirectory(root.resolve("remit-redis-live"));
        Files.writeString(mine.resolve(RedisProcessRegistry.OWNER_PID_FILE),
                Long.toString(ProcessHandle.current().pid()));
        Process stranger = new ProcessBuilder("sleep", "30").start();
        try {
            Path orphan = Files.createDirectory(root.resolve("remit-redis-reused"));
            Files.writeString(orphan.resolve(RedisProcessRegistry.OWNER_PID_FILE), Long.toString(deadPid()));
            // The recorded server pid has been reused by a process that is not a redis-server.
            Files.writeString(orphan.resolve(RedisProcessRegistry.SERVER_PID_FILE), Long.toString(stranger.pid()));

            RedisProcessRegistry.sweepOrphans(root);

            assertThat(mine).exists();
            assertThat(orphan).doesNotExist();
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aStartedServerRecordsItsOwnerAndPidInItsDataDirectory() throws Exception {
        try (RedisServer server = RedisServer.builder().binary(RedisBinary.locate()).start()) {
            assertThat(Files.readString(server.dataDir().resolve(RedisProcessRegistry.OWNER_PID_FILE)))
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(Files.readString(server.dataDir().resolve(RedisProcessRegistry.SERVER_PID_FILE)))
                    .isEqualTo(Long.toString(server.pid()));
        }
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }
}
