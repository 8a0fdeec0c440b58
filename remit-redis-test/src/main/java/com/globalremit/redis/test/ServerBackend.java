package com.globalremit.redis.test;

import java.nio.file.Path;

/**
 * What runs a {@link RedisServer}: a local redis-server process or a container. Operations a backend
 * cannot perform throw {@link UnsupportedOperationException} saying why.
 */
interface ServerBackend {

    String host();

    int port();

    long pid();

    boolean isRunning();

    /** Graceful shutdown; a no-op if already stopped. */
    void stop();

    /** SIGKILL: no AOF flush, no goodbye to clients or replicas. */
    void kill();

    /** Starts again on the same port with the same data directory. */
    void restart();

    /** SIGSTOP: the process keeps its sockets open but answers nothing. */
    void pause();

    /** SIGCONT after {@link #pause()}. */
    void resume();

    boolean isPaused();

    Path dataDir();

    Path logFile();

    String logTail(int lines);

    /** Stops and removes what the backend created (data directory, container). */
    void close();

    /** How the process came to be, for logs: binary and source, or container image. */
    String origin();
}
