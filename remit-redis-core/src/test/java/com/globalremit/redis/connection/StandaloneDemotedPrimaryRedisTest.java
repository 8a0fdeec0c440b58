package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import static com.globalremit.redis.connection.FailoverTestSupport.admin;
import static com.globalremit.redis.connection.FailoverTestSupport.adminGet;
import static com.globalremit.redis.connection.FailoverTestSupport.awaitTrue;
import static com.globalremit.redis.connection.FailoverTestSupport.bytes;
import static com.globalremit.redis.connection.FailoverTestSupport.withUser;
import static com.globalremit.redis.connection.FailoverTestSupport.writes;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.test.RedisServer;

import io.lettuce.core.RedisURI;
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
            try (RemitRedisClient redis = RemitRedisClient.create(withUser(
                    RedisConnectionSettings.standalone("primary.test:" + first.port()), first.uri())
                    .commandTimeout(Duration.ofSeconds(1)).build(), resources);
                    CommandConnection<byte[]> dedicated = redis.connectDedicated()) {
                redis.sync().set("before", bytes("x"));
                dedicated.sync().set("before", bytes("x"));

                // Failover: the name moves to the promoted node, the old primary becomes its replica.
                dns.target = new InetSocketAddress(second.host(), second.port());
                admin(first, c -> c.replicaof(second.host(), second.port()));

                awaitTrue("a write on the shared connection", LIMIT,
                        () -> writes(() -> redis.sync().set("k", bytes("v"))));
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
}
