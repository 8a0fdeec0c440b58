package com.globalremit.redis.autoconfigure.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.monitor.IntervalStats;
import com.globalremit.redis.monitor.MonitorSample;
import com.globalremit.redis.monitor.NodeSnapshot;
import com.globalremit.redis.monitor.NodeStatus;
import com.globalremit.redis.monitor.RedisInfo;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus alerting rules and the Grafana dashboard under docs/operations must parse and reference only
 * series our meters produce, named as Micrometer's Prometheus registry renders them (dots to underscores, base
 * unit and _total suffixes). The names come from a real scrape, not from a hand-written list.
 */
class OperationsDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "operations");
    private static final Pattern SERIES = Pattern.compile("\\b(remit_redis|lettuce)_[a-z0-9_]+");
    private static final Set<String> DOCUMENT_ALERTS = Set.of("memory", "cpu", "replication", "failed", "hit",
            "clients");

    private static Set<String> scraped;

    @BeforeAll
    static void scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RedisInfo before = RedisInfo.parse(info(1_000_000, 10, 1));
        RedisInfo after = RedisInfo.parse(info(2_000_000, 20, 2));
        NodeSnapshot first = new NodeSnapshot("127.0.0.1:7000", Instant.EPOCH, before, 10_000L);
        NodeSnapshot second = new NodeSnapshot("127.0.0.1:7000", Instant.EPOCH, after, 10_000L);
        MonitorSample sample = new MonitorSample(Instant.EPOCH,
                Map.of("127.0.0.1:7000", new NodeStatus(second, IntervalStats.between(first, second))), Map.of());
        Supplier<MonitorSample> latest = () -> sample;
        RedisInfoMeters.DEFINITIONS.forEach(d -> d.register(registry, latest, "127.0.0.1:7000", RedisServers.SHARED));
        // Lettuce's latency timers as our auto-configuration sets them up (percentile filter, no histogram)
        RemitRedisMonitorProperties properties = new RemitRedisMonitorProperties();
        registry.config().meterFilter(new RemitRedisCommandLatencyAutoConfiguration()
                .remitRedisCommandLatencyPercentiles(properties));
        new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.builder().build()).recordCommandLatency(
                new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 7000),
                CommandType.GET, 1_000_000, 2_000_000);
        scraped = registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(scraped.stream().filter(n -> n.startsWith("remit_redis_"))).hasSize(RedisInfoMeters.DEFINITIONS.size());
        assertThat(scraped).contains("lettuce_command_completion_seconds", "lettuce_command_firstresponse_seconds");
    }

    private static String info(long timeUsec, long hits, long errors) {
        return String.join("\n", "# Server", "run_id:r", "uptime_in_seconds:1", "server_time_usec:" + timeUsec,
                "# Clients", "connected_clients:1", "blocked_clients:0", "# Memory", "used_memory:100",
                "maxmemory:1000", "mem_fragmentation_ratio:1.1", "mem_fragmentation_bytes:10", "# Persistence",
                "rdb_last_save_time:1", "rdb_last_bgsave_status:ok", "rdb_changes_since_last_save:0", "aof_enabled:1",
                "aof_current_size:10", "aof_last_write_status:ok", "aof_last_bgrewrite_status:ok", "# Stats",
                "total_commands_processed:" + hits, "keyspace_hits:" + hits, "keyspace_misses:1", "evicted_keys:0",
                "expired_keys:0", "rejected_connections:0", "total_error_replies:" + errors, "# Replication",
                "role:master", "connected_slaves:1", "slave0:ip=1.2.3.4,port=1,state=online,offset=1,lag=0",
                "master_repl_offset:1", "# CPU", "used_cpu_sys:0.1", "used_cpu_user:0.1", "# Keyspace",
                "db0:keys=1,expires=0,avg_ttl=0");
    }

    @Test
    void prometheusNamesAreAsDocumented() {
        assertThat(scraped).contains("remit_redis_memory_used_bytes", "remit_redis_keys_evicted_total",
                "remit_redis_keyspace_hit_ratio", "remit_redis_replication_lag_seconds",
                "remit_redis_commands_failed_total", "remit_redis_cpu_usage");
        String doc = read(DOCS.resolve("monitoring.md"));
        assertThat(scraped).filteredOn(name -> name.startsWith("remit_redis_")).allSatisfy(name -> assertThat(doc).as("monitoring.md lists " + name).contains(name));
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertingRulesParseAndUseOnlyOurSeries() throws IOException {
        Map<String, Object> rules;
        try (InputStream in = Files.newInputStream(DOCS.resolve("prometheus-alerts.yml"))) {
            rules = new Yaml().load(in);
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            assertThat(group).containsKeys("name", "rules");
            all.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        assertThat(all).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
            assertThat(series(String.valueOf(rule.get("expr")))).as("series of " + rule.get("alert")).isNotEmpty()
                    .allSatisfy(s -> assertThat(scraped).contains(s));
        });
        String alertNames = all.stream().map(r -> String.valueOf(r.get("alert")).toLowerCase())
                .collect(Collectors.joining(" "));
        assertThat(DOCUMENT_ALERTS).allSatisfy(word -> assertThat(alertNames).contains(word));
        // A replica whose link never came up has a NaN lag, which no "lag > 5" fires on; a stale RDB has no
        // failed BGSAVE to fire on either.
        Map<String, String> exprByAlert = all.stream().collect(Collectors.toMap(r -> String.valueOf(r.get("alert")),
                r -> String.valueOf(r.get("expr"))));
        assertThat(exprByAlert.get("RemitRedisReplicaLinkDown")).contains("remit_redis_replication_link_up");
        assertThat(exprByAlert.get("RemitRedisRdbSaveTooOld")).contains("remit_redis_rdb_last_save_time_seconds");
    }

    @Test
    void dashboardParsesAndUsesOnlyOurSeries() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(read(DOCS.resolve("grafana-dashboard.json")));
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        assertThat(expressions).hasSizeGreaterThan(10);
        Set<String> used = expressions.stream().flatMap(e -> series(e).stream()).collect(Collectors.toSet());
        assertThat(used).isNotEmpty().allSatisfy(s -> assertThat(scraped).contains(s));
        assertThat(dashboard.path("title").asString()).isNotBlank();
    }

    private static void collectExpressions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isString()) {
                out.add(expr.asString());
            }
            node.values().forEach(child -> collectExpressions(child, out));
        }
        else if (node.isArray()) {
            node.values().forEach(child -> collectExpressions(child, out));
        }
    }

    private static Set<String> series(String expression) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = SERIES.matcher(expression);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
