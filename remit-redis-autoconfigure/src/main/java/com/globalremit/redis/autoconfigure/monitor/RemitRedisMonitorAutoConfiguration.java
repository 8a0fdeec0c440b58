package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.AlertEvaluator;
import com.globalremit.redis.monitor.AlertThresholds;
import com.globalremit.redis.monitor.ConfigurationAdvisor;
import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.RedisMonitor;
import com.globalremit.redis.monitor.RedisRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Redis monitoring on every Redis the application uses (the shared one and each feature's own): INFO sampled
 * every {@code remit.redis.monitor.interval}, alerts with the design document's thresholds, the configuration
 * advisor for the roles of the features each server holds (logged once after start-up), Micrometer meters per
 * node, the
 * {@code remitadvisor} and {@code remitalerts} Actuator endpoints and the {@code remitRedisAlerts} health
 * contributor. Off with {@code remit.redis.monitor.enabled=false}.
 */
@AutoConfiguration(after = RemitRedisConnectionAutoConfiguration.class)
@ConditionalOnClass(RedisMonitor.class)
@ConditionalOnBean(RemitRedisClient.class)
@ConditionalOnBooleanProperty(name = "remit.redis.monitor.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RemitRedisMonitorProperties.class)
public class RemitRedisMonitorAutoConfiguration {

    private static final String PREFIX = "remit.redis.monitor.";

    @Bean
    @ConditionalOnMissingBean
    RedisMonitor remitRedisMonitor(RemitRedisClient client) {
        return RedisMonitor.create(client);
    }

    @Bean
    @ConditionalOnMissingBean
    AlertEvaluator remitRedisAlertEvaluator(RemitRedisMonitorProperties properties) {
        return new AlertEvaluator(thresholds(properties.getAlerts()), roles(properties).contains(RedisRole.CACHE));
    }

    @Bean
    @ConditionalOnMissingBean
    ConfigurationAdvisor remitRedisConfigurationAdvisor(RemitRedisClient client,
            RemitRedisMonitorProperties properties) {
        return ConfigurationAdvisor.create(client, roles(properties));
    }

    @Bean
    @ConditionalOnMissingBean
    RedisServers remitRedisServers(RemitRedisClient client, ObjectProvider<RemitRedisConnections> connections,
            Environment environment, RemitRedisMonitorProperties properties) {
        return new RedisServers(client, connections.getIfAvailable(), environment, roles(properties));
    }

    @Bean
    @ConditionalOnMissingBean
    ServersAdvisor remitRedisServersAdvisor(RedisServers servers, ConfigurationAdvisor advisor) {
        return new ServersAdvisor(servers, advisor);
    }

    @Bean
    @ConditionalOnMissingBean
    MonitoredServers remitRedisMonitoredServers(RedisServers servers, RedisMonitor monitor, AlertEvaluator alerts) {
        return new MonitoredServers(servers, monitor, alerts);
    }

    @Bean
    @ConditionalOnMissingBean
    RedisMonitorScheduler remitRedisMonitorScheduler(MonitoredServers servers, ServersAdvisor advisor,
            RemitRedisMonitorProperties properties,
            ObjectProvider<RedisInfoMeters> meters, ObjectProvider<FeatureServerMeters> serverMeters) {
        Duration interval = properties.getInterval();
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "interval", interval,
                    "must be at least 1s: INFO on every node more often than that is load, not insight");
        }
        List<Consumer<MonitorSample>> listeners = new ArrayList<>();
        meters.orderedStream().forEach(m -> listeners.add(m::register));
        serverMeters.orderedStream().forEach(listeners::add);
        return new RedisMonitorScheduler(servers, advisor, interval,
                properties.getAdvisor().isLogOnStartup(), listeners);
    }

    static java.util.Set<RedisRole> roles(RemitRedisMonitorProperties properties) {
        if (properties.getRoles() == null || properties.getRoles().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "roles", properties.getRoles(),
                    "name at least one of CACHE, DURABLE");
        }
        return properties.getRoles();
    }

    static AlertThresholds thresholds(RemitRedisMonitorProperties.Alerts alerts) {
        try {
            return new AlertThresholds(alerts.getMemoryUsage(), alerts.getCpuUsage(),
                    alerts.getReplicationLag().toMillis() / 1000.0, alerts.getFailedCommandsPerMinute(),
                    alerts.getHitRate(), alerts.getHitRateMinLookups(), alerts.getConnectedClients(),
                    alerts.getCritical());
        }
        catch (IllegalArgumentException ex) {
            String message = String.valueOf(ex.getMessage());
            String setting = message.split(" ", 2)[0];
            String property = switch (setting) {
                case "memoryUsagePercent" -> "memory-usage";
                case "cpuUsagePercent" -> "cpu-usage";
                case "replicationLagSeconds" -> "replication-lag";
                case "failedCommandsPerMinute" -> "failed-commands-per-minute";
                case "hitRatePercent" -> "hit-rate";
                case "hitRateMinLookups" -> "hit-rate-min-lookups";
                case "connectedClientsPercent" -> "connected-clients";
                default -> "critical";
            };
            Object value = switch (property) {
                case "memory-usage" -> alerts.getMemoryUsage();
                case "cpu-usage" -> alerts.getCpuUsage();
                case "replication-lag" -> alerts.getReplicationLag();
                case "failed-commands-per-minute" -> alerts.getFailedCommandsPerMinute();
                case "hit-rate" -> alerts.getHitRate();
                case "hit-rate-min-lookups" -> alerts.getHitRateMinLookups();
                case "connected-clients" -> alerts.getConnectedClients();
                default -> alerts.getCritical();
            };
            throw new InvalidConfigurationPropertyValueException(PREFIX + "alerts." + property, value, message);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetersConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RedisInfoMeters remitRedisInfoMeters(RedisMonitor monitor) {
            return new RedisInfoMeters(monitor);
        }

        @Bean
        @ConditionalOnMissingBean
        FeatureServerMeters remitRedisFeatureServerMeters(MonitoredServers servers) {
            return new FeatureServerMeters(servers);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    static class EndpointsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        RemitAdvisorEndpoint remitAdvisorEndpoint(ServersAdvisor advisor) {
            return new RemitAdvisorEndpoint(advisor);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        RemitAlertsEndpoint remitAlertsEndpoint(MonitoredServers servers) {
            return new RemitAlertsEndpoint(servers);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("remit-redis-alerts")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "remitRedisAlertsHealthIndicator")
        RemitRedisAlertsHealthIndicator remitRedisAlertsHealthIndicator(MonitoredServers servers) {
            return new RemitRedisAlertsHealthIndicator(servers);
        }
    }
}
