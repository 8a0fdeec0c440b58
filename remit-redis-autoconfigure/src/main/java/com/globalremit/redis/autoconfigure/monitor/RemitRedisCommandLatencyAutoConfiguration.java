package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Lettuce command latency percentiles: contributes the {@code ClientResources} bean with Lettuce's
 * {@link MicrometerCommandLatencyRecorder} before the connection auto-configuration would create a plain one
 * (which then backs off, being {@code @ConditionalOnMissingBean}). Runs after Boot's meter registry
 * auto-configuration so the condition on a {@link MeterRegistry} bean sees it. An application that defines its own
 * {@code ClientResources} keeps it and gets no latency timers from us.
 */
@AutoConfiguration(before = RemitRedisConnectionAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, MicrometerCommandLatencyRecorder.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "remit.redis.monitor.command-latency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RemitRedisMonitorProperties.class)
public class RemitRedisCommandLatencyAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    ClientResources remitRedisClientResources(MeterRegistry registry, RemitRedisMonitorProperties properties) {
        RemitRedisMonitorProperties.CommandLatency latency = properties.getCommandLatency();
        double[] percentiles = latency.getPercentiles() == null ? new double[0] : latency.getPercentiles();
        for (double p : percentiles) {
            if (!(p > 0 && p < 1)) {
                throw new InvalidConfigurationPropertyValueException("remit.redis.monitor.command-latency.percentiles",
                        java.util.Arrays.toString(percentiles), "each percentile must be between 0 and 1 (exclusive)");
            }
        }
        MicrometerOptions options = MicrometerOptions.builder().histogram(latency.isHistogram())
                .targetPercentiles(percentiles.length == 0 ? MicrometerOptions.DEFAULT_TARGET_PERCENTILES : percentiles)
                .build();
        return ClientResources.builder().commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry, options))
                .build();
    }

    /**
     * Lettuce publishes percentiles only together with a full histogram (dozens of bucket series per command and
     * node). This filter adds the percentiles alone, computed in the application, so they are on by default
     * without the series cost; {@code histogram=true} adds the buckets for aggregation across instances.
     */
    @Bean
    @ConditionalOnMissingBean(name = "remitRedisCommandLatencyPercentiles")
    MeterFilter remitRedisCommandLatencyPercentiles(RemitRedisMonitorProperties properties) {
        double[] percentiles = properties.getCommandLatency().getPercentiles();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("lettuce.command.") || percentiles == null || percentiles.length == 0) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentiles(percentiles).build().merge(config);
            }
        };
    }
}
