package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;

import io.lettuce.core.resource.ClientResources;

/**
 * The advisor against real servers: Redis's defaults, the recommended durable profile, an evicting policy, and the
 * least-privilege users of docs/operations/users.acl.
 */
class ConfigurationAdvisorRedisTest {

    private static ClientResources resources;
    private static RedisServer defaults;
    private static RedisServer durable;

    @BeforeAll
    static void start() {
        resources = ClientResources.create();
        defaults = RedisServer.builder().start();
        durable = RedisServer.builder().password("admin-pw").aof(true).config("appendfsync", "everysec")
                .config("maxmemory", "64mb").config("maxmemory-policy", "noeviction")
                .aclUser("remit-app", "app-pw", AclFileUsers.rules("remit-app"))
                .aclUser("remit-monitor", "monitor-pw", AclFileUsers.rules("remit-monitor"))
                .aclUser("auditor", "auditor-pw", "~* &* +@all -@dangerous +acl")
                .start();
    }

    @AfterAll
    static void stop() {
        if (defaults != null) {
            defaults.close();
        }
        if (durable != null) {
            durable.close();
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static AdvisorReport advise(RedisServer server, String user, String password, Set<RedisRole> roles) {
        RedisConnectionSettings.Builder settings = RedisConnectionSettings.standalone(server.host() + ":"
                + server.port());
        if (user != null) {
            settings.username(user);
        }
        if (password != null) {
            settings.password(password);
        }
        try (RemitRedisClient client = RemitRedisClient.create(settings.build(), resources)) {
            return ConfigurationAdvisor.create(client, roles).advise();
        }
    }

    private static Map<String, FindingStatus> byCheck(AdvisorReport report) {
        return report.findings().stream().collect(Collectors.toMap(Finding::check, Finding::status));
    }

    @Test
    void redisDefaultsFailTheDurableProfile() {
        AdvisorReport report = advise(defaults, null, null, Set.of(RedisRole.DURABLE));
        assertThat(byCheck(report)).containsEntry("authentication", FindingStatus.CRITICAL)
                .containsEntry("appendonly", FindingStatus.CRITICAL)
                .containsEntry("appendfsync", FindingStatus.UNKNOWN) // AOF is off, fsync policy moot
                .containsEntry("maxmemory", FindingStatus.WARN)
                .containsEntry("maxmemory-policy", FindingStatus.OK) // noeviction is Redis's default
                .containsEntry("dangerous-commands", FindingStatus.CRITICAL)
                .containsEntry("protected-mode", FindingStatus.OK)
                .containsEntry("tcp-keepalive", FindingStatus.OK)
                .containsEntry("tls", FindingStatus.WARN);
        Finding dangerous = report.findings().stream().filter(f -> f.check().equals("dangerous-commands"))
                .findFirst().orElseThrow();
        assertThat(dangerous.actual()).contains("FLUSHALL", "FLUSHDB", "DEBUG", "KEYS", "CONFIG SET");
        assertThat(dangerous.node()).isEqualTo(defaults.host() + ":" + defaults.port());
        assertThat(report.worst()).isEqualTo(FindingStatus.CRITICAL);
    }

    @Test
    void cacheRoleWantsAMemoryLimitAndAnAllkeysPolicy() {
        Map<String, FindingStatus> checks = byCheck(advise(defaults, null, null, Set.of(RedisRole.CACHE)));
        assertThat(checks).containsEntry("maxmemory", FindingStatus.CRITICAL)
                .containsEntry("maxmemory-policy", FindingStatus.WARN)
                .doesNotContainKeys("appendonly", "appendfsync");
    }

    @Test
    void recommendedDurableProfilePassesForAnAdministrator() {
        AdvisorReport report = advise(durable, null, "admin-pw", Set.of(RedisRole.DURABLE, RedisRole.CACHE));
        assertThat(byCheck(report)).containsEntry("authentication", FindingStatus.OK)
                .containsEntry("appendonly", FindingStatus.OK)
                .containsEntry("appendfsync", FindingStatus.OK)
                .containsEntry("maxmemory", FindingStatus.OK)
                .containsEntry("maxmemory-policy", FindingStatus.OK)
                // the default user is an administrator: it may run them, and the advisor says so
                .containsEntry("dangerous-commands", FindingStatus.CRITICAL);
    }

    @Test
    void evictingPolicyOnADurableInstanceIsCritical() {
        try (RedisServer lru = RedisServer.builder().config("maxmemory", "64mb")
                .config("maxmemory-policy", "allkeys-lru").start()) {
            Finding policy = advise(lru, null, null, Set.of(RedisRole.DURABLE)).findings().stream()
                    .filter(f -> f.check().equals("maxmemory-policy")).findFirst().orElseThrow();
            assertThat(policy.status()).isEqualTo(FindingStatus.CRITICAL);
            assertThat(policy.actual()).isEqualTo("allkeys-lru");
            assertThat(policy.why()).contains("sessions", "queued jobs");
            assertThat(byCheck(advise(lru, null, null, Set.of(RedisRole.CACHE))))
                    .containsEntry("maxmemory-policy", FindingStatus.OK);
        }
    }

    @Test
    void restrictedAppUserGetsUnknownInsteadOfErrors() {
        long errorsBefore = errorReplies();
        AdvisorReport report = advise(durable, "remit-app", "app-pw", Set.of(RedisRole.DURABLE));
        assertThat(byCheck(report)).containsEntry("maxmemory", FindingStatus.UNKNOWN)
                .containsEntry("maxmemory-policy", FindingStatus.UNKNOWN)
                .containsEntry("appendonly", FindingStatus.UNKNOWN)
                .containsEntry("protected-mode", FindingStatus.UNKNOWN)
                .containsEntry("dangerous-commands", FindingStatus.UNKNOWN)
                .containsEntry("authentication", FindingStatus.UNKNOWN)
                .containsEntry("tls", FindingStatus.WARN);
        assertThat(report.findings()).filteredOn(f -> f.status() == FindingStatus.UNKNOWN)
                .allSatisfy(f -> assertThat(f.actual()).containsAnyOf("NOPERM", "refused"));
        // and it changed nothing: the server's configuration is as it was started
        try (RemitRedisClient admin = RemitRedisClient.create(RedisConnectionSettings.standalone(durable.host() + ":"
                + durable.port()).password("admin-pw").build(), resources)) {
            assertThat(admin.syncStrings().configGet("maxmemory-policy")).containsEntry("maxmemory-policy",
                    "noeviction");
            assertThat(admin.syncStrings().configGet("appendonly")).containsEntry("appendonly", "yes");
        }
        assertThat(errorReplies()).isGreaterThan(errorsBefore); // the refusals were real NOPERM replies
    }

    @Test
    void userWithoutDangerousCommandsPassesThatCheck() {
        // 7.0+: ACL DRYRUN; 6.2: the user's own ACL GETUSER rules, evaluated (run the suite on the bundled 6.2)
        Finding finding = advise(durable, "auditor", "auditor-pw", Set.of(RedisRole.DURABLE)).findings().stream()
                .filter(f -> f.check().equals("dangerous-commands")).findFirst().orElseThrow();
        assertThat(finding.status()).as(finding.actual()).isEqualTo(FindingStatus.OK);
    }

    @Test
    void monitoringUserCanReadTheSettings() {
        Map<String, FindingStatus> checks = byCheck(advise(durable, "remit-monitor", "monitor-pw",
                Set.of(RedisRole.DURABLE)));
        assertThat(checks).containsEntry("maxmemory-policy", FindingStatus.OK)
                .containsEntry("appendonly", FindingStatus.OK)
                .containsEntry("appendfsync", FindingStatus.OK);
    }

    @Test
    void tlsConnectionSatisfiesTheTlsCheck() {
        try (RedisServer tls = RedisServer.builder().tls(true).start();
                RemitRedisClient client = RemitRedisClient.create(RedisConnectionSettings.standalone("rediss://"
                        + tls.host() + ":" + tls.port()).verifyPeer(false).build(), resources)) {
            Finding finding = ConfigurationAdvisor.create(client, Set.of(RedisRole.CACHE)).advise().findings()
                    .stream().filter(f -> f.check().equals("tls")).findFirst().orElseThrow();
            assertThat(finding.status()).isEqualTo(FindingStatus.OK);
        }
    }

    private static long errorReplies() {
        try (RemitRedisClient admin = RemitRedisClient.create(RedisConnectionSettings.standalone(durable.host() + ":"
                + durable.port()).password("admin-pw").build(), resources)) {
            return RedisInfo.parse(admin.syncStrings().info("stats")).longValue("total_error_replies").orElse(0);
        }
    }

}
