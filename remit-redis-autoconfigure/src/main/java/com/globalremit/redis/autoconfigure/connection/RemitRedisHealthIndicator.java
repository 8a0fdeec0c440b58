package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.connection.RedisMode;
import com.globalremit.redis.connection.RemitRedisClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the shared connection reaches Redis: UP with the mode and server version, DOWN with the
 * error otherwise. On a cluster it is DOWN unless {@code cluster_state:ok}. Each check is bounded by the
 * connection's command timeout. Details never include addresses' credentials.
 */
public class RemitRedisHealthIndicator extends AbstractHealthIndicator {

    private final RemitRedisClient client;

    public RemitRedisHealthIndicator(RemitRedisClient client) {
        super("Redis health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String server = client.syncStrings().info("server");
        builder.up().withDetail("mode", client.mode().name().toLowerCase())
                .withDetail("version", field(server, "redis_version"));
        if (client.mode() == RedisMode.CLUSTER) {
            String state = field(client.syncStrings().clusterInfo(), "cluster_state");
            builder.withDetail("clusterState", state);
            if (!"ok".equals(state)) {
                builder.down();
            }
        }
    }

    /** Reads one {@code name:value} line of an INFO-style reply. */
    static String field(String info, String name) {
        String prefix = name + ":";
        return info.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).strip())
                .findFirst().orElse("unknown");
    }
}
