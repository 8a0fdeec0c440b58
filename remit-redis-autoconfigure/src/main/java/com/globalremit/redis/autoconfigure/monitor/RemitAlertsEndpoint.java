package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertEvaluator;
import com.globalremit.redis.monitor.AlertState;
import com.globalremit.redis.monitor.RedisMonitor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/remitalerts}: every alert of the last evaluation with its state, value, threshold and since
 * when, plus the nodes that could not be read. Reads the latest evaluation; it does not query Redis.
 */
@Endpoint(id = "remitalerts")
public class RemitAlertsEndpoint {

    private final RedisMonitor monitor;
    private final AlertEvaluator alerts;

    public RemitAlertsEndpoint(RedisMonitor monitor, AlertEvaluator alerts) {
        this.monitor = monitor;
        this.alerts = alerts;
    }

    @ReadOperation
    public AlertsReport alerts() {
        List<Alert> latest = alerts.latest();
        return new AlertsReport(monitor.latest().takenAt(),
                latest.stream().filter(a -> a.state() == AlertState.FIRING).count(), latest,
                monitor.latest().failures());
    }

    /**
     * The endpoint's reply.
     *
     * @param sampledAt when INFO was last read ({@code 1970-01-01T00:00:00Z} before the first sample)
     * @param firing how many alerts fire
     * @param alerts every alert on every node
     * @param unreadableNodes nodes whose INFO could not be read, with the reason
     */
    public record AlertsReport(Instant sampledAt, long firing, List<Alert> alerts,
            Map<String, String> unreadableNodes) {
    }
}
