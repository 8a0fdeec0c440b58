package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertState;
import com.globalremit.redis.monitor.MonitorSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/remitalerts}: every alert of the last evaluation on every Redis the application uses, with its
 * state, value, threshold and since when, which nodes belong to which connection, and the nodes that could not
 * be read. Reads the latest evaluation; it does not query Redis.
 */
@Endpoint(id = "remitalerts")
public class RemitAlertsEndpoint {

    private final MonitoredServers servers;

    public RemitAlertsEndpoint(MonitoredServers servers) {
        this.servers = servers;
    }

    @ReadOperation
    public AlertsReport alerts() {
        List<MonitoredServers.Monitored> monitored = servers.servers();
        List<Alert> latest = servers.latestAlerts();
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (MonitoredServers.Monitored server : monitored) {
            MonitorSample sample = server.monitor().latest();
            List<String> names = new ArrayList<>(sample.nodes().keySet());
            names.addAll(sample.failures().keySet());
            nodes.put(server.connection(), List.copyOf(names));
            sample.failures().forEach((node, reason) -> unreadable.put(
                    RedisServers.SHARED.equals(server.connection()) ? node : node + " (" + server.connection() + ")",
                    reason));
        }
        return new AlertsReport(monitored.get(0).monitor().latest().takenAt(),
                latest.stream().filter(a -> a.state() == AlertState.FIRING).count(), latest, nodes, unreadable);
    }

    /**
     * The endpoint's reply.
     *
     * @param sampledAt when INFO was last read from the shared server ({@code 1970-01-01T00:00:00Z} before the
     *        first sample)
     * @param firing how many alerts fire
     * @param alerts every alert on every node of every server
     * @param connections the nodes of each server: {@code shared}, and each feature's own server by the features
     *        on it joined by {@code +}
     * @param unreadableNodes nodes whose INFO could not be read, with the reason; a node of an own server is
     *        followed by its connection in brackets
     */
    public record AlertsReport(Instant sampledAt, long firing, List<Alert> alerts,
            Map<String, List<String>> connections, Map<String, String> unreadableNodes) {
    }
}
