package com.globalremit.redis.autoconfigure.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

/** What a feature's own connection takes from its properties and what it inherits from the shared one (no Redis). */
class FeatureConnectionSettingsTest {

    private static final String PREFIX = "remit.redis.queue.connection";

    private final RedisConnectionSettings shared = RedisConnectionSettings.standalone("redis://:shared-pw@cache:7001")
            .username("cache-user").password("shared-pw").commandTimeout(Duration.ofMillis(800))
            .requestQueueSize(500).clientName("teller").ssl(true).build();

    private final SslBundleOptions noBundles = new SslBundleOptions(
            new StaticListableBeanFactory().getBeanProvider(SslBundles.class));

    @Test
    void invalidOrAmbiguousUrlIsShownWithoutItsUserInfo() {
        QueueConnectionProperties bad = new QueueConnectionProperties();
        bad.setUrl("redis://user:Sup3rSecret@durable.internal:70000");
        assertThatThrownBy(() -> RedisConnectionSettingsFactory.forFeature(PREFIX, bad, shared, noBundles))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sup3rSecret")
                        .contains(PREFIX + ".url").contains("durable.internal:70000"));
        QueueConnectionProperties both = new QueueConnectionProperties();
        both.setUrl("redis://user:Sup3rSecret@durable.internal:7001");
        both.getCluster().setNodes(List.of("durable-0:7001"));
        assertThatThrownBy(() -> RedisConnectionSettingsFactory.forFeature(PREFIX, both, shared, noBundles))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sup3rSecret")
                        .contains("durable.internal:7001"));
    }

    @Test
    void unsetMeansTheSharedConnection() {
        assertThat(RedisConnectionSettingsFactory.forFeature(PREFIX, new QueueConnectionProperties(), shared,
                noBundles)).isNull();
    }

    @Test
    void clusterTakesAddressesAndCredentialsFromTheFeatureAndTimeoutsFromTheShared() {
        QueueConnectionProperties properties = new QueueConnectionProperties();
        properties.getCluster().setNodes(List.of("durable-0:7001", "durable-1:7001"));
        RedisConnectionSettings settings = RedisConnectionSettingsFactory.forFeature(PREFIX, properties, shared,
                noBundles);
        assertThat(settings.mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(settings.nodes()).containsExactly("durable-0:7001", "durable-1:7001");
        assertThat(settings.username()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.ssl()).isFalse();
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(settings.requestQueueSize()).isEqualTo(500);
        assertThat(settings.clientName()).isEqualTo("teller");
    }

    @Test
    void sentinelWithItsOwnCredentials() {
        QueueConnectionProperties properties = new QueueConnectionProperties();
        properties.getSentinel().setMaster("remit-durable");
        properties.getSentinel().setNodes(List.of("s1:27001", "s2:27001"));
        properties.getSentinel().setPassword("sentinel-pw");
        properties.setUsername("durable-user");
        properties.setPassword("durable-pw");
        RedisConnectionSettings settings = RedisConnectionSettingsFactory.forFeature(PREFIX, properties, shared,
                noBundles);
        assertThat(settings.mode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(settings.sentinelMasterName()).isEqualTo("remit-durable");
        assertThat(settings.username()).isEqualTo("durable-user");
        assertThat(new String(settings.password())).isEqualTo("durable-pw");
        assertThat(new String(settings.sentinelPassword())).isEqualTo("sentinel-pw");
    }

    @Test
    void sentinelNodesMissingNamesTheFeatureProperty() {
        QueueConnectionProperties properties = new QueueConnectionProperties();
        properties.getSentinel().setMaster("remit-durable");
        assertThatThrownBy(() -> RedisConnectionSettingsFactory.forFeature(PREFIX, properties, shared, noBundles))
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                        e -> assertThat(e.getName()).isEqualTo(PREFIX + ".sentinel.nodes"));
    }

    @Test
    void bundleWithoutSslBundlesNamesTheProperty() {
        QueueConnectionProperties properties = new QueueConnectionProperties();
        properties.setUrl("redis://durable:7001");
        properties.getSsl().setBundle("redis");
        assertThatThrownBy(() -> RedisConnectionSettingsFactory.forFeature(PREFIX, properties, shared, noBundles))
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                        e -> assertThat(e.getName()).isEqualTo(PREFIX + ".ssl.bundle"));
    }
}
