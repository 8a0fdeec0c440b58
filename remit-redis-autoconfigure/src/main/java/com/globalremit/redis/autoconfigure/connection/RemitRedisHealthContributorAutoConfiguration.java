package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.connection.RemitRedisClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code remitRedis} (shared connection) and {@code remitRedisFeatures} (features' own connections)
 * components to Actuator's health endpoint. Off with
 * {@code management.health.remit-redis.enabled=false}.
 */
@AutoConfiguration(after = RemitRedisConnectionAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RemitRedisClient.class)
@ConditionalOnEnabledHealthIndicator("remit-redis")
public class RemitRedisHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "remitRedisHealthIndicator")
    RemitRedisHealthIndicator remitRedisHealthIndicator(RemitRedisClient client) {
        return new RemitRedisHealthIndicator(client);
    }

    /** The {@code remitRedisFeatures} component: features on a Redis of their own. */
    @Bean
    @ConditionalOnMissingBean(name = "remitRedisFeaturesHealthIndicator")
    RemitRedisFeatureConnectionsHealthIndicator remitRedisFeaturesHealthIndicator(RemitRedisConnections connections) {
        return new RemitRedisFeatureConnectionsHealthIndicator(connections);
    }
}
