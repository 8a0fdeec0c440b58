package com.globalremit.redis.test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone Redis in a Docker container via Testcontainers. The only class that links against
 * Testcontainers; {@link ContainerMode} loads it reflectively so the dependency stays optional.
 */
final class ContainerServerBackend implements ServerBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerServerBackend.class);
    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;
    private final String image;
    private volatile boolean paused;

    private ContainerServerBackend(GenericContainer<?> container, String image) {
        this.container = container;
        this.image = image;
    }

    /** Called reflectively by {@link ContainerMode#start}. */
    static ServerBackend start(ServerSpec spec, String image) {
        rejectUnsupported(spec);
        if (spec.port() != 0) {
            LOG.warn("container mode maps Redis to a random host port; the requested port {} is ignored", spec.port());
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(REDIS_PORT)
                .withCommand(command(spec).toArray(String[]::new));
        container.start();
        ContainerServerBackend backend = new ContainerServerBackend(container, image);
        try {
            Readiness.awaitPing(backend.host(), backend.port(), false, spec.controlAuth(), spec.startTimeout(),
                    Readiness.ANY_PID, container::isRunning, () -> backend.logTail(40));
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        return backend;
    }

    private static void rejectUnsupported(ServerSpec spec) {
        if (AclTestMode.enabled()) {
            throw new UnsupportedOperationException("-D" + AclTestMode.PROPERTY + " is not supported in container "
                    + "mode; run without -D" + ContainerMode.MODE_PROPERTY + "=container.");
        }
        if (spec.tls() || spec.sentinel() || spec.replicaOfHost() != null || spec.dataDir() != null) {
            throw new UnsupportedOperationException("TLS, replication, sentinel and a host data directory are not "
                    + "supported in container mode; run without -D" + ContainerMode.MODE_PROPERTY + "=container.");
        }
    }

    /** The server's settings as command-line directives, since there is no config file to mount. */
    private static List<String> command(ServerSpec spec) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--appendonly", spec.aof() ? "yes" : "no"));
        if (!spec.aof()) {
            command.addAll(List.of("--save", ""));
        }
        if (spec.hasPassword()) {
            command.addAll(List.of("--requirepass", spec.password()));
        }
        for (ServerSpec.AclUser user : spec.aclUsers()) {
            command.addAll(List.of("--user", user.name(), "on", ">" + user.password()));
            command.addAll(List.of(user.rules().trim().split("\\s+")));
        }
        for (ServerSpec.Directive directive : spec.directives()) {
            command.add("--" + directive.key());
            command.addAll(List.of(directive.value().trim().split("\\s+")));
        }
        return command;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(REDIS_PORT);
    }

    @Override
    public long pid() {
        throw unsupported("pid()");
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void kill() {
        throw unsupported("kill()");
    }

    @Override
    public void restart() {
        throw unsupported("restart()");
    }

    /** docker pause freezes the processes like SIGSTOP does. */
    @Override
    public void pause() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
        paused = true;
    }

    @Override
    public void resume() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
        paused = false;
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public Path dataDir() {
        throw unsupported("dataDir()");
    }

    @Override
    public Path logFile() {
        throw unsupported("logFile()");
    }

    @Override
    public String logTail(int lines) {
        return LogFiles.lastLines(container.getLogs(), lines);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String origin() {
        return "container " + image;
    }

    private static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(operation + " is not supported in container mode (-D"
                + ContainerMode.MODE_PROPERTY + "=container): the server runs inside Docker, not as a local process. "
                + "Run the test with a local redis-server for fault injection.");
    }
}
