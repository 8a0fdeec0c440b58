package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.IntervalStats;
import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.NodeSnapshot;
import com.globalremit.redis.monitor.NodeStatus;
import com.globalremit.redis.monitor.RedisInfo;
import com.globalremit.redis.monitor.RedisMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Micrometer meters read from the monitor's latest INFO sample, one set per node (tag {@code node}). Nodes are
 * discovered as samples arrive, so a cluster that grows gets meters for its new masters. Cumulative INFO counters
 * are function counters (Prometheus computes rates from them); interval figures (commands/s, hit ratio, CPU) are
 * gauges over the monitor's interval. A value the node did not report is NaN, not 0. Tag {@code connection} tells
 * the servers apart: {@code shared} for the shared client, the features joined by {@code +} (e.g.
 * {@code queue+session}) for a feature's own server.
 */
public class RedisInfoMeters implements MeterBinder {

    /** Every meter this binder registers: name, type, base unit, description and how to read it. */
    public static final List<Definition> DEFINITIONS = List.of(
            gauge("remit.redis.memory.used", "bytes", "Memory used by Redis (used_memory)", s -> info(s, "used_memory")),
            gauge("remit.redis.memory.max", "bytes", "maxmemory; 0 means no limit", s -> info(s, "maxmemory")),
            gauge("remit.redis.memory.fragmentation.ratio", null,
                    "RSS / used memory; read with the fragmentation bytes, the ratio alone misleads on small data",
                    s -> info(s, "mem_fragmentation_ratio")),
            gauge("remit.redis.memory.fragmentation", "bytes", "RSS minus used memory (mem_fragmentation_bytes)",
                    s -> info(s, "mem_fragmentation_bytes")),
            counter("remit.redis.keys.evicted", "Keys evicted because of maxmemory", s -> info(s, "evicted_keys")),
            counter("remit.redis.keys.expired", "Keys removed because their TTL passed", s -> info(s, "expired_keys")),
            counter("remit.redis.commands.processed", "Commands processed since start",
                    s -> info(s, "total_commands_processed")),
            gauge("remit.redis.commands.rate", null, "Commands per second over the last interval",
                    s -> interval(s, IntervalStats::commandsPerSecond)),
            counter("remit.redis.commands.failed", "Error replies since start (total_error_replies, Redis 6.2+)",
                    s -> s.snapshot().info().totalErrorReplies().isPresent()
                            ? s.snapshot().info().totalErrorReplies().getAsLong() : Double.NaN),
            counter("remit.redis.keyspace.hits", "Successful key lookups", s -> info(s, "keyspace_hits")),
            counter("remit.redis.keyspace.misses", "Failed key lookups", s -> info(s, "keyspace_misses")),
            gauge("remit.redis.keyspace.hit.ratio", null,
                    "Hits / lookups over the last interval (not since start); NaN when there were no lookups",
                    s -> interval(s, IntervalStats::hitRatio)),
            gauge("remit.redis.keys", null, "Keys in all databases", RedisInfoMeters::keys),
            gauge("remit.redis.cpu.usage", null, "CPU used by Redis over the last interval, 1 = one core busy",
                    s -> interval(s, IntervalStats::cpuRatio)),
            gauge("remit.redis.clients.connected", null, "Connected clients", s -> info(s, "connected_clients")),
            gauge("remit.redis.clients.blocked", null, "Clients blocked in BLPOP/BZPOPMIN/XREAD...",
                    s -> info(s, "blocked_clients")),
            gauge("remit.redis.clients.max", null, "maxclients",
                    s -> s.snapshot().maxClients() == null ? Double.NaN : s.snapshot().maxClients()),
            counter("remit.redis.connections.rejected", "Connections refused because of maxclients",
                    s -> info(s, "rejected_connections")),
            gauge("remit.redis.rdb.last.save.time", "seconds", "Unix time of the last successful RDB save",
                    s -> info(s, "rdb_last_save_time")),
            gauge("remit.redis.rdb.last.save.ok", null, "1 when the last BGSAVE succeeded, 0 when it failed",
                    s -> status(s, "rdb_last_bgsave_status")),
            gauge("remit.redis.rdb.changes.since.last.save", null, "Writes not yet in an RDB snapshot",
                    s -> info(s, "rdb_changes_since_last_save")),
            gauge("remit.redis.aof.enabled", null, "1 when AOF is on", s -> info(s, "aof_enabled")),
            gauge("remit.redis.aof.size", "bytes", "Current AOF size (NaN with AOF off)",
                    s -> info(s, "aof_current_size")),
            gauge("remit.redis.aof.last.write.ok", null, "1 when the last AOF write succeeded, 0 when it failed",
                    s -> status(s, "aof_last_write_status")),
            gauge("remit.redis.aof.last.rewrite.ok", null, "1 when the last AOF rewrite succeeded, 0 when it failed",
                    s -> status(s, "aof_last_bgrewrite_status")),
            gauge("remit.redis.replication.primary", null, "1 when the node is a primary, 0 for a replica",
                    s -> s.snapshot().info().string("role").isEmpty() ? Double.NaN
                            : s.snapshot().info().isPrimary() ? 1 : 0),
            gauge("remit.redis.replication.link.up", null,
                    "On a replica 1 while its link to the primary is up, 0 while it is down (also when it has never "
                            + "been up, where the lag is NaN); NaN on a primary",
                    RedisInfoMeters::replicationLinkUp),
            gauge("remit.redis.replication.connected.replicas", null, "Replicas connected to this primary",
                    s -> info(s, "connected_slaves")),
            gauge("remit.redis.replication.lag", "seconds",
                    "Largest replica lag (seconds since its last acknowledgement); on a replica whose link to its "
                            + "primary is down, seconds since it went down; NaN without replicas or when unknown",
                    s -> nullable(s.snapshot().replicationLagSeconds())),
            gauge("remit.redis.replication.lag.data", "bytes",
                    "Largest master_repl_offset minus a replica's offset; NaN without replicas",
                    s -> nullable(s.snapshot().replicationLagBytes())));

    private final RedisMonitor monitor;
    private final String connection;
    /** Held here because Micrometer keeps only weak references to a function counter's state object. */
    private final Supplier<MonitorSample> latest;
    private final Set<String> registeredNodes = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public RedisInfoMeters(RedisMonitor monitor) {
        this(monitor, RedisServers.SHARED);
    }

    /** Meters of one server, tagged {@code connection=<connection>}. */
    public RedisInfoMeters(RedisMonitor monitor, String connection) {
        this.monitor = monitor;
        this.connection = connection;
        this.latest = monitor::latest;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        register(monitor.latest());
    }

    /** Registers meters for nodes seen for the first time; called after every sample. */
    public void register(MonitorSample sample) {
        MeterRegistry target = registry;
        if (target == null) {
            return;
        }
        for (String node : sample.nodes().keySet()) {
            if (registeredNodes.add(node)) {
                for (Definition definition : DEFINITIONS) {
                    definition.register(target, latest, node, connection);
                }
            }
        }
    }

    /**
     * One meter.
     *
     * @param name Micrometer name
     * @param counter a function counter (cumulative since server start) rather than a gauge
     * @param baseUnit {@code bytes}, {@code seconds} or {@code null}
     * @param description what it measures
     * @param reader reads the value from a node's status
     */
    public record Definition(String name, boolean counter, String baseUnit, String description,
            Function<NodeStatus, Double> reader) {

        /** {@code latest} must stay strongly reachable: function counters hold it weakly. */
        void register(MeterRegistry registry, Supplier<MonitorSample> latest, String node, String connection) {
            if (counter) {
                FunctionCounter.builder(name, latest, m -> read(m, node)).baseUnit(baseUnit)
                        .description(description).tag("node", node).tag("connection", connection).register(registry);
            } else {
                Gauge.builder(name, latest, m -> read(m, node)).baseUnit(baseUnit).description(description)
                        .tag("node", node).tag("connection", connection).strongReference(true).register(registry);
            }
        }

        private double read(Supplier<MonitorSample> latest, String node) {
            NodeStatus status = latest.get().nodes().get(node);
            if (status == null) {
                return Double.NaN;
            }
            Double value = reader.apply(status);
            return value == null ? Double.NaN : value;
        }
    }

    private static Definition gauge(String name, String unit, String description, Function<NodeStatus, Double> f) {
        return new Definition(name, false, unit, description, f);
    }

    private static Definition counter(String name, String description, Function<NodeStatus, Double> f) {
        return new Definition(name, true, null, description, f);
    }

    private static Double info(NodeStatus status, String field) {
        RedisInfo info = status.snapshot().info();
        return info.doubleValue(field).isPresent() ? info.doubleValue(field).getAsDouble() : Double.NaN;
    }

    private static Double status(NodeStatus status, String field) {
        return status.snapshot().info().string(field).map(v -> "ok".equals(v) ? 1.0 : 0.0).orElse(Double.NaN);
    }

    private static Double interval(NodeStatus status, Function<IntervalStats, Double> f) {
        IntervalStats interval = status.interval();
        return interval == null ? Double.NaN : nullable(f.apply(interval));
    }

    private static Double replicationLinkUp(NodeStatus status) {
        RedisInfo info = status.snapshot().info();
        if (info.string("role").isEmpty() || info.isPrimary()) {
            return Double.NaN;
        }
        if (info.string("master_link_status").isEmpty()) {
            return Double.NaN;
        }
        return status.snapshot().replicationLinkDown() ? 0.0 : 1.0;
    }

    private static Double keys(NodeStatus status) {
        NodeSnapshot snapshot = status.snapshot();
        return (double) snapshot.info().keyspace().values().stream().mapToLong(k -> Math.max(0, k.keys())).sum();
    }

    private static Double nullable(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }
}
