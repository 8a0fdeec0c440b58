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
 * killed with SIGKILL runs no hooks; such leftovers are recognisable by their data directories, which
 * are all named {@code remit-redis-*} under the system temp directory.
 */
public final class RedisProcessRegistry {

    private static final Map<Long, ProcessHandle> PROCESSES = new ConcurrentHashMap<>();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

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
