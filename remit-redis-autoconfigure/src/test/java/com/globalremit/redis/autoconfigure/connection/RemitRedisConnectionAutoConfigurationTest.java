package com.globalremit.redis.autoconfigure.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@RemitRedis
class RemitRedisConnectionAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class));

    @Test
    void createsTheSharedBeansAndTalksToRedis(RedisServer server) {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(), "remit.redis.key-prefix=teller",
                "remit.redis.command-timeout=750ms").run(context -> {
                    assertThat(context).hasSingleBean(RemitRedisClient.class).hasSingleBean(ValueCodec.class)
                            .hasSingleBean(ScriptExecutor.class).hasSingleBean(KeyNaming.class);
                    RemitRedisClient client = context.getBean(RemitRedisClient.class);
                    client.syncStrings().set("greeting", "hello");
                    assertThat(server.uri()).isNotNull();
                    assertThat(client.syncStrings().get("greeting")).isEqualTo("hello");
                    assertThat(context.getBean(KeyNaming.class).key("client", "profile").id("123").build())
                            .isEqualTo("teller:client:profile:123");
                    assertThat(context.getBean(RedisConnectionSettings.class).commandTimeout())
                            .isEqualTo(Duration.ofMillis(750));
                });
    }

    @Test
    void closesTheClientWithTheContext(RedisServer server) {
        RemitRedisClient[] seen = new RemitRedisClient[1];
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port())
                .run(context -> seen[0] = context.getBean(RemitRedisClient.class));
        assertThat(seen[0].isClosed()).isTrue();
    }

    @Test
    void backsOffForAUserDefinedClient(RedisServer server) {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port())
                .withUserConfiguration(UserCodecConfiguration.class).run(context -> {
                    assertThat(context).hasSingleBean(ValueCodec.class);
                    assertThat(context.getBean(ValueCodec.class)).isSameAs(UserCodecConfiguration.CODEC);
                });
    }

    @Test
    void sentinelWithoutMasterNamesTheProperty() {
        runner.withPropertyValues("remit.redis.mode=sentinel", "remit.redis.sentinel.nodes=127.0.0.1:26379")
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidConfigurationPropertyValueException error = findPropertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.sentinel.master");
                });
    }

    @Test
    void badTimeoutNamesThePropertyAndValue() {
        runner.withPropertyValues("remit.redis.command-timeout=0s").run(context -> {
            InvalidConfigurationPropertyValueException error = findPropertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.command-timeout");
            assertThat(error.getValue()).isEqualTo(Duration.ZERO);
        });
    }

    @Test
    void badAdaptiveRefreshTimeoutNamesThePropertyAndValue() {
        runner.withPropertyValues("remit.redis.mode=cluster", "remit.redis.cluster.nodes=127.0.0.1:7000",
                "remit.redis.cluster.adaptive-refresh-timeout=0s").run(context -> {
                    InvalidConfigurationPropertyValueException error = findPropertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.cluster.adaptive-refresh-timeout");
                    assertThat(error.getValue()).isEqualTo(Duration.ZERO);
                });
    }

    @Test
    void passwordValueIsNeverShownInTheError() {
        runner.withPropertyValues("remit.redis.sentinel.password=s3cret-value").run(context -> {
            InvalidConfigurationPropertyValueException error = findPropertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.sentinel.password");
            assertThat(error.getValue()).isEqualTo("<hidden>");
            assertThat(error.getMessage()).doesNotContain("s3cret-value");
        });
    }

    @Test
    void userWithoutPasswordNamesTheUser() {
        runner.withPropertyValues("remit.redis.username=teller").run(context -> {
            InvalidConfigurationPropertyValueException error = findPropertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.username");
            assertThat(error.getMessage()).contains("password is missing");
        });
    }

    @Test
    void badKeyPrefixNamesTheProperty() {
        runner.withPropertyValues("remit.redis.key-prefix=tel ler").run(context -> {
            InvalidConfigurationPropertyValueException error = findPropertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.key-prefix");
            assertThat(error.getValue()).isEqualTo("tel ler");
        });
    }

    private static InvalidConfigurationPropertyValueException findPropertyError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException error) {
                return error;
            }
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in", failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCodecConfiguration {

        static final ValueCodec CODEC = ValueCodec.builder().compression(false).build();

        @Bean
        ValueCodec myCodec() {
            return CODEC;
        }
    }
}
