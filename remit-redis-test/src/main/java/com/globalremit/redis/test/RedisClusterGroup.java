package com.globalremit.redis.test;

import io.lettuce.core.RedisURI;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster formed from scratch for every start: fresh directories (so no stale nodes.conf,
 * RDB or AOF can leak in), slots spread evenly over the masters, replicas attached with CLUSTER
 * REPLICATE. {@link #start(int, int)} returns once every node reports cluster_state:ok and all agree.
 */
public final class RedisClusterGroup implements RedisDeployment {

    private final List<RedisServer> nodes;
    private final int masterCount;

    private RedisClusterGroup(List<RedisServer> nodes, int masterCount) {
        this.nodes = List.copyOf(nodes);
        this.masterCount = masterCount;
    }

    /** E.g. {@code start(3, 0)}: three masters, no replicas. */
    public static RedisClusterGroup start(int masters, int replicasPerMaster) {
        return builder().masters(masters).replicasPerMaster(replicasPerMaster).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All nodes in start order: the original masters first, then the replicas. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The running nodes that currently answer ROLE with "master" (roles change after a failover). */
    public List<RedisServer> masters() {
        return nodes.stream().filter(RedisClusterGroup::answering).filter(RedisSentinelGroup::isMaster).toList();
    }

    /** The running nodes that currently are replicas. */
    public List<RedisServer> replicas() {
        return nodes.stream().filter(RedisClusterGroup::answering)
                .filter(node -> !RedisSentinelGroup.isMaster(node)).toList();
    }

    /** The first node's URI: enough as a seed, since Lettuce discovers the rest. */
    @Override
    public RedisURI uri() {
        return nodes.get(0).uri();
    }

    @Override
    public RedisURI adminUri() {
        return nodes.get(0).adminUri();
    }

    /** One seed URI per node, so a client can bootstrap even if some nodes are down. */
    @Override
    public List<RedisURI> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /** FLUSHALL on every running master; stopped or paused nodes are skipped. */
    @Override
    public void flushAll() {
        List<RedisServer> masters = masters();
        if (masters.isEmpty()) {
            throw new IllegalStateException("no running master to flush in the cluster\n" + logTail(20));
        }
        masters.forEach(RedisServer::flushIfPrimary);
    }

    @Override
    public String logTail(int lines) {
        return nodes.stream().map(node -> node.logTail(lines)).collect(Collectors.joining("\n"));
    }

    @Override
    public Topology topology() {
        return Topology.CLUSTER;
    }

    @Override
    public List<RedisServer> servers() {
        return nodes;
    }

    /**
     * Resumes and restarts stopped nodes (each keeps its port and nodes.conf, so it rejoins), then
     * waits for cluster_state:ok and one consistent view on every node.
     */
    @Override
    public void ensureRunning() {
        nodes.forEach(RedisServer::ensureRunning);
        ClusterFormation.awaitHealthy(nodes, masterCount);
    }

    @Override
    public void close() {
        Closer.closeAll(nodes);
    }

    @Override
    public String toString() {
        return "cluster " + nodes;
    }

    private static boolean answering(RedisServer server) {
        return server.isRunning() && !server.isPaused();
    }

    /** Settings for the cluster; {@link #start()} starts and joins the nodes. */
    public static final class Builder implements DataNodeOptions<Builder> {
        private final DataNodeSettings settings = new DataNodeSettings();
        private int masters = 3;
        private int replicasPerMaster;
        private long nodeTimeoutMillis = 2000;

        private Builder() {
        }

        public Builder masters(int masters) {
            if (masters < 1) {
                throw new IllegalArgumentException("a cluster needs at least one master: " + masters);
            }
            this.masters = masters;
            return this;
        }

        public Builder replicasPerMaster(int replicasPerMaster) {
            if (replicasPerMaster < 0) {
                throw new IllegalArgumentException("replicasPerMaster must be >= 0: " + replicasPerMaster);
            }
            this.replicasPerMaster = replicasPerMaster;
            return this;
        }

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

        /** cluster-node-timeout; short (default 2000 ms) so failure detection in tests is quick. */
        public Builder nodeTimeoutMillis(long nodeTimeoutMillis) {
            this.nodeTimeoutMillis = nodeTimeoutMillis;
            return this;
        }

        public RedisClusterGroup start() {
            ContainerMode.rejectIfRequested(Topology.CLUSTER);
            int total = masters * (1 + replicasPerMaster);
            List<RedisServer> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < total; i++) {
                    nodes.add(settings.newServer()
                            .config("cluster-enabled", "yes")
                            // Relative to the node's own fresh directory, so nodes never share it.
                            .config("cluster-config-file", "nodes.conf")
                            .config("cluster-node-timeout", Long.toString(nodeTimeoutMillis))
                            .start());
                }
                ClusterFormation.form(nodes, masters);
                return new RedisClusterGroup(nodes, masters);
            } catch (RuntimeException e) {
                Closer.closeAll(nodes);
                throw e;
            }
        }
    }
}
