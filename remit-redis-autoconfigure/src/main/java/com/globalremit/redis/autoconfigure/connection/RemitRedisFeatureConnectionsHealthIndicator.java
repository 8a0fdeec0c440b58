package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections.Feature;
import com.globalremit.redis.connection.RemitRedisClient;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the features' own connections ({@code remit.redis.<feature>.connection}): one entry per feature, each
 * checked like the shared connection; DOWN when any is. Without such connections it is UP with no entries. A
 * durable instance that is down must show even while the shared (cache) instance is up.
 */
public class RemitRedisFeatureConnectionsHealthIndicator extends AbstractHealthIndicator {

    private final RemitRedisConnections connections;

    public RemitRedisFeatureConnectionsHealthIndicator(RemitRedisConnections connections) {
        super("Redis health check of the features' own connections failed");
        this.connections = connections;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        Map<String, Health> byFeature = new TreeMap<>();
        for (Map.Entry<Feature, RemitRedisClient> entry : connections.ownClients().entrySet()) {
            Health health = new RemitRedisHealthIndicator(entry.getValue()).health(true);
            byFeature.put(entry.getKey().prefix(), health);
            if (!Status.UP.equals(health.getStatus())) {
                builder.down();
            }
        }
        builder.withDetails(byFeature);
    }
}
