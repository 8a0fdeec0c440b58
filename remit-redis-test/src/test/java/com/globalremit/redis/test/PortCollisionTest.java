package com.globalremit.redis.test;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs racing for one port: our server fails to bind while the other JVM's server answers PING.
 * The start must notice that the PONG came from a foreign process and retry on another port.
 */
class PortCollisionTest {

    @Test
    void aPortAnsweredByAnotherServerIsRetriedInsteadOfAdopted() throws Exception {
        RedisBinary binary = RedisBinary.locate();
        try (RedisServer foreign = RedisServer.builder().binary(binary).start()) {
            AtomicInteger picks = new AtomicInteger();
            ServerSpec spec = new ServerSpec(0, false, null, List.of(), false, null, null, 0, List.of(), false,
                    Duration.ofSeconds(10));
            // The first automatic port is the foreign server's, as if it had bound it right after our check.
            LocalServerProcess own = LocalServerProcess.start(spec, binary,
                    () -> picks.getAndIncrement() == 0 ? foreign.port() : FreePorts.any());
            try {
                assertThat(picks.get()).isEqualTo(2);
                assertThat(own.port()).isNotEqualTo(foreign.port());
                try (RespClient client = RespClient.connect(own.host(), own.port(), false, spec.controlAuth(), 2000)) {
                    assertThat(Readiness.processId(client.callString("INFO", "server"))).isEqualTo(own.pid());
                }
                assertThat(own.pid()).isNotEqualTo(foreign.pid());
                assertThat(foreign.isRunning()).isTrue();
            } finally {
                own.close();
            }
        }
    }
}
