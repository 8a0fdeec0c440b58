package com.globalremit.redis.test;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One real redis-server process (or, in container mode, one Redis container), started fresh with its
 * own config and data directory, plus the fault operations tests need: kill, restart, pause, resume.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().aof(true).start()) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     ...
 * }
 * }</pre>
 */
public final class RedisServer implements RedisDeployment {

    /** Lettuce's default command timeout is 60 s; a test waiting that long on a dead server is useless. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONTROL_TIMEOUT_MILLIS = 5000;

    private final ServerSpec spec;
    private final ServerBackend backend;

    private RedisServer(ServerSpec spec, ServerBackend backend) {
        this.spec = spec;
        this.backend = backend;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return backend.host();
    }

    public int port() {
        return backend.port();
    }

    /**
     * A Lettuce URI for this server with its password and a 10 s command timeout. For a TLS server the
     * URI enables TLS with peer verification OFF ({@link SslVerifyMode#NONE}), so any client can connect
     * without extra setup; to verify the server certificate, combine {@link #sslOptions()} with a copy of
     * this URI set to {@link SslVerifyMode#FULL}. A new instance every call: RedisURI is mutable.
     */
    @Override
    public RedisURI uri() {
        if (AclTestMode.enabled() && !spec.sentinel()) {
            return uri(AclTestMode.APP_USER, AclTestMode.appPassword());
        }
        return defaultUserUri();
    }

    /** In {@link AclTestMode} the all-rights admin, for a test's own inspection; else the same as {@link #uri()}. */
    @Override
    public RedisURI adminUri() {
        if (AclTestMode.enabled() && !spec.sentinel()) {
            return uri(AclTestMode.ADMIN_USER, AclTestMode.adminPassword());
        }
        return defaultUserUri();
    }

    private RedisURI defaultUserUri() {
        RedisURI.Builder builder = baseUri();
        if (spec.hasPassword() && !spec.sentinel()) {
            builder.withPassword(spec.password().toCharArray());
        }
        return builder.build();
    }

    /** Like {@link #uri()} but authenticating as an ACL user. */
    public RedisURI uri(String username, String password) {
        return baseUri().withAuthentication(username, password.toCharArray()).build();
    }

    private RedisURI.Builder baseUri() {
        RedisURI.Builder builder = RedisURI.Builder.redis(host(), port()).withTimeout(CLIENT_TIMEOUT);
        if (spec.tls()) {
            builder.withSsl(true).withVerifyPeer(SslVerifyMode.NONE);
        }
        return builder;
    }

    @Override
    public List<RedisURI> uris() {
        return List.of(uri());
    }

    public boolean isTls() {
        return spec.tls();
    }

    /** The PEM CA certificate that signed this server's certificate; only for {@code tls(true)}. */
    public Path caCertificate() {
        if (!spec.tls()) {
            throw new IllegalStateException(name() + " was not started with tls(true)");
        }
        return TlsMaterial.caCertificateIn(backend.dataDir().resolve(LocalServerProcess.TLS_DIR));
    }

    /** Lettuce SSL options that trust exactly this server's CA, for clients that verify the peer. */
    public SslOptions sslOptions() {
        return SslOptions.builder().jdkSslProvider().trustManager(caCertificate().toFile()).build();
    }

    /** The default user's password, or null. */
    public String password() {
        return spec.hasPassword() ? spec.password() : null;
    }

    /** True for a process started with --sentinel (see {@link RedisSentinelGroup#sentinels()}). */
    public boolean isSentinel() {
        return spec.sentinel();
    }

    /** How the server runs, e.g. "redis-server 7.0.15 (path)" or "container redis:7.4". */
    public String origin() {
        return backend.origin();
    }

    /** "host:port", used to label log output. */
    public String name() {
        return (spec.sentinel() ? "sentinel " : "redis ") + host() + ":" + port();
    }

    public Path dataDir() {
        return backend.dataDir();
    }

    public Path logFile() {
        return backend.logFile();
    }

    /** The last lines of this server's log, headed by its name and pid. */
    @Override
    public String logTail(int lines) {
        return "---- " + name() + " (" + origin() + ") ----\n" + backend.logTail(lines);
    }

    /** The OS pid of the current (or last) process; stays readable after the process exited. */
    public long pid() {
        return backend.pid();
    }

    public boolean isRunning() {
        return backend.isRunning();
    }

    public boolean isPaused() {
        return backend.isPaused();
    }

    /** Graceful shutdown (SHUTDOWN NOSAVE; an enabled AOF is still flushed), escalating to signals. */
    public void stop() {
        backend.stop();
    }

    /** kill -9: the process dies without flushing anything. */
    public void kill() {
        backend.kill();
    }

    /** Stops (if running) and starts again with the same port, config and data directory. */
    public void restart() {
        backend.restart();
    }

    /** SIGSTOP: connections stay open but nothing is answered, like a stalled or partitioned server. */
    public void pause() {
        backend.pause();
    }

    public void resume() {
        backend.resume();
    }

    /** FLUSHALL; fails if the server is stopped, a sentinel, or a read-only replica. */
    @Override
    public void flushAll() {
        if (!flushIfPrimary()) {
            throw new IllegalStateException(name() + " is a read-only replica; flush its primary instead");
        }
    }

    /** FLUSHALL if this node accepts writes; false for a replica. Used by groups whose roles change. */
    boolean flushIfPrimary() {
        if (spec.sentinel()) {
            throw new UnsupportedOperationException(name() + " is a sentinel and holds no data");
        }
        if (!isRunning()) {
            throw new IllegalStateException(name() + " is not running");
        }
        try {
            call("FLUSHALL");
            return true;
        } catch (RedisErrorReply e) {
            if ("READONLY".equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    /** Resumes a paused server and restarts a stopped one, so it serves again. */
    @Override
    public void ensureRunning() {
        if (isPaused()) {
            resume();
        }
        if (!isRunning()) {
            restart();
        }
    }

    @Override
    public Topology topology() {
        return Topology.STANDALONE;
    }

    @Override
    public List<RedisServer> servers() {
        return List.of(this);
    }

    /** Stops the server and deletes the data directory if this module created it. */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return name() + " [" + origin() + "]";
    }

    /** One command over a short-lived control connection (not Lettuce), see {@link ServerSpec#controlAuth()}. */
    Object call(String... args) {
        try (RespClient client = RespClient.connect(host(), port(), spec.tls(), spec.controlAuth(),
                CONTROL_TIMEOUT_MILLIS)) {
            return client.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": " + String.join(" ", args) + " failed", e);
        }
    }

    /** INFO of one section as text. */
    String info(String section) {
        return String.valueOf(call("INFO", section));
    }

    /** The value of one "field:value" line of INFO, or null. */
    String infoField(String section, String field) {
        for (String line : info(section).split("\\R")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    /** Collects settings; {@link #start()} launches the server and returns once it answers PING. */
    public static final class Builder implements DataNodeOptions<Builder> {
        private int port;
        private boolean aof;
        private String password;
        private final List<ServerSpec.AclUser> aclUsers = new ArrayList<>();
        private boolean tls;
        private Path dataDir;
        private String replicaOfHost;
        private int replicaOfPort;
        private final List<ServerSpec.Directive> directives = new ArrayList<>();
        private RedisBinary binary;
        private boolean sentinel;
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The port to listen on; 0 (default) picks a free one. The TLS port when {@code tls(true)}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** appendonly yes; data then survives kill -9 up to the appendfsync policy (default everysec). */
        @Override
        public Builder aof(boolean aof) {
            this.aof = aof;
            return this;
        }

        /** requirepass (the default user's password); also used as masterauth for replicas. */
        @Override
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** An ACL user, e.g. {@code aclUser("app", "s3cret", "~* &* +@all")}; repeatable. */
        @Override
        public Builder aclUser(String name, String password, String rules) {
            aclUsers.add(new ServerSpec.AclUser(Objects.requireNonNull(name), Objects.requireNonNull(password),
                    Objects.requireNonNull(rules)));
            return this;
        }

        /**
         * TLS only (no plaintext port), with a fresh self-signed CA and server certificate for
         * localhost/127.0.0.1; clients are not asked for certificates (tls-auth-clients no).
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Use this directory instead of a fresh temp one; it is then kept on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder replicaOf(String host, int port) {
            this.replicaOfHost = Objects.requireNonNull(host);
            this.replicaOfPort = port;
            return this;
        }

        /** An extra redis.conf directive, written after the generated ones so it wins. Repeatable. */
        public Builder config(String key, String value) {
            directives.add(new ServerSpec.Directive(Objects.requireNonNull(key), Objects.requireNonNull(value)));
            return this;
        }

        /** Use this binary (never a container) instead of {@link RedisBinary#locate()}. */
        public Builder binary(RedisBinary binary) {
            this.binary = binary;
            return this;
        }

        /** How long {@link #start()} and {@link #restart()} wait for PONG; default 10 s. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** Start with --sentinel; the sentinel directives come through {@link #config}. */
        Builder sentinel(boolean sentinel) {
            this.sentinel = sentinel;
            return this;
        }

        /**
         * Starts the server. Without an explicit binary: a container if {@code -Dremit.redis.test=container},
         * else the located binary, else a container if no binary runs but Docker is reachable.
         */
        public RedisServer start() {
            ServerSpec spec = new ServerSpec(port, aof, password, aclUsers, tls, dataDir, replicaOfHost,
                    replicaOfPort, directives, sentinel, startTimeout);
            if (binary != null) {
                return new RedisServer(spec, LocalServerProcess.start(spec, binary));
            }
            if (ContainerMode.requested()) {
                return new RedisServer(spec, ContainerMode.start(spec));
            }
            RedisBinary located;
            try {
                located = RedisBinary.locate();
            } catch (RedisBinaryNotFoundException e) {
                if (ContainerMode.dockerAvailable()) {
                    return new RedisServer(spec, ContainerMode.start(spec));
                }
                throw e;
            }
            return new RedisServer(spec, LocalServerProcess.start(spec, located));
        }
    }
}
