package com.globalremit.redis.bench;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.AlertEvaluator;
import com.globalremit.redis.monitor.AlertThresholds;
import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.RedisInfo;
import com.globalremit.redis.monitor.RedisMonitor;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the monitor costs per node and interval. Off the request path (one round per interval on one thread), so
 * the point is the overhead over the raw {@code INFO} call a Prometheus exporter would make:
 *
 * <ul>
 *   <li>{@link #rawInfo()}: plain Lettuce {@code INFO} (the peer: what any exporter does), 1 command;</li>
 *   <li>{@link #sampleAndEvaluate()}: {@link RedisMonitor#sample()} (INFO, parse, interval figures) plus
 *       {@link AlertEvaluator#evaluate}: 1 command;</li>
 *   <li>{@link #parseOnly()}: parsing a captured INFO reply, no Redis: 0 commands.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class RedisMonitorBenchmark extends RedisBenchmarkState {

    private RemitRedisClient remit;
    private RedisMonitor monitor;
    private AlertEvaluator alerts;
    private String reply;

    @Override
    protected void prepare() {
        for (int i = 0; i < 100; i++) {
            redis.set("bench:monitor:" + i, "v");
        }
        remit = RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .build());
        closeAfterTrial(remit);
        monitor = RedisMonitor.create(remit);
        alerts = new AlertEvaluator(AlertThresholds.defaults(), true);
        monitor.sample();
        reply = redis.info();
    }

    @Benchmark
    public String rawInfo() {
        return redis.info();
    }

    @Benchmark
    public List<?> sampleAndEvaluate() {
        MonitorSample sample = monitor.sample();
        return alerts.evaluate(sample);
    }

    @Benchmark
    public RedisInfo parseOnly() {
        return RedisInfo.parse(reply);
    }
}
