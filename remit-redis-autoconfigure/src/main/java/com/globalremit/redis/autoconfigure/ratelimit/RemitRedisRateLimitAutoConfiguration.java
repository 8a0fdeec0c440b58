package com.globalremit.redis.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import com.globalremit.redis.script.ScriptExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Rate limiting: a {@link SlidingWindowRateLimiter} on the shared connection, the tiers from
 * {@code remit.redis.rate-limit.*} and, in a servlet application with Spring MVC, an interceptor that limits
 * every request and adds the rate-limit headers. WebFlux is not supported. Each bean backs off when the
 * application defines its own; {@code remit.redis.rate-limit.enabled=false} turns all of it off.
 */
@AutoConfiguration(after = RemitRedisConnectionAutoConfiguration.class)
@ConditionalOnClass(SlidingWindowRateLimiter.class)
@ConditionalOnBooleanProperty(name = "remit.redis.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RemitRedisRateLimitAutoConfiguration {

    private static final String PREFIX = "remit.redis.rate-limit.";

    @Bean
    @ConditionalOnMissingBean
    SlidingWindowRateLimiter remitRedisRateLimiter(RemitRedisConnections connections, KeyNaming naming,
            RateLimitProperties properties) {
        ScriptExecutor scripts = connections.scripts(RemitRedisConnections.Feature.RATE_LIMIT);
        return SlidingWindowRateLimiter.builder(scripts).keyNaming(naming)
                .timeout(positive("timeout", properties.getTimeout()))
                .failurePolicy(properties.getFailurePolicy())
                .outageLogInterval(positive("outage-log-interval", properties.getOutageLogInterval()))
                .probeInterval(notNegative("probe-interval", properties.getProbeInterval()))
                .rememberDenials(properties.isRememberDenials())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimitTiers remitRedisRateLimitTiers(RateLimitProperties properties) {
        return new RateLimitTiers(properties);
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, "must be positive");
        }
        return value;
    }

    private static Duration notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, "must not be negative");
        }
        return value;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RateLimitMetrics remitRedisRateLimitMetrics(ObjectProvider<MeterRegistry> registries,
                SlidingWindowRateLimiter limiter) {
            return new MicrometerRateLimitMetrics(registries, limiter);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({HandlerInterceptor.class, WebMvcConfigurer.class})
    @ConditionalOnBooleanProperty(name = "remit.redis.rate-limit.web.enabled", matchIfMissing = true)
    static class WebMvcConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RateLimitInterceptor remitRedisRateLimitInterceptor(SlidingWindowRateLimiter limiter, RateLimitTiers tiers,
                RateLimitProperties properties, ObjectProvider<RateLimitCallerResolver> resolver,
                ObjectProvider<RateLimitMetrics> metrics) {
            DefaultCallerResolver defaults = new DefaultCallerResolver(tiers,
                    new TrustedProxies(properties.getTrustedProxies()));
            return new RateLimitInterceptor(limiter, tiers, properties, resolver.getIfAvailable(), defaults,
                    metrics.getIfAvailable(() -> RateLimitMetrics.NONE));
        }

        @Bean
        WebMvcConfigurer remitRedisRateLimitWebMvcConfigurer(RateLimitInterceptor interceptor) {
            return new WebMvcConfigurer() {
                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    // First, so a denied request costs no other interceptor's work.
                    registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
                }
            };
        }

        /** Checks every @RateLimited once the handler mappings exist, so mistakes fail the start-up. */
        @Bean
        SmartInitializingSingleton remitRedisRateLimitAnnotationCheck(ApplicationContext context,
                RateLimitInterceptor interceptor) {
            return () -> {
                List<HandlerMethod> methods = new ArrayList<>();
                context.getBeansOfType(RequestMappingHandlerMapping.class).values()
                        .forEach(mapping -> methods.addAll(mapping.getHandlerMethods().values()));
                interceptor.validate(methods);
            };
        }
    }
}
