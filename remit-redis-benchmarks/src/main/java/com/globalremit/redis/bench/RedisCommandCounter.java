package com.globalremit.redis.bench;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Counts the Redis commands an operation makes the server execute, from {@code INFO commandstats}
 * deltas: snapshot, run the operation N times, snapshot again, subtract.
 *
 * <pre>{@code
 * CommandCounts counts = RedisCommandCounter.of(connection).measure(1000, () -> sync.get("key"));
 * counts.perOperation();   // 1.0
 * counts.perCommand();     // {get=1000}
 * }</pre>
 *
 * <p>What is counted:
 * <ul>
 *   <li>every command the server ran on any connection while measuring, so nothing else should talk to
 *       the server meanwhile (benchmarks use their own server);</li>
 *   <li>commands run <em>inside</em> Lua scripts and functions too: an {@code EVALSHA} whose script calls
 *       {@code GET} counts {@code evalsha=1, get=1};</li>
 *   <li>executed calls plus rejected calls ({@link CommandStat#issued()});</li>
 *   <li>not {@code INFO}: the counter's own snapshots would show up, so {@code info} is dropped from every
 *       delta, nor the replicas' {@code REPLCONF ACK} ({@link #EXCLUDED_COMMANDS});</li>
 *   <li>not commands Redis does not know (they have no {@code cmdstat_} line).</li>
 * </ul>
 *
 * <p>Against several nodes (a cluster) the snapshots are summed over the nodes given; pass the masters only,
 * since replicas also execute the replicated writes ({@link #forClusterMasters}).
 *
 * <p>Opening a Lettuce connection sends {@code HELLO} and {@code CLIENT SETINFO}: open connections before
 * measuring, or they are counted.
 */
public final class RedisCommandCounter {

    /**
     * Commands dropped from every delta: {@code info} (the counter's own snapshots) and {@code replconf} (the
     * {@code REPLCONF ACK} a replica sends its master every second: server-to-server, never a client's).
     */
    public static final Set<String> EXCLUDED_COMMANDS = Set.of("info", "replconf");

    private static final String PREFIX = "cmdstat_";

    /** One operation to count; may throw. */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    private final List<Supplier<String>> commandstatsSources;

    private RedisCommandCounter(List<Supplier<String>> commandstatsSources) {
        if (commandstatsSources.isEmpty()) {
            throw new IllegalArgumentException("at least one node is needed");
        }
        this.commandstatsSources = List.copyOf(commandstatsSources);
    }

    /** Counts on one server. */
    public static RedisCommandCounter of(StatefulRedisConnection<String, String> connection) {
        return of(List.of(connection));
    }

    /** Counts summed over several servers (e.g. the masters of a cluster). */
    public static RedisCommandCounter of(List<? extends StatefulRedisConnection<String, String>> nodes) {
        List<Supplier<String>> sources = new ArrayList<>();
        for (StatefulRedisConnection<String, String> node : nodes) {
            Objects.requireNonNull(node, "node");
            sources.add(() -> node.sync().info("commandstats"));
        }
        return new RedisCommandCounter(sources);
    }

    /**
     * Counts summed over the masters of a cluster, as the cluster connection's partitions currently list them.
     * The node connections are opened here, before any snapshot.
     */
    public static RedisCommandCounter forClusterMasters(StatefulRedisClusterConnection<String, String> cluster) {
        List<StatefulRedisConnection<String, String>> masters = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                masters.add(cluster.getConnection(node.getNodeId()));
            }
        }
        return of(masters);
    }

    /** Counts from any source of {@code INFO commandstats} text, one per node (tests, other clients). */
    public static RedisCommandCounter ofSources(List<Supplier<String>> commandstatsSources) {
        return new RedisCommandCounter(commandstatsSources);
    }

    /** Current command statistics, summed over the nodes. */
    public Map<String, CommandStat> snapshot() {
        Map<String, CommandStat> sum = new TreeMap<>();
        for (Supplier<String> source : commandstatsSources) {
            parse(source.get()).forEach((name, stat) -> sum.merge(name, stat, CommandStat::plus));
        }
        return sum;
    }

    /** Runs {@code operation} {@code ops} times and returns the commands the server saw meanwhile. */
    public CommandCounts measure(long ops, Operation operation) throws Exception {
        if (ops <= 0) {
            throw new IllegalArgumentException("ops must be > 0: " + ops);
        }
        Map<String, CommandStat> before = snapshot();
        for (long i = 0; i < ops; i++) {
            operation.run();
        }
        Map<String, CommandStat> after = snapshot();
        return delta(before, after, ops);
    }

    /** Shorthand for {@code of(connection).measure(ops, operation)}. */
    public static CommandCounts count(StatefulRedisConnection<String, String> connection, long ops,
            Operation operation) throws Exception {
        return of(connection).measure(ops, operation);
    }

    /** Shorthand for {@code of(nodes).measure(ops, operation)}. */
    public static CommandCounts count(List<? extends StatefulRedisConnection<String, String>> nodes, long ops,
            Operation operation) throws Exception {
        return of(nodes).measure(ops, operation);
    }

    /**
     * Parses {@code INFO commandstats} (or a whole {@code INFO} reply: other lines are skipped).
     * Lines look like {@code cmdstat_get:calls=12,usec=30,usec_per_call=2.50,rejected_calls=0,failed_calls=0};
     * sub-commands are named {@code client|setname}. Unknown fields are ignored.
     *
     * @return stats by lower-case command name, in name order
     */
    public static Map<String, CommandStat> parse(String info) {
        Map<String, CommandStat> stats = new TreeMap<>();
        if (info == null) {
            return stats;
        }
        for (String rawLine : info.split("\\r?\\n")) {
            String line = rawLine.trim();
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            int colon = line.indexOf(':', PREFIX.length());
            if (colon < 0) {
                continue;
            }
            String name = line.substring(PREFIX.length(), colon).toLowerCase(Locale.ROOT);
            Map<String, String> fields = new HashMap<>();
            for (String field : line.substring(colon + 1).split(",")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    fields.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
                }
            }
            if (!fields.containsKey("calls")) {
                throw new IllegalArgumentException("no calls= in commandstats line: " + line);
            }
            CommandStat stat = new CommandStat(
                    longField(fields, "calls", line),
                    longField(fields, "usec", line),
                    longField(fields, "rejected_calls", line),
                    longField(fields, "failed_calls", line));
            stats.merge(name, stat, CommandStat::plus);
        }
        return stats;
    }

    private static long longField(Map<String, String> fields, String key, String line) {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + key + " in commandstats line: " + line, e);
        }
    }

    /**
     * Commands issued between two snapshots ({@link CommandStat#issued()} after minus before), without
     * {@link #EXCLUDED_COMMANDS} and without commands that were not called.
     *
     * @throws IllegalStateException if a counter went down (stats reset or server restarted in between)
     */
    public static CommandCounts delta(Map<String, CommandStat> before, Map<String, CommandStat> after, long ops) {
        Map<String, Long> perCommand = new TreeMap<>();
        for (Map.Entry<String, CommandStat> entry : after.entrySet()) {
            String name = entry.getKey();
            long diff = entry.getValue().issued() - before.getOrDefault(name, CommandStat.ZERO).issued();
            if (diff < 0) {
                throw new IllegalStateException("cmdstat_" + name + " went down by " + (-diff)
                        + ": CONFIG RESETSTAT or a restart happened while counting");
            }
            if (diff > 0 && !EXCLUDED_COMMANDS.contains(name)) {
                perCommand.put(name, diff);
            }
        }
        for (String name : before.keySet()) {
            if (!after.containsKey(name) && before.get(name).issued() > 0) {
                throw new IllegalStateException("cmdstat_" + name
                        + " disappeared: CONFIG RESETSTAT or a restart happened while counting");
            }
        }
        return new CommandCounts(perCommand, ops);
    }
}
