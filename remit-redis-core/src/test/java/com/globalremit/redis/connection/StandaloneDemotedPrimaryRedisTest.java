package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisServer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.SocketAddressResolver;

/**
 * A managed primary endpoint: one DNS name that moves to the promoted node on failover, while the demoted node stays
 * up as a replica. Before the fix a standalone client kept its sockets on the demoted node and every write failed
 * with READONLY until a restart. The name "primary.test" is resolved by a test resolver that plays DNS (the test
 * cannot move real DNS): after the first READONLY the client must reconnect, resolve the name again and write on
 * the new primary, on its shared and on an idle dedicated connection alike.
 */
class StandaloneDemotedPrimaryRedisTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void writesFollowTheEndpointNameToThePromotedNode() throws Exception {
        MovableName dns = new MovableName();
        ClientResources resources = ClientResources.builder().socketAddressResolver(dns).build();
        try (RedisServer first = RedisServer.builder().start(); RedisServer second = RedisServer.builder().start()) {
            dns.target = new InetSocketAddress(first.host(), first.port());
            try (RemitRedisClient redis = RemitRedisClient.create(settings(first), resources);
                    CommandConnection<byte[]> dedicated = redis.connectDedicated()) {
                redis.sync().set("before", bytes("x"));
                dedicated.sync().set("before", bytes("x"));

                // Failover: the name moves to the promoted node, the old primary becomes its replica.
                dns.target = new InetSocketAddress(second.host(), second.port());
                replicaOf(first, second);

                awaitTrue("a write on the shared connection", () -> writes(() -> redis.sync().set("k", bytes("v"))));
                // The dedicated connection sent nothing since: it moved because the shared one saw READONLY.
                dedicated.sync().set("d", bytes("v"));
                assertThat(adminGet(second, "k")).isEqualTo("v");
                assertThat(adminGet(second, "d")).isEqualTo("v");
            } finally {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    /** Resolves "primary.test" to wherever the failover put it, like the DNS of a managed endpoint. */
    private static final class MovableName extends SocketAddressResolver {

        volatile InetSocketAddress target;

        @Override
        public SocketAddress resolve(RedisURI uri) {
            return "primary.test".equals(uri.getHost()) ? target : super.resolve(uri);
        }
    }

    private static RedisConnectionSettings settings(RedisServer server) {
        RedisConnectionSettings.Builder settings = RedisConnectionSettings.standalone("primary.test:" + server.port());
        // The harness's URI carries the app user under -Dremit.redis.test.acl=app.
        RedisURI uri = server.uri();
        if (uri.getUsername() != null) {
            settings.username(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            settings.password(uri.getPassword());
        }
        return settings.commandTimeout(Duration.ofSeconds(1)).build();
    }

    private static void replicaOf(RedisServer node, RedisServer primary) {
        RedisClient admin = RedisClient.create(node.adminUri());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection.sync().replicaof(primary.host(), primary.port());
        } finally {
            admin.shutdown();
        }
    }

    private static String adminGet(RedisServer node, String key) {
        RedisClient admin = RedisClient.create(node.adminUri());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            return connection.sync().get(key);
        } finally {
            admin.shutdown();
        }
    }

    private static boolean writes(Runnable write) {
        try {
            write.run();
            return true;
        } catch (RedisException e) {
            return false;
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
