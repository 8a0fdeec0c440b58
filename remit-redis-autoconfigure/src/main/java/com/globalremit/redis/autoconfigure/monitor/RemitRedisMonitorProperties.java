package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.AlertThresholds;
import com.globalremit.redis.monitor.RedisRole;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Monitoring, alerts and the configuration advisor ({@code remit.redis.monitor.*}).
 */
@ConfigurationProperties("remit.redis.monitor")
public class RemitRedisMonitorProperties {

    /** Sample INFO, evaluate alerts and publish meters. */
    private boolean enabled = true;

    /** How often INFO is read from every node; interval figures (hit ratio, commands/s, CPU) cover this period. */
    private Duration interval = Duration.ofSeconds(15);

    /**
     * What the Redis instance is used for: CACHE, DURABLE or both. Drives the advisor's profile and whether the
     * hit-rate alert applies. Both by default: an instance whose use is not declared may hold sessions and jobs,
     * so it gets the durable checks (noeviction, AOF) as well as the cache ones; where they conflict durability
     * wins.
     */
    private Set<RedisRole> roles = new LinkedHashSet<>(EnumSet.allOf(RedisRole.class));

    private final Advisor advisor = new Advisor();

    private final Alerts alerts = new Alerts();

    private final CommandLatency commandLatency = new CommandLatency();

    /**
     * Client-side command latency from Lettuce (timers {@code lettuce.command.completion} and
     * {@code lettuce.command.firstresponse}, tagged by command), recorded when a MeterRegistry bean exists and the
     * application defines no ClientResources bean of its own.
     */
    public static class CommandLatency {

        /** Record Lettuce command latencies. */
        private boolean enabled = true;

        /** Percentiles computed in the application (not aggregable across instances). */
        private double[] percentiles = {0.5, 0.95, 0.99};

        /** Also publish histogram buckets (aggregable in Prometheus with histogram_quantile; more series). */
        private boolean histogram;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public double[] getPercentiles() { return percentiles; }
        public void setPercentiles(double[] percentiles) { this.percentiles = percentiles; }
        public boolean isHistogram() { return histogram; }
        public void setHistogram(boolean histogram) { this.histogram = histogram; }
    }

    /** The configuration advisor. */
    public static class Advisor {

        /** Log the advisor's report once after start-up (off the start-up thread). */
        private boolean logOnStartup = true;

        public boolean isLogOnStartup() { return logOnStartup; }
        public void setLogOnStartup(boolean logOnStartup) { this.logOnStartup = logOnStartup; }
    }

    /** Alert thresholds; defaults are the design document's. */
    public static class Alerts {

        /** Fire when used memory exceeds this percentage of maxmemory. */
        private double memoryUsage = 80;

        /** Fire when Redis uses more than this percentage of one CPU core over the interval. */
        private double cpuUsage = 70;

        /** Fire when a replica lags more than this. */
        private Duration replicationLag = Duration.ofSeconds(5);

        /** Fire when Redis replies with more errors than this per minute. */
        private double failedCommandsPerMinute = 100;

        /** Fire when the keyspace hit rate over the interval falls below this percentage (CACHE role only). */
        private double hitRate = 90;

        /** Judge the hit rate only when the interval had at least this many lookups. */
        private long hitRateMinLookups = 100;

        /** Fire when connected clients exceed this percentage of maxclients. */
        private double connectedClients = 90;

        /**
         * Alerts that are CRITICAL when firing (and turn the remitRedisAlerts health contributor DOWN); the others
         * are warnings. One of memory-usage, cpu-usage, replication-lag, failed-commands, hit-rate,
         * connected-clients.
         */
        private Set<String> critical = new LinkedHashSet<>(Set.of(AlertThresholds.MEMORY_USAGE));

        public double getMemoryUsage() { return memoryUsage; }
        public void setMemoryUsage(double memoryUsage) { this.memoryUsage = memoryUsage; }
        public double getCpuUsage() { return cpuUsage; }
        public void setCpuUsage(double cpuUsage) { this.cpuUsage = cpuUsage; }
        public Duration getReplicationLag() { return replicationLag; }
        public void setReplicationLag(Duration replicationLag) { this.replicationLag = replicationLag; }
        public double getFailedCommandsPerMinute() { return failedCommandsPerMinute; }
        public void setFailedCommandsPerMinute(double failedCommandsPerMinute) { this.failedCommandsPerMinute = failedCommandsPerMinute; }
        public double getHitRate() { return hitRate; }
        public void setHitRate(double hitRate) { this.hitRate = hitRate; }
        public long getHitRateMinLookups() { return hitRateMinLookups; }
        public void setHitRateMinLookups(long hitRateMinLookups) { this.hitRateMinLookups = hitRateMinLookups; }
        public double getConnectedClients() { return connectedClients; }
        public void setConnectedClients(double connectedClients) { this.connectedClients = connectedClients; }
        public Set<String> getCritical() { return critical; }
        public void setCritical(Set<String> critical) { this.critical = critical; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public Set<RedisRole> getRoles() { return roles; }
    public void setRoles(Set<RedisRole> roles) { this.roles = roles; }
    public Advisor getAdvisor() { return advisor; }
    public Alerts getAlerts() { return alerts; }
    public CommandLatency getCommandLatency() { return commandLatency; }
}
