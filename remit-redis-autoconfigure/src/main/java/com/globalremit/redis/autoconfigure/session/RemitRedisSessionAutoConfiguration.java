package com.globalremit.redis.autoconfigure.session;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.security.web.authentication.SpringSessionRememberMeServices;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.session.SessionIdGenerator;
import com.globalremit.redis.session.SessionStoreListener;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sessions in Redis behind Spring Session, when Spring Session is on the classpath. Ordered before Boot's own
 * Spring Session auto-configurations: our {@link SessionRepository} makes Spring Session Data Redis's back off
 * (it is {@code @ConditionalOnMissingBean(SessionRepository.class)}) and our cookie serializer replaces Boot's,
 * so an application needs no exclusions. {@code remit.redis.session.enabled=false} hands sessions back to Boot.
 * Servlet applications only (like Boot's own session support it stays out of non-web applications, which would
 * otherwise need an encryption key for nothing); WebFlux's {@code ReactiveSessionRepository} is not provided.
 */
@AutoConfiguration(after = RemitRedisConnectionAutoConfiguration.class,
        beforeName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
                "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration" })
@ConditionalOnClass({ Session.class, RedisSessionStore.class })
@ConditionalOnBean(RemitRedisClient.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "remit.redis.session", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RemitSessionProperties.class)
public class RemitRedisSessionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RedisSessionStore remitRedisSessionStore(RemitRedisConnections connections, KeyNaming keyNaming,
            RemitSessionProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        MeterRegistry registry = meterRegistry.getIfAvailable();
        SessionStoreListener listener = registry == null ? SessionStoreListener.NONE
                : new MicrometerSessionStoreListener(registry);
        int needed = RedisSessionStore.longestKeyLength(keyNaming);
        if (needed > keyNaming.maxLength()) {
            throw new InvalidConfigurationPropertyValueException("remit.redis.max-key-length", keyNaming.maxLength(),
                    "session keys need up to " + needed + " bytes (remit.redis.key-prefix plus session:data:{id},"
                            + " ids up to " + SessionIdGenerator.MAX_LENGTH + " characters)");
        }
        RemitRedisClient client = connections.client(RemitRedisConnections.Feature.SESSION);
        return RedisSessionStore.builder(client).keyNaming(keyNaming)
                .timeouts(SessionStoreFactory.timeouts(properties))
                .encryption(SessionStoreFactory.encryption(properties.getEncryption()))
                .idGenerator(SessionStoreFactory.idGenerator(properties)).listener(listener).build();
    }

    @Bean
    @ConditionalOnMissingBean
    SessionAttributeSerializer remitSessionAttributeSerializer(org.springframework.context.ApplicationContext context,
            RemitSessionProperties properties) {
        // The application's own classes (the packages of its @SpringBootApplication) may be read back as well.
        List<String> applicationPackages = AutoConfigurationPackages.has(context)
                ? AutoConfigurationPackages.get(context) : List.of();
        return SessionAttributeSerializer.java(context.getClassLoader(),
                SessionStoreFactory.allowList(properties, applicationPackages));
    }

    @Bean
    @ConditionalOnMissingBean(SessionRepository.class)
    RemitSessionRepository sessionRepository(RedisSessionStore store, SessionAttributeSerializer serializer) {
        return new RemitSessionRepository(store, serializer);
    }

    /** The servlet side: Spring Session's filter (registered by Boot), the cookie and the client-info filter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SessionRepositoryFilter.class)
    static class ServletSessionConfiguration {

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnMissingBean(SessionRepositoryFilter.class)
        @Import(SpringHttpSessionConfiguration.class)
        static class SessionRepositoryFilterConfiguration {
        }

        @Bean
        @ConditionalOnMissingBean(CookieSerializer.class)
        DefaultCookieSerializer cookieSerializer(RemitSessionProperties properties) {
            RemitSessionProperties.Cookie cookie = properties.getCookie();
            if (cookie.getName() == null || !cookie.getName().matches("[A-Za-z0-9_.-]+")) {
                throw new InvalidConfigurationPropertyValueException("remit.redis.session.cookie.name",
                        cookie.getName(), "must be a non-empty token of A-Z a-z 0-9 _ . -");
            }
            String sameSite = cookie.getSameSite();
            if (sameSite == null || !(sameSite.equalsIgnoreCase("Lax") || sameSite.equalsIgnoreCase("Strict")
                    || sameSite.equalsIgnoreCase("None"))) {
                throw new InvalidConfigurationPropertyValueException("remit.redis.session.cookie.same-site", sameSite,
                        "must be Lax, Strict or None");
            }
            if (sameSite.equalsIgnoreCase("None") && !cookie.isSecure()) {
                throw new InvalidConfigurationPropertyValueException("remit.redis.session.cookie.same-site", sameSite,
                        "SameSite=None needs remit.redis.session.cookie.secure=true (browsers drop it otherwise)");
            }
            DefaultCookieSerializer serializer = new DefaultCookieSerializer();
            serializer.setCookieName(cookie.getName());
            serializer.setUseHttpOnlyCookie(cookie.isHttpOnly());
            serializer.setUseSecureCookie(cookie.isSecure());
            serializer.setSameSite(Character.toUpperCase(sameSite.charAt(0)) + sameSite.substring(1).toLowerCase());
            serializer.setCookiePath(cookie.getPath());
            if (cookie.getDomain() != null) {
                serializer.setDomainName(cookie.getDomain());
            }
            serializer.setRememberMeRequestAttribute(SpringSessionRememberMeServices.REMEMBER_ME_LOGIN_ATTR);
            return serializer;
        }

        /** Runs just outside Spring Session's filter, so the request's client info is there when it saves. */
        @Bean
        @ConditionalOnMissingBean(name = "remitSessionClientInfoFilter")
        FilterRegistrationBean<SessionClientInfoFilter> remitSessionClientInfoFilter() {
            FilterRegistrationBean<SessionClientInfoFilter> registration = new FilterRegistrationBean<>(
                    new SessionClientInfoFilter());
            registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
            return registration;
        }

        /** With Spring Security: remember-me that gives the session the remember-me policy. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.security.web.authentication.RememberMeServices")
        static class RememberMeConfiguration {

            @Bean
            @ConditionalOnMissingBean
            RemitRememberMeServices remitRememberMeServices(RemitSessionProperties properties) {
                RemitRememberMeServices services = new RemitRememberMeServices();
                services.setValiditySeconds(
                        (int) Math.min(Integer.MAX_VALUE, SessionStoreFactory.rememberMeTimeout(properties).toSeconds()));
                return services;
            }
        }
    }
}
