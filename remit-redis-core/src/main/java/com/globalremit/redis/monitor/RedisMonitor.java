package com.globalremit.redis.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.globalremit.redis.connection.RemitRedisClient;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Samples {@code INFO} of every node (each cluster master that serves slots; the one server otherwise) and keeps
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
        Map<String, Object> results;
        try {
            results = client.fromEachMaster(commands -> read(commands));
        } catch (RuntimeException e) {
            failures.put("*", describe(e));
            MonitorSample failed = new MonitorSample(now, Map.of(), failures);
            latest = failed;
            return failed;
        }
        results.forEach((node, result) -> {
            if (result instanceof Reading reading) {
                Long maxClients = maxClients(node, reading);
                NodeSnapshot snapshot = new NodeSnapshot(node, clock.instant(), reading.info(), maxClients);
                NodeStatus before = previous.nodes().get(node);
                IntervalStats interval = before == null ? null : IntervalStats.between(before.snapshot(), snapshot);
                nodes.put(node, new NodeStatus(snapshot, interval));
            } else {
                failures.put(node, (String) result);
            }
        });
        MonitorSample sample = new MonitorSample(now, nodes, failures);
        latest = sample;
        return sample;
    }

    /** A node's INFO, and its CONFIG GET maxclients where INFO lacks it (read once, then remembered). */
    private Object read(RedisClusterCommands<String, byte[]> commands) {
        try {
            RedisInfo info = RedisInfo.parse(commands.info());
            Long fromConfig = null;
            if (info.longValue("maxclients").isEmpty()) {
                fromConfig = configGetMaxClients(commands);
            }
            return new Reading(info, fromConfig);
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    private static Long maxClients(String node, Reading reading) {
        if (reading.info().longValue("maxclients").isPresent()) {
            return reading.info().longValue("maxclients").getAsLong();
        }
        return reading.configMaxClients();
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

    private record Reading(RedisInfo info, Long configMaxClients) {
    }
}
