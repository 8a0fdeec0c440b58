package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.script.ScriptExecutor;
import com.globalremit.redis.autoconfigure.connection.RedisConnectionSettingsFactory.Shared;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections.Feature;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The shared pieces every remit-redis feature builds on: one {@link RemitRedisClient} (a single multiplexed
 * Lettuce connection), key naming, the value codec, the script executor and {@link RemitRedisConnections}, which
 * hands each feature its own client when {@code remit.redis.<feature>.connection} names another Redis. The shared
 * connection comes from {@code remit.redis.*}, or from Boot's {@code spring.data.redis.*} when that names no Redis. Each bean
 * backs off when the application defines its own. Runs after Boot's SSL auto-configuration so that
 * {@code remit.redis.ssl.bundle} can name a bundle.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(RemitRedisClient.class)
@EnableConfigurationProperties({ RemitRedisProperties.class, CacheConnectionProperties.class,
        RateLimitConnectionProperties.class, SessionConnectionProperties.class, QueueConnectionProperties.class })
public class RemitRedisConnectionAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RemitRedisConnectionAutoConfiguration.class);

    /** Event loops and timers; an application that already has Lettuce resources (e.g. Spring Data Redis) shares them. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    ClientResources remitRedisClientResources() {
        return DefaultClientResources.create();
    }

    /** Not a bean: one instance per context, so connections naming the same bundle compare equal. */
    private SslBundleOptions sslBundleOptions;

    /**
     * From {@code remit.redis.*} when it names a Redis, else from Boot's {@code spring.data.redis.*}; the log says
     * which (passwords are masked by the settings' toString).
     */
    @Bean
    @ConditionalOnMissingBean
    RedisConnectionSettings remitRedisConnectionSettings(RemitRedisProperties properties,
            ObjectProvider<SslBundles> sslBundles, Environment environment) {
        Shared shared = RedisConnectionSettingsFactory.shared(properties, Binder.get(environment),
                sslBundleOptions(sslBundles));
        log.info("remit-redis shared connection from {}: {}", shared.source(), shared.settings());
        if (shared.bootIgnored()) {
            log.info("remit-redis does not use spring.data.redis.* because remit.redis.* names a Redis (Spring Data "
                    + "Redis, if present, still does)");
        }
        return shared.settings();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RemitRedisClient remitRedisClient(RedisConnectionSettings settings, ClientResources clientResources) {
        return RemitRedisClient.create(settings, clientResources);
    }

    @Bean
    @ConditionalOnMissingBean
    KeyNaming remitRedisKeyNaming(RemitRedisProperties properties) {
        KeyNaming.Builder builder = KeyNaming.builder().maxLength(properties.getMaxKeyLength());
        if (properties.getKeyPrefix() != null) {
            builder.prefix(properties.getKeyPrefix());
        }
        try {
            return builder.build();
        }
        catch (IllegalArgumentException ex) {
            String property = ex.getMessage() != null && ex.getMessage().startsWith("maxLength")
                    ? "max-key-length" : "key-prefix";
            Object value = property.equals("key-prefix") ? properties.getKeyPrefix() : properties.getMaxKeyLength();
            throw new InvalidConfigurationPropertyValueException("remit.redis." + property, value, ex.getMessage());
        }
    }

    /** Its own JSON mapper, never the application's: data read from Redis must not meet default typing. */
    @Bean
    @ConditionalOnMissingBean
    ValueCodec remitRedisValueCodec(RemitRedisProperties properties) {
        RemitRedisProperties.Codec codec = properties.getCodec();
        long threshold = codec.getCompressionThreshold().toBytes();
        if (threshold < 0 || threshold > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException("remit.redis.codec.compression-threshold",
                    codec.getCompressionThreshold(), "must be between 0B and 2GB");
        }
        return ValueCodec.builder().compression(codec.isCompression()).compressionThreshold((int) threshold).build();
    }

    @Bean
    @ConditionalOnMissingBean
    ScriptExecutor remitRedisScriptExecutor(RemitRedisClient client) {
        return ScriptExecutor.create(client);
    }

    /** Each feature's client: its own {@code remit.redis.<feature>.connection}, else the shared one. */
    @Bean
    @ConditionalOnMissingBean
    RemitRedisConnections remitRedisConnections(RemitRedisClient client, ScriptExecutor scripts,
            ClientResources clientResources, ObjectProvider<SslBundles> sslBundles, CacheConnectionProperties cache,
            RateLimitConnectionProperties rateLimit, SessionConnectionProperties session,
            QueueConnectionProperties queue) {
        Map<Feature, FeatureConnectionProperties> byFeature = Map.of(Feature.CACHE, cache, Feature.RATE_LIMIT,
                rateLimit, Feature.SESSION, session, Feature.QUEUE, queue);
        Map<Feature, RedisConnectionSettings> own = new EnumMap<>(Feature.class);
        byFeature.forEach((feature, properties) -> {
            RedisConnectionSettings settings = RedisConnectionSettingsFactory.forFeature(
                    feature.prefix() + ".connection", properties, client.settings(), sslBundleOptions(sslBundles));
            if (settings != null) {
                own.put(feature, settings);
            }
        });
        return new RemitRedisConnections(client, scripts, own, clientResources);
    }

    private synchronized SslBundleOptions sslBundleOptions(ObjectProvider<SslBundles> sslBundles) {
        if (sslBundleOptions == null) {
            sslBundleOptions = new SslBundleOptions(sslBundles);
        }
        return sslBundleOptions;
    }
}
