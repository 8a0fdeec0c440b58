package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.RedisMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INFO meters for the servers features have of their own: after each round on the shared server, samples every
 * own server with a monitor of its own and registers its meters tagged {@code connection=<features>}. Own servers
 * are discovered at the first round, because features get their clients while the context starts.
 */
public class FeatureServerMeters implements MeterBinder, Consumer<MonitorSample> {

    private final RedisServers servers;
    private final Map<RemitRedisClient, RedisInfoMeters> meters = new IdentityHashMap<>();
    private volatile MeterRegistry registry;

    public FeatureServerMeters(RedisServers servers) {
        this.servers = servers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Samples every own server; a server that fails is reported by its monitor's sample, not thrown. */
    @Override
    public synchronized void accept(MonitorSample sharedSample) {
        MeterRegistry target = registry;
        if (target == null) {
            return;
        }
        for (RedisServers.Server server : servers.servers()) {
            if (!RedisServers.SHARED.equals(server.connection())) {
                RedisInfoMeters binder = meters.computeIfAbsent(server.client(), client -> {
                    RedisInfoMeters created = new RedisInfoMeters(RedisMonitor.create(client), server.connection());
                    created.bindTo(target);
                    return created;
                });
                binder.register(binder.sampleNow());
            }
        }
    }
}
