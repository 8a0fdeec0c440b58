package com.globalremit.redis.autoconfigure.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

@RemitRedis
class RemitRedisSessionAutoConfigurationTest {

    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitRedisSessionAutoConfiguration.class, SessionAutoConfiguration.class,
                    SessionDataRedisAutoConfiguration.class, DataRedisAutoConfiguration.class))
            .withBean(ServerProperties.class);

    private WebApplicationContextRunner on(RedisServer server) {
        return runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "spring.data.redis.port=" + server.port(), "remit.redis.session.encryption.keys.k1=" + KEY);
    }

    @Test
    void takesPrecedenceOverSpringSessionDataRedisWithoutExclusions(RedisServer server) {
        on(server).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(SessionRepository.class);
            assertThat(context.getBean(SessionRepository.class)).isInstanceOf(RemitSessionRepository.class);
            assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
            assertThat(context).hasSingleBean(CookieSerializer.class);
            assertThat(context.getBean(RedisSessionStore.class).encryption().activeKeyId()).isEqualTo("k1");
        });
    }

    @Test
    void disabledHandsSessionsBackToSpringSessionDataRedis(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(SessionRepository.class);
            assertThat(context.getBean(SessionRepository.class)).isNotInstanceOf(RemitSessionRepository.class);
            assertThat(context).doesNotHaveBean(RedisSessionStore.class);
        });
    }

    @Test
    void staysOutOfNonWebApplications(RedisServer server) {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                        RemitRedisSessionAutoConfiguration.class))
                .withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port())
                .run(context -> {
                    // No key configured, yet it starts: nothing session-related is created.
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RedisSessionStore.class);
                });
    }

    @Test
    void cookieIsSidHttpOnlySecureLaxOnRoot(RedisServer server) {
        on(server).run(context -> {
            String header = writeCookie(context.getBean(CookieSerializer.class));
            assertThat(header).startsWith("sid=").contains("Path=/").contains("Secure").contains("HttpOnly")
                    .contains("SameSite=Lax");
        });
        on(server).withPropertyValues("remit.redis.session.cookie.secure=false").run(context -> {
            String header = writeCookie(context.getBean(CookieSerializer.class));
            assertThat(header).startsWith("sid=").doesNotContain("Secure").contains("HttpOnly");
        });
    }

    @Test
    void encryptionWithoutKeyRefusesToStartNamingTheProperty(RedisServer server) {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "spring.data.redis.port=" + server.port()).run(context -> {
                    assertThat(context).hasFailed();
                    InvalidConfigurationPropertyValueException error = propertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.session.encryption.keys");
                    assertThat(error.getMessage()).contains("generate-dev-key");
                });
    }

    @Test
    void devKeyFlagStartsWithARandomKey(RedisServer server) {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "spring.data.redis.port=" + server.port(), "remit.redis.session.encryption.generate-dev-key=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisSessionStore.class).encryption().activeKeyId()).startsWith("dev-");
                });
    }

    @Test
    void badKeyIsRefusedWithoutEchoingIt(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.encryption.keys.k1=c2hvcnQta2V5").run(context -> {
            InvalidConfigurationPropertyValueException error = propertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.session.encryption.keys.k1");
            assertThat(error.getMessage()).doesNotContain("c2hvcnQta2V5").contains("256 bits");
        });
    }

    @Test
    void severalKeysNeedAnActiveOne(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.encryption.keys.k2=" + KEY).run(context -> {
            assertThat(propertyError(context.getStartupFailure()).getName())
                    .isEqualTo("remit.redis.session.encryption.active-key-id");
        });
        on(server).withPropertyValues("remit.redis.session.encryption.keys.k2=" + KEY,
                "remit.redis.session.encryption.active-key-id=k2").run(context -> {
                    RedisSessionStore store = context.getBean(RedisSessionStore.class);
                    assertThat(store.encryption().activeKeyId()).isEqualTo("k2");
                    assertThat(store.encryption().keyIds()).containsExactlyInAnyOrder("k1", "k2");
                });
    }

    @Test
    void keysBindFromTheEnvironment(RedisServer server) {
        runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "spring.data.redis.port=" + server.port())
                .withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                java.util.Map.of(
                                "REMIT_REDIS_SESSION_ENCRYPTION_KEYS_K2025", KEY,
                                "REMIT_REDIS_SESSION_ENCRYPTION_KEYS_K2026", KEY,
                                "REMIT_REDIS_SESSION_ENCRYPTION_ACTIVEKEYID", "k2026"))))
                .run(context -> {
                    RedisSessionStore store = context.getBean(RedisSessionStore.class);
                    assertThat(store.encryption().keyIds()).containsExactlyInAnyOrder("k2025", "k2026");
                    assertThat(store.encryption().activeKeyId()).isEqualTo("k2026");
                });
    }

    @Test
    void unknownSensitiveFieldAndIdleLongerThanAbsoluteAreRefused(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.encryption.sensitive-fields=ipAddress,shoeSize")
                .run(context -> assertThat(propertyError(context.getStartupFailure()).getName())
                        .isEqualTo("remit.redis.session.encryption.sensitive-fields"));
        on(server).withPropertyValues("remit.redis.session.idle-timeout=9h").run(context -> assertThat(
                propertyError(context.getStartupFailure()).getName()).isEqualTo("remit.redis.session.idle-timeout"));
    }

    @Test
    void aWildcardOrSinglePartAllowedPackageIsRefusedNamingTheProperty(RedisServer server) {
        for (String bad : new String[] {"*", "com", "com.example.*"}) {
            on(server).withPropertyValues("remit.redis.session.deserialization.allowed-packages=com.example.teller,"
                    + bad).run(context -> {
                        InvalidConfigurationPropertyValueException error = propertyError(context.getStartupFailure());
                        assertThat(error.getName()).isEqualTo("remit.redis.session.deserialization.allowed-packages");
                        assertThat(error.getMessage()).contains(bad);
                    });
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void unencryptedAttributesAreWarnedAboutAtStartUp(RedisServer server, CapturedOutput output) {
        on(server).run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("attribute values are stored in Redis unencrypted");
        on(server).withPropertyValues("remit.redis.session.encryption.encrypt-attributes=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("remit.redis.session.encryption.encrypt-attributes=false: session attribute"
                + " values are stored in Redis unencrypted");
        on(server).withPropertyValues("remit.redis.session.encryption.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("remit.redis.session.encryption.enabled=false: session attribute values");
    }

    @Test
    void aMaxKeyLengthWithoutRoomForSessionKeysIsRefusedNamingTheProperty(RedisServer server) {
        // teller:session:data:{<128 characters>} is 150 bytes.
        on(server).withPropertyValues("remit.redis.key-prefix=teller", "remit.redis.max-key-length=149")
                .run(context -> {
                    InvalidConfigurationPropertyValueException error = propertyError(context.getStartupFailure());
                    assertThat(error.getName()).isEqualTo("remit.redis.max-key-length");
                    assertThat(error.getMessage()).contains("149").contains("150");
                });
        on(server).withPropertyValues("remit.redis.key-prefix=teller", "remit.redis.max-key-length=150")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void timeoutsComeFromProperties(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.idle-timeout=10m", "remit.redis.session.absolute-timeout=2h",
                "remit.redis.session.remember-me-timeout=3d").run(context -> {
                    RedisSessionStore store = context.getBean(RedisSessionStore.class);
                    assertThat(store.timeouts().idle()).hasMinutes(10);
                    assertThat(store.timeouts().absolute()).hasHours(2);
                    assertThat(store.timeouts().rememberMe()).hasDays(3);
                });
    }

    @Test
    void rememberMeTimeoutMustBeAtLeastASecondForTheStoreAndTheRememberMeCookie(RedisServer server) {
        // 500ms passed the store's 1 ms minimum but gave the remember-me cookie a max age of 0 s.
        on(server).withPropertyValues("remit.redis.session.remember-me-timeout=500ms").run(context -> {
            InvalidConfigurationPropertyValueException error = propertyError(context.getStartupFailure());
            assertThat(error.getName()).isEqualTo("remit.redis.session.remember-me-timeout");
            assertThat(error.getMessage()).contains("PT0.5S").contains("at least 1s");
        });
        // Unset (null, e.g. properties built in code): the remember-me bean threw a NullPointerException naming nothing.
        RemitSessionProperties unset = new RemitSessionProperties();
        unset.setRememberMeTimeout(null);
        assertThat(propertyError(org.assertj.core.api.Assertions.catchThrowable(() ->
                new RemitRedisSessionAutoConfiguration.ServletSessionConfiguration.RememberMeConfiguration()
                        .remitRememberMeServices(unset))).getName())
                .isEqualTo("remit.redis.session.remember-me-timeout");
        on(server).withPropertyValues("remit.redis.session.remember-me-timeout=1s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RemitRememberMeServices.class)).extracting("validitySeconds").isEqualTo(1);
        });
    }

    @Test
    void countsSessionsInMicrometer(RedisServer server) {
        on(server).withUserConfiguration(MeterConfiguration.class).run(context -> {
            RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
            RemitSessionRepository.RemitSession session = repository.createSession();
            session.setAttribute("x", "y");
            repository.save(session);
            assertThat(repository.findById(session.getId())).isNotNull();
            assertThat(repository.findById("00000000-0000-4000-8000-000000000000")).isNull();
            repository.deleteById(session.getId());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("remit.session.created").counter().count()).isEqualTo(1);
            assertThat(registry.get("remit.session.invalidated").counter().count()).isEqualTo(1);
            assertThat(registry.get("remit.session.touch").tag("result", "hit").timer().count()).isEqualTo(1);
            assertThat(registry.get("remit.session.touch").tag("result", "miss").timer().count()).isEqualTo(1);
            assertThat(registry.get("remit.session.expired").tag("reason", "absolute").counter().count()).isZero();
            assertThat(registry.get("remit.session.decryption.failures").counter().count()).isZero();
        });
    }

    private static String writeCookie(CookieSerializer serializer) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();
        serializer.writeCookieValue(new CookieSerializer.CookieValue(request, response, "abc"));
        List<String> headers = response.getHeaders("Set-Cookie");
        assertThat(headers).hasSize(1);
        return headers.get(0);
    }

    static InvalidConfigurationPropertyValueException propertyError(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof InvalidConfigurationPropertyValueException e) {
                return e;
            }
            t = t.getCause();
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in " + failure, failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class MeterConfiguration {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
