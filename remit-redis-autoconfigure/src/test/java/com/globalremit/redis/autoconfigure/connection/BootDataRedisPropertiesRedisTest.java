package com.globalremit.redis.autoconfigure.connection;

import static com.globalremit.redis.autoconfigure.connection.ConnectionAssertions.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** An application that configures Redis the Spring Boot way only ({@code spring.data.redis.*}), standalone. */
@RemitRedis(password = BootDataRedisPropertiesRedisTest.PASSWORD)
@ExtendWith(OutputCaptureExtension.class)
class BootDataRedisPropertiesRedisTest {

    static final String PASSWORD = "boot-secret-pw";

    @Test
    void everyFeatureWorksOnBootsHostAndPort(RedisServer server, CapturedOutput output) {
        EveryFeature.runner().withPropertyValues("spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + server.port(), "spring.data.redis.password=" + PASSWORD)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisConnectionSettings settings = context.getBean(RedisConnectionSettings.class);
                    assertThat(settings.mode()).isEqualTo(RedisMode.STANDALONE);
                    assertThat(settings.nodes()).containsExactly("127.0.0.1:" + server.port());
                    EveryFeature.eachDoOneOperation(context);
                    assertThat(keys(server)).anyMatch(key -> key.contains("GBP-KES"))
                            .anyMatch(key -> key.contains("teller-7"));
                });
        assertThat(output).contains("remit-redis shared connection from spring.data.redis.*")
                .doesNotContain(PASSWORD);
    }

    @Test
    void remitUrlWinsOverBootsHost(RedisServer server, CapturedOutput output) {
        // Were Boot's address used, nothing would answer: the host does not resolve.
        EveryFeature.runner().withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "remit.redis.password=" + PASSWORD, "spring.data.redis.host=boot-host.invalid",
                "spring.data.redis.port=7001").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisConnectionSettings.class).nodes())
                            .containsExactly("redis://127.0.0.1:" + server.port());
                    EveryFeature.eachDoOneOperation(context);
                });
        assertThat(output).contains("remit-redis shared connection from remit.redis.*")
                .contains("does not use spring.data.redis.*").doesNotContain(PASSWORD);
    }

    @Test
    void badBootPortNamesThePropertyAndValue() {
        EveryFeature.runner().withPropertyValues("spring.data.redis.port=abc").run(context -> {
            assertThat(context).hasFailed();
            BindException error = null;
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                if (t instanceof BindException bind) {
                    error = bind;
                }
            }
            assertThat(error).as("Boot's binding error, which its failure analyzer prints").isNotNull();
            assertThat(error.getProperty().getName().toString()).isEqualTo("spring.data.redis.port");
            assertThat(error.getProperty().getValue()).isEqualTo("abc");
        });
    }
}
