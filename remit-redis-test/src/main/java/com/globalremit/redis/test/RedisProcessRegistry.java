package com.globalremit.redis.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every redis-server process this JVM starts, so a shutdown hook can kill them all: an interrupted
 * build (Ctrl-C, a surefire timeout) must not leave servers holding ports and temp directories. A JVM
 * killed with SIGKILL runs no hooks; its data directories ({@code remit-redis-*} under the system temp
 * directory) record the owning JVM's pid and the server's pid, and the next JVM that starts a server
 * sweeps those whose owner is gone ({@link #sweepOrphans}).
 */
public final class RedisProcessRegistry {

    private static final Map<Long, ProcessHandle> PROCESSES = new ConcurrentHashMap<>();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();
    /** In a data directory: the pid of the JVM that created it. */
    static final String OWNER_PID_FILE = "remit-owner.pid";
    /** In a data directory: the pid of the redis-server last started in it. */
    static final String SERVER_PID_FILE = "remit-server.pid";
    private static final String DIRECTORY_PREFIX = "remit-redis-";
    private static final java.util.concurrent.atomic.AtomicBoolean SWEPT = new java.util.concurrent.atomic.AtomicBoolean();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisProcessRegistry::killAll, "remit-redis-cleanup"));
    }

    private RedisProcessRegistry() {
    }

    /** Tracks a started process until {@link #unregister} or JVM exit. */
    public static void register(ProcessHandle process) {
        PROCESSES.put(process.pid(), process);
    }

    public static void unregister(ProcessHandle process) {
        PROCESSES.remove(process.pid());
    }

    /** Tracks a directory this module created, so it is deleted at JVM exit if nobody closed its owner. */
    public static void registerDirectory(Path directory) {
        DIRECTORIES.add(directory);
    }

    public static void unregisterDirectory(Path directory) {
        DIRECTORIES.remove(directory);
    }

    /** Records this JVM as the owner of a data directory it created, for {@link #sweepOrphans}. */
    static void recordOwner(Path directory) throws IOException {
        Files.writeString(directory.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    /** Records the server started in a directory this JVM owns, for {@link #sweepOrphans}. */
    static void recordServer(Path directory, long pid) throws IOException {
        Files.writeString(directory.resolve(SERVER_PID_FILE), Long.toString(pid));
    }

    /** Sweeps the system temp directory once per JVM; see {@link #sweepOrphans(Path)}. */
    static void sweepOrphansOnce() {
        if (SWEPT.compareAndSet(false, true)) {
            sweepOrphans(Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    /**
     * Cleans up after JVMs that died without running their shutdown hook (SIGKILL): every
     * {@code remit-redis-*} directory under {@code root} whose recorded owner pid is no longer alive has its
     * recorded server killed, but only if that pid still is a redis-server (the pid may have been reused),
     * and is then deleted. Directories without an owner record (not ours, or a kept data dir) are left alone.
     */
    static void sweepOrphans(Path root) {
        List<Path> candidates;
        try (Stream<Path> children = Files.list(root)) {
            candidates = children.filter(p -> p.getFileName().toString().startsWith(DIRECTORY_PREFIX))
                    .filter(p -> Files.isRegularFile(p.resolve(OWNER_PID_FILE)))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (Path directory : candidates) {
            long owner = readPid(directory.resolve(OWNER_PID_FILE));
            if (owner <= 0 || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            long server = readPid(directory.resolve(SERVER_PID_FILE));
            if (server > 0) {
                ProcessHandle.of(server).filter(ProcessHandle::isAlive).filter(RedisProcessRegistry::isRedisServer)
                        .ifPresent(process -> {
                            process.destroyForcibly();
                            try {
                                process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (Exception ignored) {
                                // Best effort: the directory is removed anyway.
                            }
                        });
            }
            deleteRecursively(directory);
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether a process is a redis-server (or sentinel): by the first word of /proc/pid/cmdline (redis sets
     * it to the path it was started as, e.g. {@code /usr/bin/redis-server 127.0.0.1:20001}), else by its
     * executable. The executable alone is not enough: Debian's redis-server is a link to redis-check-rdb.
     */
    static boolean isRedisServer(ProcessHandle process) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            if (isRedisServerName(cmdline.split("[\\u0000 ]", 2)[0])) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (macOS): fall back to what the JDK reports.
        }
        return isRedisServerName(process.info().command().orElse(""));
    }

    private static boolean isRedisServerName(String command) {
        String name = command.substring(command.lastIndexOf('/') + 1);
        return name.startsWith("redis-server") || name.startsWith("redis-sentinel");
    }

    /** The processes still tracked and alive; the self-tests use it to prove that close() leaves none. */
    public static List<ProcessHandle> liveProcesses() {
        return PROCESSES.values().stream().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Kills every tracked process with SIGKILL and deletes the tracked directories. SIGKILL because the
     * JVM is going away: a graceful shutdown could wait on a paused (SIGSTOPped) server or a replica.
     */
    public static void killAll() {
        for (ProcessHandle process : PROCESSES.values()) {
            process.destroyForcibly();
        }
        for (ProcessHandle process : PROCESSES.values()) {
            try {
                process.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Best effort at JVM exit: nothing else can be done about a process that will not die.
            }
        }
        PROCESSES.clear();
        DIRECTORIES.forEach(RedisProcessRegistry::deleteRecursively);
        DIRECTORIES.clear();
    }

    /** Deletes a directory tree, ignoring files that vanish meanwhile. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // A file still held open by a dying process; the OS temp cleaner will get it.
                }
            });
        } catch (IOException ignored) {
            // Same as above: leftovers in the temp directory are harmless.
        }
    }
}
