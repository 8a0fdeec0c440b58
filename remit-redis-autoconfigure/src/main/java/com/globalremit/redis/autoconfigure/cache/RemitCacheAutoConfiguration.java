package com.globalremit.redis.autoconfigure.cache;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections;
import com.globalremit.redis.cache.CacheListener;
import com.globalremit.redis.cache.CacheOptions;
import com.globalremit.redis.cache.CacheType;
import com.globalremit.redis.cache.CacheTypes;
import com.globalremit.redis.cache.RemitCache;
import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Caching: a {@link RemitCache} configured from {@code remit.redis.cache.*}, the {@link RemitCached} /
 * {@link RemitCacheEvict} advisor (proxies any bean, no AspectJ needed), a Spring {@link CacheManager} adapter with a
 * method-typed {@link CacheResolver} for {@code @Cacheable}, application-event invalidation and Micrometer meters.
 */
@AutoConfiguration(after = RemitRedisConnectionAutoConfiguration.class)
@ConditionalOnClass(RemitCache.class)
@ConditionalOnBean(RemitRedisClient.class)
@ConditionalOnBooleanProperty(name = "remit.redis.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RemitCacheProperties.class)
@Import(RemitCacheAutoConfiguration.AutoProxyRegistrar.class)
public class RemitCacheAutoConfiguration {

    private static final String PREFIX = "remit.redis.cache.";

    @Bean
    @ConditionalOnMissingBean
    CacheTypes remitCacheTypes(RemitCacheProperties properties) {
        RemitCacheProperties.Type defaults = properties.getDefaults();
        check(PREFIX + "defaults", defaults);
        List<CacheType> types = new ArrayList<>();
        for (Map.Entry<String, RemitCacheProperties.Type> entry : properties.getTypes().entrySet()) {
            String name = entry.getKey();
            String prefix = PREFIX + "types." + name;
            try {
                CacheType.defaults(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "types", name, e.getMessage());
            }
            check(prefix, entry.getValue());
            types.add(apply(entry.getValue(), apply(defaults, CacheType.builder(name))).build());
        }
        return CacheTypes.of(types, builder -> apply(defaults, builder));
    }

    @Bean
    @ConditionalOnMissingBean
    CacheOptions remitCacheOptions(RemitCacheProperties p) {
        positive("lease-time", p.getLeaseTime());
        positive("lease-wait", p.getLeaseWait());
        positive("operation-timeout", p.getOperationTimeout());
        positive("open-duration", p.getOpenDuration());
        positive("failure-log-interval", p.getFailureLogInterval());
        if (p.getFailureThreshold() < 1) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "failure-threshold", p.getFailureThreshold(),
                    "must be at least 1");
        }
        return CacheOptions.builder().stampedeProtection(p.getStampedeProtection()).leaseTime(p.getLeaseTime())
                .leaseWait(p.getLeaseWait()).operationTimeout(p.getOperationTimeout())
                .failureThreshold(p.getFailureThreshold()).openDuration(p.getOpenDuration())
                .failureLogInterval(p.getFailureLogInterval()).listenForInvalidations(p.isListenForInvalidations())
                .build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RemitCache remitCache(RemitRedisConnections connections, RemitCacheProperties properties, KeyNaming naming,
            ValueCodec codec, CacheTypes types, CacheOptions options, ObjectProvider<CacheListener> listener) {
        RemitRedisClient client = connections.client(RemitRedisConnections.Feature.CACHE, properties.getReadFrom());
        return RemitCache.builder(client).keyNaming(naming).codec(codec).scriptExecutor(connections.scripts(client))
                .types(types)
                .options(options).listener(listener.getIfAvailable(() -> CacheListener.NONE)).build();
    }

    /** Static and infrastructure: created with the post-processors; the cache itself is resolved on first call. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static RemitCacheAdvisor remitCacheAdvisor(ObjectProvider<RemitCache> cache) {
        return new RemitCacheAdvisor(new RemitCacheInterceptor(cache));
    }

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    RemitCacheManager cacheManager(RemitCache cache) {
        return new RemitCacheManager(cache);
    }

    /** Makes {@code @Cacheable} (with {@code @EnableCaching}) use caches typed by the method's return type. */
    @Bean
    @ConditionalOnMissingBean(CachingConfigurer.class)
    @ConditionalOnBean(RemitCacheManager.class)
    CachingConfigurer remitCachingConfigurer(ObjectProvider<RemitCacheManager> manager) {
        return new CachingConfigurer() {
            @Override
            public CacheManager cacheManager() {
                return manager.getObject();
            }

            @Override
            public CacheResolver cacheResolver() {
                return new RemitCacheResolver(manager.getObject().remitCache());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    CacheEventInvalidator remitCacheEventInvalidator(RemitCache cache, RemitCacheProperties properties,
            BeanFactory beanFactory) {
        if (AutoConfigurationPackages.has(beanFactory)) {
            // @RemitCacheEvict on the application's event classes: checked now, not at the first publishEvent.
            CacheEventInvalidator.checkAnnotatedEvents(AutoConfigurationPackages.get(beanFactory),
                    getClass().getClassLoader());
        }
        List<CacheEventInvalidator.Rule> rules = new ArrayList<>();
        CacheExpressions expressions = new CacheExpressions();
        List<RemitCacheProperties.EventInvalidation> configured = properties.getInvalidateOn();
        for (int i = 0; i < configured.size(); i++) {
            RemitCacheProperties.EventInvalidation rule = configured.get(i);
            String prefix = PREFIX + "invalidate-on[" + i + "].";
            Class<?> eventClass;
            try {
                eventClass = ClassUtils.forName(rule.getEvent(), getClass().getClassLoader());
            } catch (ClassNotFoundException | IllegalArgumentException | LinkageError e) {
                throw new InvalidConfigurationPropertyValueException(prefix + "event", rule.getEvent(),
                        "no such event class");
            }
            // Checked here, not at the first matching event: there a bad rule would fail the publisher's call.
            try {
                CacheEventInvalidator.checkRule(rule.getType(), rule.getKey(), null, rule.getGroup(), expressions);
            } catch (CacheEventInvalidator.InvalidRule e) {
                throw new InvalidConfigurationPropertyValueException(prefix + e.field, e.value, e.getMessage());
            }
            boolean entry = rule.getType() != null;
            rules.add(new CacheEventInvalidator.Rule(eventClass, entry ? rule.getType() : "",
                    entry ? rule.getKey() : "", "", rule.getGroup() == null ? "" : rule.getGroup()));
        }
        return new CacheEventInvalidator(cache, rules);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        /** Meters when a MeterRegistry is there (looked up at creation, so auto-configuration order does not matter). */
        @Bean
        @ConditionalOnMissingBean(CacheListener.class)
        CacheListener remitCacheMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters == null ? CacheListener.NONE : new MicrometerCacheListener(meters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint
        RemitCacheEndpoint remitCacheEndpoint(RemitCache cache) {
            return new RemitCacheEndpoint(cache);
        }
    }

    /** Registers Spring's infrastructure auto-proxy creator (as {@code @EnableCaching} does), class-based like Boot's default. */
    static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar, org.springframework.context.EnvironmentAware {

        private org.springframework.core.env.Environment environment;

        @Override
        public void setEnvironment(org.springframework.core.env.Environment environment) {
            this.environment = environment;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
            // Boot's default; an application that chose interface proxies (spring.aop.proxy-target-class=false) keeps them.
            if (environment == null || environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true)) {
                AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
            }
        }
    }

    private static CacheType.Builder apply(RemitCacheProperties.Type settings, CacheType.Builder builder) {
        if (settings.getTtl() != null) builder.ttl(settings.getTtl());
        if (settings.getJitterPercent() != null) builder.jitterPercent(settings.getJitterPercent());
        if (settings.getCacheAbsent() != null) builder.cacheAbsent(settings.getCacheAbsent());
        if (settings.getAbsentTtl() != null) builder.absentTtl(settings.getAbsentTtl());
        if (settings.getNearCache() != null) builder.nearCache(settings.getNearCache());
        if (settings.getNearCacheMaxSize() != null) builder.nearCacheMaxSize(settings.getNearCacheMaxSize());
        if (settings.getNearCacheTtl() != null) builder.nearCacheTtl(settings.getNearCacheTtl());
        return builder;
    }

    private static void check(String prefix, RemitCacheProperties.Type type) {
        positiveOrNull(prefix + ".ttl", type.getTtl());
        positiveOrNull(prefix + ".absent-ttl", type.getAbsentTtl());
        positiveOrNull(prefix + ".near-cache-ttl", type.getNearCacheTtl());
        if (type.getJitterPercent() != null && (type.getJitterPercent() < 0 || type.getJitterPercent() > 50)) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".jitter-percent", type.getJitterPercent(),
                    "must be between 0 and 50");
        }
        if (type.getNearCacheMaxSize() != null && type.getNearCacheMaxSize() < 1) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".near-cache-max-size",
                    type.getNearCacheMaxSize(), "must be at least 1");
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be positive");
        }
    }

    private static void positiveOrNull(String name, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new InvalidConfigurationPropertyValueException(name, value, "must be positive");
        }
    }
}
