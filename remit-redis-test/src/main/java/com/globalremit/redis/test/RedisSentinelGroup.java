package com.globalremit.redis.test;

import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A primary, one replica and three sentinels (quorum 2) monitoring them as {@value #MASTER_NAME}.
 * {@link #start()} returns only when every sentinel knows the primary, the replica and the other
 * sentinels, and the replica is in sync, so a failover can be triggered at once.
 */
public final class RedisSentinelGroup implements RedisDeployment {

    public static final String MASTER_NAME = "remit-primary";
    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);

    private final RedisServer primary;
    private final RedisServer replica;
    private final List<RedisServer> sentinels;
    private final String password;

    private RedisSentinelGroup(RedisServer primary, RedisServer replica, List<RedisServer> sentinels, String password) {
        this.primary = primary;
        this.replica = replica;
        this.sentinels = List.copyOf(sentinels);
        this.password = password;
    }

    /** A group with default settings (no password, no AOF). */
    public static RedisSentinelGroup start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String masterName() {
        return MASTER_NAME;
    }

    /** The server started as primary; after a failover it may be a replica (see {@link #currentPrimary()}). */
    public RedisServer primary() {
        return primary;
    }

    /** The server started as replica; after a failover it may be the primary. */
    public RedisServer replica() {
        return replica;
    }

    /** The server that a running sentinel currently names as primary (SENTINEL get-master-addr-by-name). */
    public RedisServer currentPrimary() {
        int port = SentinelQueries.primaryPort(anySentinel());
        return dataNodes().filter(node -> node.port() == port).findFirst().orElseThrow(() ->
                new IllegalStateException("sentinels name port " + port + ", which is not a node of this group"));
    }

    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /**
     * A Lettuce sentinel URI listing all three sentinels; clients ask them for the current primary,
     * also on every reconnect. Carries the data nodes' password; the sentinels have none.
     */
    @Override
    public RedisURI uri() {
        RedisURI.Builder builder = sentinelUri();
        if (AclTestMode.enabled()) {
            builder.withAuthentication(AclTestMode.APP_USER, AclTestMode.appPassword().toCharArray());
        } else if (password != null) {
            builder.withPassword(password.toCharArray());
        }
        return builder.build();
    }

    @Override
    public RedisURI adminUri() {
        RedisURI.Builder builder = sentinelUri();
        if (AclTestMode.enabled()) {
            builder.withAuthentication(AclTestMode.ADMIN_USER, AclTestMode.adminPassword().toCharArray());
        } else if (password != null) {
            builder.withPassword(password.toCharArray());
        }
        return builder.build();
    }

    private RedisURI.Builder sentinelUri() {
        RedisServer first = sentinels.get(0);
        RedisURI.Builder builder = RedisURI.Builder.sentinel(first.host(), first.port(), MASTER_NAME)
                .withTimeout(RedisServer.CLIENT_TIMEOUT);
        for (RedisServer sentinel : sentinels.subList(1, sentinels.size())) {
            builder.withSentinel(sentinel.host(), sentinel.port());
        }
        return builder;
    }

    @Override
    public List<RedisURI> uris() {
        return List.of(uri());
    }

    /**
     * SENTINEL FAILOVER, then waits until every running sentinel names the other data node and that
     * node answers ROLE with "master". Retries while the sentinels still refuse (-NOGOODSLAVE right
     * after an earlier failover, -INPROG). Finally points the old primary at the new one, as the
     * sentinels themselves would some 10 s later, and waits for it to sync: the group is then at once
     * ready for the next failover and never has two primaries taking writes.
     */
    public void failover() {
        RedisServer before = currentPrimary();
        RedisServer target = before == primary ? replica : primary;
        Await.until("a sentinel to accept SENTINEL FAILOVER", CONVERGE_TIMEOUT, () -> {
            try {
                anySentinel().call("SENTINEL", "FAILOVER", MASTER_NAME);
                return true;
            } catch (RedisErrorReply e) {
                if ("NOGOODSLAVE".equals(e.code()) || "INPROG".equals(e.code())) {
                    return false;
                }
                throw new Await.Abort(e.getMessage());
            }
        }, () -> logTail(30));
        Await.until("sentinels to promote " + target.name(), CONVERGE_TIMEOUT,
                () -> SentinelQueries.allAgreeOn(runningSentinels(), target.port()) && isMaster(target),
                () -> logTail(30));
        demoteStrayPrimaries(target);
    }

    /** FLUSHALL on every running data node that accepts writes, then waits for connected replicas. */
    @Override
    public void flushAll() {
        boolean flushed = false;
        for (RedisServer node : dataNodes().filter(RedisSentinelGroup::answering).toList()) {
            if (node.flushIfPrimary()) {
                flushed = true;
                long replicas = Long.parseLong(node.infoField("replication", "connected_slaves"));
                if (replicas > 0) {
                    // Make the flush visible on replicas before the next test reads from them.
                    node.call("WAIT", Long.toString(replicas), "2000");
                }
            }
        }
        if (!flushed) {
            throw new IllegalStateException("no running primary to flush in the sentinel group\n" + logTail(20));
        }
    }

    @Override
    public String logTail(int lines) {
        return servers().stream().map(server -> server.logTail(lines)).collect(Collectors.joining("\n"));
    }

    @Override
    public Topology topology() {
        return Topology.SENTINEL;
    }

    /** Primary, replica, then the sentinels. */
    @Override
    public List<RedisServer> servers() {
        return Stream.concat(Stream.of(primary, replica), sentinels.stream()).toList();
    }

    /**
     * Resumes and restarts stopped processes, then waits until all sentinels agree on a primary that
     * answers ROLE master. A restarted old primary may briefly be a second master until the sentinels
     * demote it; {@link #flushAll()} flushes both.
     */
    @Override
    public void ensureRunning() {
        servers().forEach(RedisServer::ensureRunning);
        Await.until("sentinels to agree on a primary", CONVERGE_TIMEOUT, () -> {
            int port = SentinelQueries.primaryPort(anySentinel());
            RedisServer named = dataNodes().filter(node -> node.port() == port).findFirst().orElse(null);
            return named != null && SentinelQueries.allAgreeOn(runningSentinels(), port) && isMaster(named);
        }, () -> logTail(30));
        demoteStrayPrimaries(currentPrimary());
    }

    /**
     * Makes every other running data node that still claims to be a master (an old primary after a
     * failover, or one restarted after a kill) a replica of {@code primary}, persists that with CONFIG
     * REWRITE, and waits until it is in sync. The sentinels would do the same, but only after several
     * seconds, during which a test could write to the wrong node.
     */
    private void demoteStrayPrimaries(RedisServer current) {
        for (RedisServer node : dataNodes().filter(n -> n != current && answering(n)).toList()) {
            if (isMaster(node)) {
                node.call("REPLICAOF", current.host(), Integer.toString(current.port()));
                node.call("CONFIG", "REWRITE");
            }
            Await.until(node.name() + " to sync with " + current.name(), CONVERGE_TIMEOUT,
                    () -> "up".equals(node.infoField("replication", "master_link_status")),
                    () -> current.logTail(20) + "\n" + node.logTail(20));
        }
    }

    /** Sentinels first, so they do not start a failover while the data nodes shut down. */
    @Override
    public void close() {
        List<RedisServer> order = new ArrayList<>(sentinels);
        order.add(replica);
        order.add(primary);
        Closer.closeAll(order);
    }

    @Override
    public String toString() {
        return "sentinel group " + MASTER_NAME + " " + servers();
    }

    private Stream<RedisServer> dataNodes() {
        return Stream.of(primary, replica);
    }

    private List<RedisServer> runningSentinels() {
        return sentinels.stream().filter(RedisSentinelGroup::answering).toList();
    }

    private RedisServer anySentinel() {
        return runningSentinels().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no sentinel of " + MASTER_NAME + " is running"));
    }

    private static boolean answering(RedisServer server) {
        return server.isRunning() && !server.isPaused();
    }

    static boolean isMaster(RedisServer node) {
        Object role = node.call("ROLE");
        return role instanceof List<?> parts && !parts.isEmpty() && "master".equals(parts.get(0));
    }

    /** Settings for the group; {@link #start()} launches all five processes. */
    public static final class Builder implements DataNodeOptions<Builder> {
        private final DataNodeSettings settings = new DataNodeSettings();
        private long downAfterMillis = 2000;
        private long failoverTimeoutMillis = 5000;

        private Builder() {
        }

        /** requirepass/masterauth on the data nodes; the sentinels get it as auth-pass. */
        @Override
        public Builder password(String password) {
            settings.password(password);
            return this;
        }

        @Override
        public Builder aof(boolean aof) {
            settings.aof(aof);
            return this;
        }

        @Override
        public Builder aclUser(String name, String password, String rules) {
            settings.aclUser(name, password, rules);
            return this;
        }

        public Builder binary(RedisBinary binary) {
            settings.binary(binary);
            return this;
        }

        /** How long the primary must be unreachable before sentinels call it down; default 2000 ms (robust on a loaded 2-core machine). */
        public Builder downAfterMillis(long downAfterMillis) {
            this.downAfterMillis = downAfterMillis;
            return this;
        }

        public Builder failoverTimeoutMillis(long failoverTimeoutMillis) {
            this.failoverTimeoutMillis = failoverTimeoutMillis;
            return this;
        }

        public RedisSentinelGroup start() {
            ContainerMode.rejectIfRequested(Topology.SENTINEL);
            List<RedisServer> started = new ArrayList<>();
            try {
                RedisServer primary = settings.newServer().start();
                started.add(primary);
                RedisServer replica = settings.newServer().replicaOf(primary.host(), primary.port()).start();
                started.add(replica);
                // Sentinels learn replicas from the primary's INFO; start them once the replica is attached.
                Await.until(replica.name() + " to sync with " + primary.name(), CONVERGE_TIMEOUT,
                        () -> "up".equals(replica.infoField("replication", "master_link_status")),
                        () -> primary.logTail(20) + "\n" + replica.logTail(20));
                List<RedisServer> sentinels = new ArrayList<>();
                for (int i = 0; i < SENTINELS; i++) {
                    RedisServer sentinel = sentinel(primary).start();
                    started.add(sentinel);
                    sentinels.add(sentinel);
                }
                RedisSentinelGroup group = new RedisSentinelGroup(primary, replica, sentinels, settings.password());
                Await.until("all sentinels to see the primary, the replica and each other", CONVERGE_TIMEOUT,
                        () -> sentinels.stream().allMatch(s -> SentinelQueries.ready(s, primary.port(),
                                replica.port(), SENTINELS - 1)),
                        () -> group.logTail(20));
                return group;
            } catch (RuntimeException e) {
                java.util.Collections.reverse(started);
                Closer.closeAll(started);
                throw e;
            }
        }

        /** Each sentinel gets its own fresh, writable config: sentinels rewrite it as they learn. */
        private RedisServer.Builder sentinel(RedisServer primary) {
            RedisServer.Builder builder = settings.newSentinel()
                    .config("sentinel", "monitor " + MASTER_NAME + " " + primary.host() + " " + primary.port() + " "
                            + QUORUM)
                    .config("sentinel", "down-after-milliseconds " + MASTER_NAME + " " + downAfterMillis)
                    .config("sentinel", "failover-timeout " + MASTER_NAME + " " + failoverTimeoutMillis)
                    .config("sentinel", "parallel-syncs " + MASTER_NAME + " 1");
            if (AclTestMode.enabled()) {
                builder.config("sentinel", "auth-user " + MASTER_NAME + " " + AclTestMode.ADMIN_USER);
                builder.config("sentinel", "auth-pass " + MASTER_NAME + " "
                        + RedisConfigFile.quote(AclTestMode.adminPassword()));
            } else if (settings.password() != null) {
                builder.config("sentinel", "auth-pass " + MASTER_NAME + " "
                        + RedisConfigFile.quote(settings.password()));
            }
            return builder;
        }
    }
}
