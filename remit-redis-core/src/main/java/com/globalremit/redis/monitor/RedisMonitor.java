package com.globalremit.redis.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.globalremit.redis.connection.RedisMode;
import com.globalremit.redis.connection.RemitRedisClient;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * Samples {@code INFO} of every node (each cluster master that serves slots and each cluster replica; the one
 * server, or the current primary behind Sentinel, otherwise) and keeps
 * the latest {@link MonitorSample}, with interval figures computed against the previous one. Thread-safe; meant to
 * be called on a fixed interval by one scheduler. Read-only: it sends {@code INFO} and, on servers older than 7.0
 * where INFO lacks {@code maxclients}, {@code CONFIG GET maxclients} (never again once refused, so a user that may
 * not run CONFIG does not add an error reply every interval).
 */
public final class RedisMonitor {

    private final RemitRedisClient client;
    private final Clock clock;
    private volatile boolean configRefused;
    private volatile MonitorSample latest = MonitorSample.empty();

    private RedisMonitor(RemitRedisClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static RedisMonitor create(RemitRedisClient client) {
        return new RedisMonitor(client, Clock.systemUTC());
    }

    /** The most recent sample; {@link MonitorSample#empty()} before the first. */
    public MonitorSample latest() {
        return latest;
    }

    /** Reads INFO from every node now, stores and returns the sample. A failing node is reported, not thrown. */
    public synchronized MonitorSample sample() {
        Instant now = clock.instant();
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        MonitorSample previous = latest;
        Map<String, Reading> results = new LinkedHashMap<>();
        try {
            results.putAll(client.fromEachMaster(commands -> read(commands)));
            if (client.mode() == RedisMode.CLUSTER) {
                results.putAll(readClusterReplicas());
            }
        } catch (RuntimeException e) {
            failures.put("*", describe(e));
            MonitorSample failed = new MonitorSample(now, Map.of(), failures);
            latest = failed;
            return failed;
        }
        results.forEach((node, result) -> {
            if (result.error() == null) {
                NodeSnapshot snapshot = new NodeSnapshot(node, clock.instant(), result.info(), result.maxClients());
                NodeStatus before = previous.nodes().get(node);
                IntervalStats interval = before == null ? null : IntervalStats.between(before.snapshot(), snapshot);
                nodes.put(node, new NodeStatus(snapshot, interval));
            } else {
                failures.put(node, result.error());
            }
        });
        MonitorSample sample = new MonitorSample(now, nodes, failures);
        latest = sample;
        return sample;
    }

    /**
     * Cluster replicas from the client's topology view, each on its own node connection (pooled by Lettuce). A replica
     * that cannot be read is a failure of that node only. Behind Sentinel replicas are not sampled: the client
     * knows only the primary; their lag is seen from the primary's {@code slaveN:} lines.
     */
    private Map<String, Reading> readClusterReplicas() {
        @SuppressWarnings("unchecked")
        StatefulRedisClusterConnection<String, byte[]> cluster =
                (StatefulRedisClusterConnection<String, byte[]>) client.connection();
        List<RedisClusterNode> replicas = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.REPLICA)) {
                replicas.add(node);
            }
        }
        replicas.sort(Comparator.comparing(RedisMonitor::address));
        Map<String, Reading> results = new LinkedHashMap<>();
        for (RedisClusterNode node : replicas) {
            try {
                results.put(address(node), read(cluster.getConnection(node.getNodeId()).sync()));
            } catch (RuntimeException e) {
                results.put(address(node), Reading.failed(e));
            }
        }
        return results;
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    /** A node's INFO, and {@code maxclients} from INFO (7.0+) or CONFIG GET (until refused once). */
    private Reading read(RedisClusterCommands<String, byte[]> commands) {
        try {
            RedisInfo info = RedisInfo.parse(commands.info());
            Long maxClients = info.longValue("maxclients").isPresent() ? info.longValue("maxclients").getAsLong()
                    : configGetMaxClients(commands);
            return new Reading(info, maxClients, null);
        } catch (RuntimeException e) {
            return Reading.failed(e);
        }
    }

    private Long configGetMaxClients(RedisClusterCommands<String, byte[]> commands) {
        if (configRefused) {
            return null;
        }
        try {
            String value = commands.configGet("maxclients").get("maxclients");
            return value == null ? null : Long.valueOf(value);
        } catch (RuntimeException e) {
            // Restricted user or managed Redis: stop asking, each refusal would count as a failed command.
            configRefused = true;
            return null;
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** What one node gave: its INFO and maxclients, or the error that stopped the read. */
    private record Reading(RedisInfo info, Long maxClients, String error) {

        static Reading failed(RuntimeException e) {
            return new Reading(null, null, describe(e));
        }
    }
}
