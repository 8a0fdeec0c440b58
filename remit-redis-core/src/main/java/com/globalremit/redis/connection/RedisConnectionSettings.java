package com.globalremit.redis.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.SslOptions;

/**
 * Everything needed to connect to Redis in one of the three {@link RedisMode modes}. Immutable; build it with
 * {@link #builder()} (or the {@link #standalone(String)}, {@link #sentinel(String, String...)} and
 * {@link #cluster(String...)} shortcuts). Invalid combinations are refused when the value is built, with an
 * {@link IllegalArgumentException} that names the setting and the bad value.
 *
 * <p>Node addresses are {@code redis://} / {@code rediss://} URLs or {@code host:port}:
 * <ul>
 *   <li>STANDALONE: exactly one node, usually a URL such as {@code rediss://cache.internal:6380/2};</li>
 *   <li>SENTINEL: the sentinels ({@code host:port}, port defaults to 26379), plus {@link #sentinelMasterName()};</li>
 *   <li>CLUSTER: one or more seed nodes; the rest of the cluster is discovered.</li>
 * </ul>
 * Credentials, database and SSL set here override whatever a URL carries; a URL's own values are used only when
 * the corresponding setting is left unset. Passwords never appear in {@link #toString()}.
 *
 * @param mode how Redis is deployed
 * @param nodes node addresses, see above
 * @param sentinelMasterName the master group name the sentinels monitor (SENTINEL only)
 * @param username ACL user name, or {@code null} for the default user
 * @param password password, or {@code null}; {@link #password()} returns a copy
 * @param sentinelPassword password of the sentinels themselves, or {@code null} when they need none
 * @param ssl use TLS for every node (a {@code rediss://} URL turns it on for that node only)
 * @param verifyPeer verify the server certificate and host name when TLS is on
 * @param database logical database (STANDALONE and SENTINEL only; a cluster has only database 0)
 * @param clientName name shown by {@code CLIENT LIST}, or {@code null}
 * @param commandTimeout how long a command may wait for its reply, for sync and async calls alike
 * @param connectTimeout how long opening a TCP connection may take
 * @param requestQueueSize commands a connection may hold (in flight plus buffered) before it rejects more
 * @param deadConnectionTimeout how long a connection may stay silent before it is closed and reopened (a reopen
 *        in SENTINEL mode asks the sentinels again): the TCP user timeout and the span of TCP keepalive probes
 *        (with a native transport, epoll or io_uring), and in STANDALONE and SENTINEL mode also how long commands
 *        may keep timing out without any reply before the client drops its connections; at least 1 s, see
 *        {@link #DEFAULT_DEAD_CONNECTION_TIMEOUT}
 * @param clusterAdaptiveRefresh refresh the cluster topology on MOVED/ASK redirects and reconnects
 * @param clusterAdaptiveRefreshTimeout after an adaptive refresh, further triggers are ignored this long (Lettuce's
 *        {@code adaptiveRefreshTriggersTimeout}, 30 s by default there); see
 *        {@link #DEFAULT_CLUSTER_ADAPTIVE_REFRESH_TIMEOUT}
 * @param clusterRefreshPeriod periodic cluster topology refresh, {@link Duration#ZERO} to turn it off
 * @param clusterDynamicRefreshSources ask every known node (not only the seeds) for the topology
 * @param readFrom where the shared connections send read-only commands (e.g. {@link ReadFrom#REPLICA_PREFERRED}),
 *        or {@code null} for the primary only; writes, scripts, transactions, dedicated and Pub/Sub connections
 *        always use the primary. In STANDALONE mode the replicas are discovered from the primary.
 * @param sslOptions trust and key material for TLS (e.g. built from a Spring Boot SSL bundle), or {@code null}
 *        for the JDK's default trust store; compared by identity
 */
public record RedisConnectionSettings(
        RedisMode mode,
        List<String> nodes,
        String sentinelMasterName,
        String username,
        char[] password,
        char[] sentinelPassword,
        boolean ssl,
        boolean verifyPeer,
        int database,
        String clientName,
        Duration commandTimeout,
        Duration connectTimeout,
        int requestQueueSize,
        Duration deadConnectionTimeout,
        boolean clusterAdaptiveRefresh,
        Duration clusterAdaptiveRefreshTimeout,
        Duration clusterRefreshPeriod,
        boolean clusterDynamicRefreshSources,
        ReadFrom readFrom,
        SslOptions sslOptions) {

    /** Redis's own default port, used when an address names none. */
    public static final int DEFAULT_PORT = 6379;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Lettuce's own default is unbounded (Integer.MAX_VALUE): an outage could fill the heap with commands. */
    public static final int DEFAULT_REQUEST_QUEUE_SIZE = 10_000;
    public static final Duration DEFAULT_CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(60);
    /**
     * 10 s. Without a bound, a hung primary (process stopped, host gone, network partition) kept the client on the
     * old socket: the OS waits 2 h before the first keepalive probe and retransmits for ~15 min, and a stopped
     * process still has its kernel acknowledge everything, so writes timed out for minutes after Sentinel had
     * promoted the replica. 10 s is a few command timeouts, long next to a GC pause, short next to an outage.
     */
    public static final Duration DEFAULT_DEAD_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /**
     * 2 s, not Lettuce's 30 s. After a master crash the first triggers (reconnect failures) fire before its replica
     * is promoted, so that refresh still sees the dead master; with 30 s the slots stayed unreachable about 35 s
     * (failover drill). With 2 s the next trigger after the promotion refreshes within 2 s. The cost is bounded and
     * only paid during an incident: at most one topology query per node every 2 s per client.
     */
    public static final Duration DEFAULT_CLUSTER_ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(2);

    public RedisConnectionSettings {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be one of " + Arrays.toString(RedisMode.values())
                    + ", but was null");
        }
        nodes = cleanNodes(nodes);
        password = password == null ? null : password.clone();
        sentinelPassword = sentinelPassword == null ? null : sentinelPassword.clone();
        validate(mode, nodes, sentinelMasterName, username, password, sentinelPassword, database, clientName,
                commandTimeout, connectTimeout, requestQueueSize, clusterRefreshPeriod);
        requirePositive("clusterAdaptiveRefreshTimeout", clusterAdaptiveRefreshTimeout);
        if (deadConnectionTimeout == null || deadConnectionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            // TCP keepalive counts whole seconds.
            throw new IllegalArgumentException("deadConnectionTimeout must be at least 1s, but was "
                    + deadConnectionTimeout);
        }
    }

    private static void validate(RedisMode mode, List<String> nodes, String sentinelMasterName, String username,
            char[] password, char[] sentinelPassword, int database, String clientName, Duration commandTimeout,
            Duration connectTimeout, int requestQueueSize, Duration clusterRefreshPeriod) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must name at least one " + mode + " node, but was empty");
        }
        if (mode == RedisMode.STANDALONE && nodes.size() != 1) {
            throw new IllegalArgumentException("nodes must hold exactly one address in STANDALONE mode, but was "
                    + nodes.stream().map(NodeAddresses::mask).toList());
        }
        int defaultPort = mode == RedisMode.SENTINEL ? NodeAddresses.DEFAULT_SENTINEL_PORT
                : NodeAddresses.DEFAULT_REDIS_PORT;
        for (int i = 0; i < nodes.size(); i++) {
            NodeAddresses.parse("nodes[" + i + "]", nodes.get(i), defaultPort);
        }
        if (mode == RedisMode.SENTINEL) {
            if (sentinelMasterName == null || sentinelMasterName.isBlank()) {
                throw new IllegalArgumentException("sentinelMasterName is required in SENTINEL mode, but was "
                        + quote(sentinelMasterName));
            }
        } else {
            if (sentinelMasterName != null) {
                throw new IllegalArgumentException("sentinelMasterName is only used in SENTINEL mode, but was '"
                        + sentinelMasterName + "' in " + mode + " mode");
            }
            if (sentinelPassword != null) {
                throw new IllegalArgumentException("sentinelPassword is only used in SENTINEL mode, but was set in "
                        + mode + " mode");
            }
        }
        if (username != null && (username.isBlank() || username.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("username must not be blank or contain whitespace, but was "
                    + quote(username));
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("username '" + username + "' is set but password is missing");
        }
        if (password != null && password.length == 0) {
            throw new IllegalArgumentException("password must not be empty (leave it unset for no password)");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must be >= 0, but was " + database);
        }
        if (mode == RedisMode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("database must be 0 in CLUSTER mode (a cluster has only database 0), "
                    + "but was " + database);
        }
        if (clientName != null && (clientName.isBlank() || clientName.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            // Redis rejects CLIENT SETNAME with spaces or non-printable characters.
            throw new IllegalArgumentException("clientName must be printable ASCII without spaces, but was "
                    + quote(clientName));
        }
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("connectTimeout", connectTimeout);
        if (requestQueueSize < 1) {
            throw new IllegalArgumentException("requestQueueSize must be >= 1, but was " + requestQueueSize);
        }
        if (clusterRefreshPeriod == null || clusterRefreshPeriod.isNegative()) {
            throw new IllegalArgumentException("clusterRefreshPeriod must be >= 0 (0 turns periodic refresh off), "
                    + "but was " + clusterRefreshPeriod);
        }
    }

    private static List<String> cleanNodes(List<String> nodes) {
        if (nodes == null) {
            return List.of();
        }
        List<String> cleaned = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            if (node == null) {
                throw new IllegalArgumentException("nodes[" + i + "] must be a redis:// or rediss:// URL or host:port,"
                        + " but was null");
            }
            cleaned.add(node.strip());
        }
        return List.copyOf(cleaned);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, but was " + value);
        }
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    /** A builder with the defaults: STANDALONE mode must still be given nodes. */
    /**
     * An address as it may be shown in a message: the user info of a URL is masked ({@code redis://user:secret@host}
     * -> {@code redis://****@host}); anything else comes back as it was.
     */
    public static String maskUserInfo(String address) {
        return NodeAddresses.mask(address);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for one standalone node ({@code redis://}/{@code rediss://} URL or {@code host:port}). */
    public static Builder standalone(String address) {
        return builder().mode(RedisMode.STANDALONE).nodes(address);
    }

    /** A builder for a primary found through the given sentinels ({@code host:port}). */
    public static Builder sentinel(String masterName, String... sentinels) {
        return builder().mode(RedisMode.SENTINEL).sentinelMasterName(masterName).nodes(sentinels);
    }

    /** A builder for a cluster reached through the given seed nodes ({@code host:port} or URLs). */
    public static Builder cluster(String... seeds) {
        return builder().mode(RedisMode.CLUSTER).nodes(seeds);
    }

    /** @return a copy of the password, or {@code null} */
    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** @return a copy of the sentinel password, or {@code null} */
    @Override
    public char[] sentinelPassword() {
        return sentinelPassword == null ? null : sentinelPassword.clone();
    }

    /** A builder pre-filled with these settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.nodes = new ArrayList<>(nodes);
        b.sentinelMasterName = sentinelMasterName;
        b.username = username;
        b.password = password();
        b.sentinelPassword = sentinelPassword();
        b.ssl = ssl;
        b.verifyPeer = verifyPeer;
        b.database = database;
        b.clientName = clientName;
        b.commandTimeout = commandTimeout;
        b.connectTimeout = connectTimeout;
        b.requestQueueSize = requestQueueSize;
        b.deadConnectionTimeout = deadConnectionTimeout;
        b.clusterAdaptiveRefresh = clusterAdaptiveRefresh;
        b.clusterAdaptiveRefreshTimeout = clusterAdaptiveRefreshTimeout;
        b.clusterRefreshPeriod = clusterRefreshPeriod;
        b.clusterDynamicRefreshSources = clusterDynamicRefreshSources;
        b.readFrom = readFrom;
        b.sslOptions = sslOptions;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        // Records compare arrays by identity; passwords must compare by content.
        return o instanceof RedisConnectionSettings s
                && mode == s.mode && nodes.equals(s.nodes)
                && Objects.equals(sentinelMasterName, s.sentinelMasterName)
                && Objects.equals(username, s.username)
                && Arrays.equals(password, s.password) && Arrays.equals(sentinelPassword, s.sentinelPassword)
                && ssl == s.ssl && verifyPeer == s.verifyPeer && database == s.database
                && Objects.equals(clientName, s.clientName)
                && commandTimeout.equals(s.commandTimeout) && connectTimeout.equals(s.connectTimeout)
                && requestQueueSize == s.requestQueueSize && deadConnectionTimeout.equals(s.deadConnectionTimeout)
                && clusterAdaptiveRefresh == s.clusterAdaptiveRefresh
                && clusterAdaptiveRefreshTimeout.equals(s.clusterAdaptiveRefreshTimeout)
                && clusterRefreshPeriod.equals(s.clusterRefreshPeriod)
                && clusterDynamicRefreshSources == s.clusterDynamicRefreshSources
                && Objects.equals(readFrom, s.readFrom) && sslOptions == s.sslOptions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, nodes, sentinelMasterName, username, Arrays.hashCode(password),
                Arrays.hashCode(sentinelPassword), ssl, verifyPeer, database, clientName, commandTimeout,
                connectTimeout, requestQueueSize, deadConnectionTimeout, clusterAdaptiveRefresh, clusterAdaptiveRefreshTimeout, clusterRefreshPeriod,
                clusterDynamicRefreshSources, readFrom, System.identityHashCode(sslOptions));
    }

    @Override
    public String toString() {
        // Never print secrets: neither the password fields nor credentials embedded in a URL.
        return "RedisConnectionSettings[mode=" + mode
                + ", nodes=" + nodes.stream().map(NodeAddresses::mask).toList()
                + (sentinelMasterName == null ? "" : ", sentinelMasterName=" + sentinelMasterName)
                + (username == null ? "" : ", username=" + username)
                + ", password=" + (password == null ? "<none>" : "****")
                + (sentinelPassword == null ? "" : ", sentinelPassword=****")
                + ", ssl=" + ssl + ", verifyPeer=" + verifyPeer + ", database=" + database
                + (clientName == null ? "" : ", clientName=" + clientName)
                + ", commandTimeout=" + commandTimeout + ", connectTimeout=" + connectTimeout
                + ", requestQueueSize=" + requestQueueSize + ", deadConnectionTimeout=" + deadConnectionTimeout
                + (mode == RedisMode.CLUSTER ? ", clusterAdaptiveRefresh=" + clusterAdaptiveRefresh
                        + ", clusterAdaptiveRefreshTimeout=" + clusterAdaptiveRefreshTimeout
                        + ", clusterRefreshPeriod=" + clusterRefreshPeriod
                        + ", clusterDynamicRefreshSources=" + clusterDynamicRefreshSources : "")
                + (readFrom == null ? "" : ", readFrom=" + readFrom)
                + (sslOptions == null ? "" : ", sslOptions=custom")
                + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {

        private RedisMode mode = RedisMode.STANDALONE;
        private List<String> nodes = new ArrayList<>();
        private String sentinelMasterName;
        private String username;
        private char[] password;
        private char[] sentinelPassword;
        private boolean ssl;
        private boolean verifyPeer = true;
        private int database;
        private String clientName;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int requestQueueSize = DEFAULT_REQUEST_QUEUE_SIZE;
        private Duration deadConnectionTimeout = DEFAULT_DEAD_CONNECTION_TIMEOUT;
        private boolean clusterAdaptiveRefresh = true;
        private Duration clusterAdaptiveRefreshTimeout = DEFAULT_CLUSTER_ADAPTIVE_REFRESH_TIMEOUT;
        private Duration clusterRefreshPeriod = DEFAULT_CLUSTER_REFRESH_PERIOD;
        private boolean clusterDynamicRefreshSources = true;
        private ReadFrom readFrom;
        private SslOptions sslOptions;

        private Builder() {
        }

        public Builder mode(RedisMode mode) {
            this.mode = mode;
            return this;
        }

        /** Replaces the node addresses. */
        public Builder nodes(String... nodes) {
            return nodes(nodes == null ? null : Arrays.asList(nodes));
        }

        /** Replaces the node addresses. */
        public Builder nodes(List<String> nodes) {
            this.nodes = nodes == null ? new ArrayList<>() : new ArrayList<>(nodes);
            return this;
        }

        public Builder sentinelMasterName(String sentinelMasterName) {
            this.sentinelMasterName = sentinelMasterName;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The array is copied; clear your own copy once built. */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        public Builder password(String password) {
            this.password = password == null ? null : password.toCharArray();
            return this;
        }

        public Builder sentinelPassword(char[] sentinelPassword) {
            this.sentinelPassword = sentinelPassword == null ? null : sentinelPassword.clone();
            return this;
        }

        public Builder sentinelPassword(String sentinelPassword) {
            this.sentinelPassword = sentinelPassword == null ? null : sentinelPassword.toCharArray();
            return this;
        }

        public Builder ssl(boolean ssl) {
            this.ssl = ssl;
            return this;
        }

        public Builder verifyPeer(boolean verifyPeer) {
            this.verifyPeer = verifyPeer;
            return this;
        }

        public Builder database(int database) {
            this.database = database;
            return this;
        }

        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestQueueSize(int requestQueueSize) {
            this.requestQueueSize = requestQueueSize;
            return this;
        }

        /** How long a connection may stay silent before it is closed and reopened; at least 1 s. */
        public Builder deadConnectionTimeout(Duration deadConnectionTimeout) {
            this.deadConnectionTimeout = deadConnectionTimeout;
            return this;
        }

        public Builder clusterAdaptiveRefresh(boolean clusterAdaptiveRefresh) {
            this.clusterAdaptiveRefresh = clusterAdaptiveRefresh;
            return this;
        }

        /** How long further adaptive-refresh triggers are ignored after one refresh. */
        public Builder clusterAdaptiveRefreshTimeout(Duration clusterAdaptiveRefreshTimeout) {
            this.clusterAdaptiveRefreshTimeout = clusterAdaptiveRefreshTimeout;
            return this;
        }

        public Builder clusterRefreshPeriod(Duration clusterRefreshPeriod) {
            this.clusterRefreshPeriod = clusterRefreshPeriod;
            return this;
        }

        public Builder clusterDynamicRefreshSources(boolean clusterDynamicRefreshSources) {
            this.clusterDynamicRefreshSources = clusterDynamicRefreshSources;
            return this;
        }

        /** Read-only commands of the shared connections go where this says; {@code null} (default): the primary. */
        public Builder readFrom(ReadFrom readFrom) {
            this.readFrom = readFrom;
            return this;
        }

        /** TLS trust and key material; {@code null} (default): the JDK's trust store. Does not turn TLS on. */
        public Builder sslOptions(SslOptions sslOptions) {
            this.sslOptions = sslOptions;
            return this;
        }

        public RedisConnectionSettings build() {
            return new RedisConnectionSettings(mode, nodes, sentinelMasterName, username, password, sentinelPassword,
                    ssl, verifyPeer, database, clientName, commandTimeout, connectTimeout, requestQueueSize,
                    deadConnectionTimeout, clusterAdaptiveRefresh, clusterAdaptiveRefreshTimeout, clusterRefreshPeriod,
                    clusterDynamicRefreshSources, readFrom, sslOptions);
        }
    }
}
