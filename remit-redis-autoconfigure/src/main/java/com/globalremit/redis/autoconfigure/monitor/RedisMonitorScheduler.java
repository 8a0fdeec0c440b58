package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.Alert;
import com.globalremit.redis.monitor.AlertSeverity;
import com.globalremit.redis.monitor.AlertState;
import com.globalremit.redis.monitor.FindingStatus;
import com.globalremit.redis.monitor.MonitorSample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the monitor on its own daemon thread: first the advisor's start-up report (so a slow or unreachable Redis
 * never delays application start), then an INFO sample and alert evaluation of every server the application uses
 * ({@link MonitoredServers}) every interval. Alerts that start or stop firing are logged once per change. A
 * failing round is logged and the next one runs as planned. Default
 * lifecycle phase: started last, stopped first, so no round runs against a Redis client being closed.
 */
public class RedisMonitorScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisMonitorScheduler.class);

    private final MonitoredServers servers;
    private final ServersAdvisor advisor;
    private final Duration interval;
    private final boolean logAdvice;
    private final List<Consumer<MonitorSample>> listeners;
    private final Map<String, AlertState> logged = new ConcurrentHashMap<>();
    /** Per connection, the nodes logged as unreadable and not yet back. */
    private final Map<String, Set<String>> unreadable = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    /** @param listeners told of the shared server's sample, after every server was sampled */
    public RedisMonitorScheduler(MonitoredServers servers, ServersAdvisor advisor, Duration interval,
            boolean logAdvice, List<Consumer<MonitorSample>> listeners) {
        this.servers = servers;
        this.advisor = advisor;
        this.interval = interval;
        this.logAdvice = logAdvice;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void start() {
        ScheduledExecutorService created = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "remit-redis-monitor");
            thread.setDaemon(true);
            return thread;
        });
        executor = created;
        if (logAdvice) {
            created.execute(this::logAdvice);
        }
        created.scheduleWithFixedDelay(this::sampleNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One round: sample and evaluate every server, notify, log changes. Public so tests and operators can force
     * a round.
     *
     * @return the shared server's sample
     */
    public MonitorSample sampleNow() {
        try {
            MonitorSample sample = servers.sampleAll();
            listeners.forEach(listener -> listener.accept(sample));
            logChanges(servers.latestAlerts());
            servers.servers().forEach(server -> logUnreadable(server.connection(), server.monitor().latest()));
            return sample;
        }
        catch (RuntimeException ex) {
            log.warn("Redis monitor round failed: {}", ex.toString());
            return servers.servers().get(0).monitor().latest();
        }
    }

    /** A node that stops answering is logged once, and once again when it is back. */
    private void logUnreadable(String connection, MonitorSample sample) {
        Set<String> failing = unreadable.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet());
        sample.failures().forEach((node, reason) -> {
            if (failing.add(node)) {
                log.warn("Redis monitor cannot read {} ({}): {}", node, connection, reason);
            }
        });
        // "*" stands for the whole server (no node could be listed): it is back once any node answers
        failing.removeIf(node -> {
            boolean back = sample.nodes().containsKey(node) || node.equals("*") && !sample.nodes().isEmpty();
            if (back) {
                log.info("Redis monitor reads {} ({}) again", node, connection);
            }
            return back;
        });
    }

    private void logAdvice() {
        try {
            // one entry per server, so the loud warning names the server that holds the sessions and jobs
            for (ServersAdvisor.ServerAdvice server : advisor.advise().servers()) {
                FindingStatus worst = server.report().worst();
                if (worst == FindingStatus.CRITICAL || worst == FindingStatus.WARN) {
                    log.warn("{}", server.format());
                }
                else {
                    log.info("{}", server.format());
                }
            }
        }
        catch (RuntimeException ex) {
            log.warn("Redis configuration advisor failed: {}", ex.toString());
        }
    }

    private void logChanges(List<Alert> evaluated) {
        for (Alert alert : evaluated) {
            String key = alert.node() + "/" + alert.name();
            AlertState before = logged.put(key, alert.state());
            if (alert.state() == AlertState.FIRING && before != AlertState.FIRING) {
                String text = "Redis alert {} FIRING on {}: {} {} (threshold {}) since {}";
                Object[] args = {alert.name(), alert.node(), alert.value(), alert.unit(), alert.threshold(),
                        alert.since()};
                if (alert.severity() == AlertSeverity.CRITICAL) {
                    log.error(text, args);
                }
                else {
                    log.warn(text, args);
                }
            }
            else if (before == AlertState.FIRING && alert.state() != AlertState.FIRING) {
                log.info("Redis alert {} on {} is {} again", alert.name(), alert.node(), alert.state());
            }
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
