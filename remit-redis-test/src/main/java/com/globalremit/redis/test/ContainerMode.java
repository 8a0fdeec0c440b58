package com.globalremit.redis.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Decides whether servers run in a container and starts them there. Testcontainers is an optional
 * dependency: it is only touched through reflection here and inside {@code ContainerServerBackend},
 * which is loaded only when container mode is actually used, so the module works without it.
 */
final class ContainerMode {

    static final String MODE_PROPERTY = "remit.redis.test";
    static final String IMAGE_PROPERTY = "remit.redis.test.image";
    static final String DEFAULT_IMAGE = "redis:7.4";

    private static final String FACTORY = "org.testcontainers.DockerClientFactory";
    private static final String BACKEND = "com.globalremit.redis.test.ContainerServerBackend";

    private ContainerMode() {
    }

    /** True when {@code -Dremit.redis.test=container} asks for containers. */
    static boolean requested() {
        return "container".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, "").trim());
    }

    static String image() {
        String image = System.getProperty(IMAGE_PROPERTY, "").trim();
        return image.isEmpty() ? DEFAULT_IMAGE : image;
    }

    static boolean testcontainersPresent() {
        try {
            Class.forName(FACTORY, false, ContainerMode.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether Testcontainers is on the classpath and finds a Docker engine. Never throws. */
    static boolean dockerAvailable() {
        if (!testcontainersPresent()) {
            return false;
        }
        try {
            Class<?> factory = Class.forName(FACTORY, true, ContainerMode.class.getClassLoader());
            Object instance = factory.getMethod("instance").invoke(null);
            return (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Sentinel and cluster need several cooperating local processes; refuse clearly in container mode. */
    static void rejectIfRequested(Topology topology) {
        if (requested()) {
            throw new UnsupportedOperationException(topology + " is not supported in container mode (-D"
                    + MODE_PROPERTY + "=container); it needs local redis-server processes. "
                    + "Install redis-server or set " + RedisBinary.ENV_VAR + " and drop -D" + MODE_PROPERTY + ".");
        }
    }

    static ServerBackend start(ServerSpec spec) {
        if (!testcontainersPresent()) {
            throw new IllegalStateException("Container mode needs org.testcontainers:testcontainers on the test "
                    + "classpath; add it as a test dependency or install redis-server instead.");
        }
        if (!dockerAvailable()) {
            throw new IllegalStateException("Container mode (-D" + MODE_PROPERTY + "=container) was requested but "
                    + "Testcontainers found no reachable Docker engine. Start Docker (check `docker info`), or "
                    + "drop -D" + MODE_PROPERTY + "=container and provide a redis-server binary. "
                    + RedisBinaryNotFoundException.HOW_TO_GET_REDIS);
        }
        try {
            Method start = Class.forName(BACKEND).getDeclaredMethod("start", ServerSpec.class, String.class);
            return (ServerBackend) start.invoke(null, spec, image());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot start Redis container " + image(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the container backend", e);
        }
    }
}
