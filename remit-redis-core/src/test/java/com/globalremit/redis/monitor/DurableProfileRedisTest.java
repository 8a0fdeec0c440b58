package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * docs/operations/redis-durable.conf and users.acl as shipped: a redis-server started with their directives passes
 * the advisor's durable checks, and the documented application user may run what the starter needs but none of
 * the dangerous commands.
 */
class DurableProfileRedisTest {

    /** Directives the test harness owns (address, data directory, log) or that point at files of a real host. */
    private static final Set<String> HOST_SPECIFIC = Set.of("bind", "port", "dir", "aclfile", "daemonize", "logfile",
            "pidfile");

    private static RedisServer server;
    private static RemitRedisClient admin;

    @BeforeAll
    static void start() throws IOException {
        RedisServer.Builder builder = RedisServer.builder().aof(true).password("admin-pw")
                .aclUser("remit-app", "app-pw", AclFileUsers.rules("remit-app"))
                .aclUser("remit-monitor", "monitor-pw", AclFileUsers.rules("remit-monitor"));
        for (String[] directive : directives(Path.of("..", "docs", "operations", "redis-durable.conf"))) {
            builder.config(directive[0], directive[1]);
        }
        server = builder.start();
        admin = RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .password("admin-pw").build());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static List<String[]> directives(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+", 2))
                .filter(parts -> !HOST_SPECIFIC.contains(parts[0]) && !parts[0].startsWith("tls-"))
                .toList();
    }

    @Test
    void passesTheAdvisorsDurableChecks() {
        AdvisorReport report = ConfigurationAdvisor.create(admin, Set.of(RedisRole.DURABLE)).advise();
        Map<String, FindingStatus> checks = report.findings().stream()
                .collect(Collectors.toMap(Finding::check, Finding::status));
        assertThat(checks).containsEntry("maxmemory", FindingStatus.OK)
                .containsEntry("maxmemory-policy", FindingStatus.OK)
                .containsEntry("appendonly", FindingStatus.OK)
                .containsEntry("appendfsync", FindingStatus.OK)
                .containsEntry("authentication", FindingStatus.OK)
                .containsEntry("protected-mode", FindingStatus.OK)
                .containsEntry("tcp-keepalive", FindingStatus.OK);
        assertThat(admin.syncStrings().configGet("save").get("save")).isEqualTo("900 1 300 10 60 10000");
    }

    @Test
    void applicationUserMayRunWhatTheStarterUsesButNoDangerousCommand() {
        assumeTrue(RedisInfo.parse(admin.syncStrings().info("server")).version()[0] >= 7,
                "ACL DRYRUN needs Redis 7.0");
        for (List<String> command : ConfigurationAdvisor.DANGEROUS_COMMANDS.values()) {
            assertThat(dryRun("remit-app", command)).as(String.join(" ", command)).isNotEqualTo("OK");
        }
        List<List<String>> used = List.of(List.of("GET", "k"), List.of("SET", "k", "v", "PX", "100"),
                List.of("EVALSHA", "0123456789012345678901234567890123456789", "1", "k"),
                List.of("EVAL", "return 1", "0"), List.of("SCRIPT", "LOAD", "return 1"),
                List.of("ZADD", "q", "1", "j"), List.of("ZPOPMIN", "q"), List.of("BZPOPMIN", "q", "1"),
                List.of("HSET", "h", "f", "v"), List.of("PEXPIRE", "k", "100"), List.of("UNLINK", "k"),
                List.of("SCAN", "0", "MATCH", "k*"), List.of("MULTI"), List.of("EXEC"),
                List.of("PUBLISH", "c", "m"), List.of("SUBSCRIBE", "c"), List.of("PING"), List.of("INFO"),
                List.of("TIME"), List.of("CLIENT", "SETNAME", "teller"), List.of("HELLO", "3"));
        for (List<String> command : used) {
            assertThat(dryRun("remit-app", command)).as(String.join(" ", command)).isEqualTo("OK");
        }
        assertThat(dryRun("remit-app", List.of("SCRIPT", "FLUSH"))).isNotEqualTo("OK");
        assertThat(dryRun("remit-monitor", List.of("INFO"))).isEqualTo("OK");
        assertThat(dryRun("remit-monitor", List.of("CONFIG", "GET", "maxmemory"))).isEqualTo("OK");
        assertThat(dryRun("remit-monitor", List.of("GET", "k"))).isNotEqualTo("OK");
        assertThat(dryRun("remit-monitor", List.of("CONFIG", "SET", "maxmemory", "0"))).isNotEqualTo("OK");
    }

    private static String dryRun(String user, List<String> command) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("DRYRUN").add(user);
        command.forEach(args::add);
        return admin.syncStrings().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
    }
}
