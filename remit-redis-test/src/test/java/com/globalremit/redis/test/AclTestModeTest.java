package com.globalremit.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code -Dremit.redis.test.acl=app} switched on for each test here (and off again after its deployment is closed):
 * apps connect as the documented user with exactly its rights, while the harness still flushes, fails over and
 * forms clusters with its own admin user.
 */
class AclTestModeTest {

    private String before;

    @BeforeEach
    void on() {
        before = System.getProperty(AclTestMode.PROPERTY);
        System.setProperty(AclTestMode.PROPERTY, "app");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(AclTestMode.PROPERTY);
        } else {
            System.setProperty(AclTestMode.PROPERTY, before);
        }
    }

    @Test
    void rulesAreTheDocumentedOnesWithoutFlagOrPassword() {
        String file = "# comment\nuser remit-app on #abc resetkeys ~* -@all +get\nuser other on >x +@all\n";
        assertThat(AclTestMode.documentedRules("remit-app", file)).isEqualTo("resetkeys ~* -@all +get");
        assertThat(AclTestMode.documentedRules(AclTestMode.APP_USER)).contains("-@dangerous").contains("+evalsha");
        assertThatThrownBy(() -> AclTestMode.documentedRules("nobody", file)).hasMessageContaining("user nobody");
    }

    @Test
    void standaloneAppAndDefaultUserAreRestrictedAdminIsNot() {
        try (RedisServer server = RedisServer.builder().password("pw").start()) {
            RedisClient client = RedisClient.create();
            try (StatefulRedisConnection<String, String> app = client.connect(server.uri());
                 StatefulRedisConnection<String, String> anonymous = client.connect(
                         RedisURI.Builder.redis(server.host(), server.port()).withPassword("pw".toCharArray()).build());
                 StatefulRedisConnection<String, String> admin = client.connect(server.adminUri())) {
                assertRestricted(app.sync());
                assertRestricted(anonymous.sync());
                // ACL WHOAMI is not among the app's rights; the admin sees who is connected.
                assertThat(admin.sync().clientList()).contains("user=" + AclTestMode.APP_USER + " ")
                        .contains("user=default ");
                assertThat(admin.sync().keys("*")).containsExactly("k");
                server.flushAll();
                assertThat(app.sync().get("k")).isNull();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void sentinelFailoverWorksWhileTheAppIsRestricted() {
        try (RedisSentinelGroup group = RedisSentinelGroup.builder().start()) {
            RedisClient client = RedisClient.create();
            try (StatefulRedisConnection<String, String> app = client.connect(group.uri())) {
                assertRestricted(app.sync());
                group.failover();
                assertThat(awaitValue(() -> app.sync().get("k"))).isEqualTo("v");
                group.flushAll();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void clusterWithReplicasFormsAndTheAppFollowsTheTopology() {
        try (RedisClusterGroup cluster = RedisClusterGroup.start(3, 1)) {
            RedisClusterClient client = RedisClusterClient.create(cluster.uris());
            try (StatefulRedisClusterConnection<String, String> app = client.connect()) {
                app.sync().set("k", "v");
                assertThatThrownBy(() -> app.sync().flushall()).hasMessageContaining("NOPERM");
                cluster.flushAll();
                assertThat(app.sync().get("k")).isNull();
                assertThat(app.sync().clusterNodes()).contains("slave");
            } finally {
                client.shutdown();
            }
        }
    }

    private static void assertRestricted(RedisCommands<String, String> redis) {
        redis.set("k", "v");
        assertThat(redis.get("k")).isEqualTo("v");
        assertThatThrownBy(redis::flushall).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> redis.keys("*")).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> redis.configSet("maxmemory", "1")).hasMessageContaining("NOPERM");
    }

    /** The app's connection reconnects to the new primary on its own; polls until it answers. */
    private static String awaitValue(Supplier<String> read) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
