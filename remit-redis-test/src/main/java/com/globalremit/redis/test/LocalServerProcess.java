package com.globalremit.redis.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** A redis-server (or sentinel) running as a child process of this JVM. */
final class LocalServerProcess implements ServerBackend {

    private static final String HOST = "127.0.0.1";
    private static final String PROCESS_OUTPUT = "process.out";
    static final String TLS_DIR = "tls";
    private static final int PORT_ATTEMPTS = 5;

    private final ServerSpec spec;
    private final RedisBinary binary;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Path configFile;
    /** Where automatic ports come from; the self-tests substitute a port that is already taken. */
    private final IntSupplier autoPorts;
    private volatile int port;
    private volatile Process process;
    private long lastPid = -1;
    private volatile boolean paused;

    private LocalServerProcess(ServerSpec spec, RedisBinary binary, Path dataDir, boolean ownsDataDir,
                               IntSupplier autoPorts) {
        this.spec = spec;
        this.autoPorts = autoPorts;
        this.binary = binary;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.configFile = dataDir.resolve(spec.sentinel() ? "sentinel.conf" : "redis.conf");
    }

    /**
     * Writes a fresh config into a fresh (or the given) directory and starts the process. With an
     * automatic port, a port taken between our check and the server's bind is retried with another.
     */
    static LocalServerProcess start(ServerSpec spec, RedisBinary binary) {
        return start(spec, binary, spec.clusterNode() ? FreePorts::forClusterNode : FreePorts::any);
    }

    /** {@link #start(ServerSpec, RedisBinary)} with automatic ports taken from {@code autoPorts}. */
    static LocalServerProcess start(ServerSpec spec, RedisBinary binary, IntSupplier autoPorts) {
        if (spec.tls() && !binary.supportsTls()) {
            throw new UnsupportedOperationException(binary + " was built without TLS support; install a build "
                    + "with TLS (e.g. the distribution's redis-server) or point " + RedisBinary.ENV_VAR + " at one.");
        }
        boolean owns = spec.dataDir() == null;
        if (owns) {
            RedisProcessRegistry.sweepOrphansOnce();
        }
        Path dir;
        try {
            dir = owns ? Files.createTempDirectory("remit-redis-") : Files.createDirectories(spec.dataDir());
            if (owns) {
                RedisProcessRegistry.recordOwner(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory", e);
        }
        if (owns) {
            RedisProcessRegistry.registerDirectory(dir);
        }
        LocalServerProcess server = new LocalServerProcess(spec, binary, dir, owns, autoPorts);
        try {
            server.firstStart();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void firstStart() {
        TlsMaterial tls = null;
        if (spec.tls()) {
            try {
                tls = TlsMaterial.generate(dataDir.resolve(TLS_DIR));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot generate TLS certificates", e);
            }
        }
        boolean autoPort = spec.port() == 0;
        for (int attempt = 1; ; attempt++) {
            port = autoPort ? autoPorts.getAsInt() : spec.port();
            try {
                // A retry must not mistake the previous attempt's "Address already in use" for its own.
                Files.deleteIfExists(logFile());
                Files.deleteIfExists(dataDir.resolve(PROCESS_OUTPUT));
                Files.writeString(configFile, RedisConfigFile.render(spec, port, dataDir, tls));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + configFile, e);
            }
            try {
                launchAndAwait();
                return;
            } catch (IllegalStateException e) {
                // Another JVM's server on the port may answer our PING before ours gives up binding it.
                boolean portTaken = e.getCause() instanceof Readiness.ForeignServer
                        || logTail(50).contains("Address already in use");
                if (!autoPort || !portTaken || attempt >= PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void launchAndAwait() {
        List<String> command = new ArrayList<>(List.of(binary.path().toString(), configFile.toString()));
        if (spec.sentinel()) {
            command.add("--sentinel");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(dataDir.resolve(PROCESS_OUTPUT).toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
        try {
            // redis-server never reads stdin; close our end so the pipe does not linger.
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Nothing depends on it.
        }
        lastPid = process.pid();
        paused = false;
        RedisProcessRegistry.register(process.toHandle());
        if (ownsDataDir) {
            try {
                RedisProcessRegistry.recordServer(dataDir, lastPid);
            } catch (IOException e) {
                forceKill();
                throw new UncheckedIOException("cannot record the server pid in " + dataDir, e);
            }
        }
        try {
            Readiness.awaitPing(HOST, port, spec.tls(), spec.controlAuth(),
                    spec.startTimeout(), lastPid, process::isAlive, () -> describe() + "\n" + logTail(40));
        } catch (IllegalStateException e) {
            forceKill();
            throw e;
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return lastPid;
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public boolean isPaused() {
        return paused && isRunning();
    }

    /**
     * SHUTDOWN NOSAVE (plus NOW on Redis 7+, so a master does not wait up to 10 s for a lagging
     * replica); the AOF, if enabled, is still flushed. Sentinels get SIGTERM. Escalates to SIGTERM and
     * then SIGKILL if the process does not exit, so stop() always returns with the process gone.
     */
    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        if (paused) {
            resume();
        }
        if (spec.sentinel()) {
            process.destroy();
        } else {
            requestShutdown();
        }
        if (!awaitExit(5)) {
            process.destroy();
            if (!awaitExit(3)) {
                forceKill();
            }
        }
        RedisProcessRegistry.unregister(process.toHandle());
    }

    private void requestShutdown() {
        try (RespClient client = RespClient.connect(HOST, port, spec.tls(), spec.controlAuth(), 2000)) {
            if (binary.majorVersion() >= 7) {
                client.send("SHUTDOWN", "NOSAVE", "NOW");
            } else {
                client.send("SHUTDOWN", "NOSAVE");
            }
            // The server closes the connection when it exits; an error reply means it refused.
            client.read();
        } catch (IOException | RuntimeException e) {
            // Connection closed by the exiting server (the normal case) or refused: fall through to
            // the exit wait, which escalates to signals if the server is still there.
        }
    }

    @Override
    public synchronized void kill() {
        if (isRunning()) {
            forceKill();
        }
    }

    private void forceKill() {
        process.destroyForcibly();
        awaitExit(10);
        paused = false;
        RedisProcessRegistry.unregister(process.toHandle());
    }

    @Override
    public synchronized void restart() {
        stop();
        launchAndAwait();
    }

    @Override
    public synchronized void pause() {
        requireRunning("pause");
        signal("-STOP");
        paused = true;
    }

    @Override
    public synchronized void resume() {
        requireRunning("resume");
        signal("-CONT");
        paused = false;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path logFile() {
        return dataDir.resolve(RedisConfigFile.LOG_FILE);
    }

    /**
     * The log file's tail, preceded by anything the process wrote to stdout/stderr: fatal config
     * errors are printed there before the log file is opened.
     */
    @Override
    public String logTail(int lines) {
        String console = LogFiles.tail(dataDir.resolve(PROCESS_OUTPUT), lines).strip();
        String log = LogFiles.tail(logFile(), lines);
        return console.isEmpty() ? log : "[stdout/stderr]\n" + console + "\n[" + RedisConfigFile.LOG_FILE + "]\n" + log;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            stop();
        }
        if (ownsDataDir) {
            RedisProcessRegistry.deleteRecursively(dataDir);
            RedisProcessRegistry.unregisterDirectory(dataDir);
        }
    }

    @Override
    public String origin() {
        return "redis-server " + binary.version() + " (" + binary.source() + ")";
    }

    private String describe() {
        return (spec.sentinel() ? "sentinel" : "redis-server") + " " + binary.version() + " (" + binary.source()
                + ", " + binary.path() + ") on " + HOST + ":" + port + ", data in " + dataDir;
    }

    private void requireRunning(String operation) {
        if (!isRunning()) {
            throw new IllegalStateException("cannot " + operation + " " + HOST + ":" + port + ": it is not running");
        }
    }

    private void signal(String signal) {
        CommandRunner.Result result = CommandRunner.run(List.of("kill", signal, Long.toString(process.pid())), 10);
        if (!result.succeeded()) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: " + result.output());
        }
    }

    private boolean awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
