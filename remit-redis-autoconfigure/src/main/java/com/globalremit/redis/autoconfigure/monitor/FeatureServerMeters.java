package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.RedisMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INFO meters for the servers features have of their own: after each round (in which {@link MonitoredServers}
 * sampled every server), registers meters for each own server's new nodes, tagged {@code connection=<features>}.
 */
public class FeatureServerMeters implements MeterBinder, Consumer<MonitorSample> {

    private final MonitoredServers servers;
    private final Map<RedisMonitor, RedisInfoMeters> meters = new IdentityHashMap<>();
    private volatile MeterRegistry registry;

    public FeatureServerMeters(MonitoredServers servers) {
        this.servers = servers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized void accept(MonitorSample sharedSample) {
        MeterRegistry target = registry;
        if (target == null) {
            return;
        }
        for (MonitoredServers.Monitored server : servers.servers()) {
            if (!RedisServers.SHARED.equals(server.connection())) {
                RedisInfoMeters binder = meters.computeIfAbsent(server.monitor(), monitor -> {
                    RedisInfoMeters created = new RedisInfoMeters(monitor, server.connection());
                    created.bindTo(target);
                    return created;
                });
                binder.register(server.monitor().latest());
            }
        }
    }
}
