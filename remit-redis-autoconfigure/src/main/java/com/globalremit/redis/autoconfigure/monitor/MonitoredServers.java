package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertEvaluator;
import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.RedisMonitor;
import com.globalremit.redis.monitor.RedisRole;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Redis the application uses ({@link RedisServers}), each with its own INFO monitor and alert evaluator, so
 * that memory, lag, failed commands and clients are watched where the queue and the sessions live too, not only
 * on the shared server. The shared server uses the {@link RedisMonitor} and {@link AlertEvaluator} beans (a
 * replacement bean is honoured); a feature's own server gets a monitor and an evaluator with the same thresholds,
 * the hit-rate rule only where the cache lives. Own servers are discovered at each round, because features get
 * their clients while the context starts.
 */
public class MonitoredServers {

    private final RedisServers servers;
    private final Monitored shared;
    private final Map<RemitRedisClient, Monitored> own = new IdentityHashMap<>();
    private volatile List<Monitored> latest;

    /**
     * One server under watch.
     *
     * @param connection {@code shared}, or the features on the server joined by {@code +}
     */
    public record Monitored(String connection, RedisMonitor monitor, AlertEvaluator alerts) {
    }

    public MonitoredServers(RedisServers servers, RedisMonitor sharedMonitor, AlertEvaluator sharedAlerts) {
        this.servers = servers;
        this.shared = new Monitored(RedisServers.SHARED, sharedMonitor, sharedAlerts);
        this.latest = List.of(shared);
    }

    /**
     * Samples the shared server, then every own server, and evaluates each one's alerts. A server that cannot be
     * read shows in its sample's failures and as UNKNOWN alerts (the monitor reports failures, it does not throw).
     *
     * @return the shared server's sample
     */
    public synchronized MonitorSample sampleAll() {
        List<Monitored> current = new ArrayList<>();
        current.add(shared);
        for (RedisServers.Server server : servers.servers()) {
            if (!RedisServers.SHARED.equals(server.connection())) {
                current.add(own.computeIfAbsent(server.client(), client -> new Monitored(server.connection(),
                        RedisMonitor.create(client), new AlertEvaluator(shared.alerts().thresholds(),
                                server.roles().contains(RedisRole.CACHE)))));
            }
        }
        latest = List.copyOf(current);
        for (Monitored server : current) {
            server.alerts().evaluate(server.monitor().sample());
        }
        return shared.monitor().latest();
    }

    /** The servers of the last round, the shared one first. */
    public List<Monitored> servers() {
        return latest;
    }

    /** Every server's alerts from its last evaluation, the shared server's first. */
    public List<Alert> latestAlerts() {
        List<Alert> alerts = new ArrayList<>();
        latest.forEach(server -> alerts.addAll(server.alerts().latest()));
        return List.copyOf(alerts);
    }
}
