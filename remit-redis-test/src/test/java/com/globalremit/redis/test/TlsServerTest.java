package com.globalremit.redis.test;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TlsServerTest {

    @BeforeAll
    static void requireTlsBuild() {
        RedisBinary binary = RedisBinary.locate();
        assumeTrue(binary.supportsTls(), binary + " was built without TLS; TLS tests need a TLS-enabled redis-server");
    }

    @Test
    void lettuceConnectsOverTlsAndVerifiesTheGeneratedCertificate() throws IOException {
        try (RedisServer server = RedisServer.builder().tls(true).password("tls-pass").start()) {
            assertThat(Files.readString(server.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(Files.readString(server.dataDir().resolve("tls/server.key")))
                    .startsWith("-----BEGIN PRIVATE KEY-----");

            // Full verification: chain to the generated CA and hostname/IP 127.0.0.1 in the certificate.
            RedisURI verified = server.uri();
            verified.setVerifyPeer(SslVerifyMode.FULL);
            RedisClient client = RedisClient.create(verified);
            client.setOptions(ClientOptions.builder().sslOptions(server.sslOptions()).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("secret", "over-tls");
                assertThat(connection.sync().get("secret")).isEqualTo("over-tls");
            } finally {
                client.shutdown();
            }

            // Without the CA the JDK's default trust store must reject the self-signed chain.
            RedisClient untrusting = RedisClient.create(verified);
            try {
                assertThatThrownBy(untrusting::connect).isInstanceOf(RedisConnectionException.class);
            } finally {
                untrusting.shutdown();
            }

            // The default uri() skips verification and works with no extra options.
            RedisClient lenient = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = lenient.connect()) {
                assertThat(connection.sync().get("secret")).isEqualTo("over-tls");
            } finally {
                lenient.shutdown();
            }

            // The extension's own client (used for @RemitRedis(tls = true)) verifies fully as well.
            RedisClassResources resources = new RedisClassResources(server);
            @SuppressWarnings("unchecked")
            StatefulRedisConnection<String, String> injected =
                    (StatefulRedisConnection<String, String>) resources.resolve(StatefulRedisConnection.class);
            assertThat(injected.sync().get("secret")).isEqualTo("over-tls");

            // The port speaks only TLS: a plaintext PING gets no PONG.
            assertThatThrownBy(() -> {
                try (RespClient plain = RespClient.connect(server.host(), server.port(), false, 1000)) {
                    plain.call("PING");
                }
            }).isInstanceOf(IOException.class);
            resources.close();
        }
    }
}
