package com.globalremit.redis.autoconfigure.connection;

import static com.globalremit.redis.connection.RedisConnectionSettings.DEFAULT_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.globalremit.redis.autoconfigure.connection.RedisConnectionSettingsFactory.Shared;
import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RedisMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.SslBundles;

/**
 * Which of remit.redis.* and Boot's spring.data.redis.* the shared connection comes from, and what it takes. Pure
 * property binding: nothing here connects (the Redis-backed twins are BootDataRedis*RedisTest), and the defaults
 * are named through their constants so no test spells out the port of a server this machine may be running.
 */
class BootConnectionSettingsTest {

    private final SslBundleOptions noBundles = new SslBundleOptions(
            new StaticListableBeanFactory().getBeanProvider(SslBundles.class));

    private Shared shared(String... properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String property : properties) {
            String[] pair = property.split("=", 2);
            map.put(pair[0], pair[1]);
        }
        Binder binder = new Binder(new MapConfigurationPropertySource(map));
        RemitRedisProperties remit = binder.bindOrCreate("remit.redis", RemitRedisProperties.class);
        return RedisConnectionSettingsFactory.shared(remit, binder, noBundles);
    }

    private InvalidConfigurationPropertyValueException error(String... properties) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> shared(properties));
        assertThat(thrown).isInstanceOf(InvalidConfigurationPropertyValueException.class);
        return (InvalidConfigurationPropertyValueException) thrown;
    }

    @Test
    void nothingSetMeansBootsDefaultLocalhost() {
        Shared shared = shared();
        assertThat(shared.source()).isEqualTo("spring.data.redis.*");
        assertThat(shared.settings().nodes()).containsExactly("localhost:" + DEFAULT_PORT);
        assertThat(shared.settings().commandTimeout()).isEqualTo(RedisConnectionSettings.DEFAULT_COMMAND_TIMEOUT);
    }

    @Test
    void hostPortAndServerSettingsFromBoot() {
        Shared shared = shared("spring.data.redis.host=cache.internal", "spring.data.redis.port=7001",
                "spring.data.redis.username=teller", "spring.data.redis.password=boot-pw",
                "spring.data.redis.database=2", "spring.data.redis.client-name=teller-app",
                "spring.data.redis.timeout=750ms", "spring.data.redis.connect-timeout=300ms",
                "spring.data.redis.ssl.enabled=true", "remit.redis.request-queue-size=500");
        RedisConnectionSettings settings = shared.settings();
        assertThat(shared.source()).isEqualTo("spring.data.redis.*");
        assertThat(settings.mode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(settings.nodes()).containsExactly("cache.internal:7001");
        assertThat(settings.username()).isEqualTo("teller");
        assertThat(settings.password()).containsExactly("boot-pw".toCharArray());
        assertThat(settings.database()).isEqualTo(2);
        assertThat(settings.clientName()).isEqualTo("teller-app");
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(settings.ssl()).isTrue();
        assertThat(settings.requestQueueSize()).as("no Boot twin: always remit.redis").isEqualTo(500);
        assertThat(settings.toString()).doesNotContain("boot-pw");
    }

    @Test
    void clusterRefreshSettingsComeFromRemitRedisWithBootsClusterNodes() {
        RedisConnectionSettings settings = shared("spring.data.redis.cluster.nodes=10.0.0.1:7000",
                "remit.redis.cluster.adaptive-refresh-timeout=7s", "remit.redis.cluster.periodic-refresh=30s")
                .settings();
        assertThat(settings.mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(settings.clusterAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.clusterRefreshPeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badAdaptiveRefreshTimeoutWithBootsClusterNodesNamesThePropertyAndValue() {
        InvalidConfigurationPropertyValueException error = error("spring.data.redis.cluster.nodes=10.0.0.1:7000",
                "remit.redis.cluster.adaptive-refresh-timeout=0s");
        assertThat(error.getName()).isEqualTo("remit.redis.cluster.adaptive-refresh-timeout");
        assertThat(error.getValue()).isEqualTo(Duration.ZERO);
    }

    @Test
    void deadConnectionTimeoutComesFromRemitRedisWhateverNamesTheAddress() {
        assertThat(shared().settings().deadConnectionTimeout())
                .isEqualTo(RedisConnectionSettings.DEFAULT_DEAD_CONNECTION_TIMEOUT);
        assertThat(shared("spring.data.redis.host=cache.internal", "remit.redis.dead-connection-timeout=3s")
                .settings().deadConnectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(shared("remit.redis.url=redis://remit.internal:7001", "remit.redis.dead-connection-timeout=4s")
                .settings().deadConnectionTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void deadConnectionTimeoutBelowOneSecondNamesThePropertyAndValue() {
        for (String address : new String[] {"spring.data.redis.host=cache.internal",
                "remit.redis.url=redis://remit.internal:7001"}) {
            InvalidConfigurationPropertyValueException error = error(address,
                    "remit.redis.dead-connection-timeout=500ms");
            assertThat(error.getName()).isEqualTo("remit.redis.dead-connection-timeout");
            assertThat(error.getValue()).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void remitSettingsTheUserWroteWinOverTheirBootTwins() {
        RedisConnectionSettings settings = shared("spring.data.redis.host=cache.internal",
                "spring.data.redis.password=boot-pw", "spring.data.redis.timeout=750ms",
                "remit.redis.password=remit-pw", "remit.redis.command-timeout=2s").settings();
        assertThat(settings.nodes()).containsExactly("cache.internal:" + DEFAULT_PORT);
        assertThat(settings.password()).containsExactly("remit-pw".toCharArray());
        assertThat(settings.commandTimeout()).as("set to its default value, still set").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void remitUrlWinsOverBootHostAndNothingOfBootIsUsed() {
        Shared shared = shared("remit.redis.url=redis://remit.internal:7001", "spring.data.redis.host=boot.internal",
                "spring.data.redis.password=boot-pw");
        assertThat(shared.source()).isEqualTo("remit.redis.*");
        assertThat(shared.bootIgnored()).isTrue();
        assertThat(shared.settings().nodes()).containsExactly("redis://remit.internal:7001");
        assertThat(shared.settings().password()).isNull();
    }

    @Test
    void remitUrlSetToItsDefaultValueStillCountsAsSet() {
        Shared shared = shared("remit.redis.url=" + RemitRedisProperties.DEFAULT_URL, "spring.data.redis.host=boot.internal");
        assertThat(shared.source()).isEqualTo("remit.redis.*");
        assertThat(shared.settings().nodes()).containsExactly(RemitRedisProperties.DEFAULT_URL);
        assertThat(RemitRedisProperties.DEFAULT_URL).as("one default port for both").endsWith(":" + DEFAULT_PORT);
    }

    @Test
    void remitSentinelWithoutModeIsRefusedRatherThanConnectingToTheDefaultUrl() {
        var error = error("remit.redis.sentinel.master=remit-primary", "remit.redis.sentinel.nodes=s1:26380");
        assertThat(error.getName()).isEqualTo("remit.redis.mode");
        assertThat(shared("remit.redis.mode=sentinel", "remit.redis.sentinel.master=remit-primary",
                "remit.redis.sentinel.nodes=s1:26380").settings().mode()).isEqualTo(RedisMode.SENTINEL);
    }

    @Test
    void bootUrlCarriesItsOwnCredentialsAndDatabase() {
        RedisConnectionSettings settings = shared("spring.data.redis.url=rediss://app:url-pw@boot.internal:7001/3",
                "spring.data.redis.host=ignored.internal", "spring.data.redis.password=ignored-pw",
                "spring.data.redis.database=5").settings();
        assertThat(settings.nodes()).containsExactly("rediss://app:url-pw@boot.internal:7001/3");
        assertThat(settings.password()).as("left unset: the URL's is used").isNull();
        assertThat(settings.database()).isZero();
    }

    @Test
    void sentinelFromBoot() {
        RedisConnectionSettings settings = shared("spring.data.redis.sentinel.master=remit-primary",
                "spring.data.redis.sentinel.nodes=s1:26380,s2:26381", "spring.data.redis.sentinel.password=s-pw",
                "spring.data.redis.password=data-pw", "spring.data.redis.host=ignored.internal").settings();
        assertThat(settings.mode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(settings.sentinelMasterName()).isEqualTo("remit-primary");
        assertThat(settings.nodes()).containsExactly("s1:26380", "s2:26381");
        assertThat(settings.sentinelPassword()).containsExactly("s-pw".toCharArray());
        assertThat(settings.password()).containsExactly("data-pw".toCharArray());
    }

    @Test
    void clusterFromBoot() {
        RedisConnectionSettings settings = shared("spring.data.redis.cluster.nodes=c1:7001,c2:7002",
                "spring.data.redis.cluster.max-redirects=3").settings();
        assertThat(settings.mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(settings.nodes()).containsExactly("c1:7001", "c2:7002");
    }

    @Test
    void clusterWithADatabaseNamesBootsProperty() {
        var error = error("spring.data.redis.cluster.nodes=c1:7001", "spring.data.redis.database=3");
        assertThat(error.getName()).isEqualTo("spring.data.redis.database");
        assertThat(error.getValue()).isEqualTo(3);
    }

    @Test
    void sentinelWithoutNodesNamesBootsProperty() {
        var error = error("spring.data.redis.sentinel.master=remit-primary");
        assertThat(error.getName()).isEqualTo("spring.data.redis.sentinel.nodes");
    }

    @Test
    void badPortsNameBootsProperty() {
        var outOfRange = error("spring.data.redis.port=70000");
        assertThat(outOfRange.getName()).isEqualTo("spring.data.redis.port");
        assertThat(outOfRange.getValue()).isEqualTo(70000);
        assertThatThrownBy(() -> shared("spring.data.redis.port=abc")).isInstanceOf(BindException.class)
                .satisfies(ex -> assertThat(((BindException) ex).getProperty().getName().toString())
                        .isEqualTo("spring.data.redis.port"));
    }

    @Test
    void userWithoutPasswordNamesBootsUserAndNoSecretIsShown() {
        var error = error("spring.data.redis.username=teller");
        assertThat(error.getName()).isEqualTo("spring.data.redis.username");
        // A remit.redis.sentinel.password beside a standalone Boot address would apply to nothing.
        var stray = error("spring.data.redis.host=boot.internal", "remit.redis.sentinel.password=s3cret");
        assertThat(stray.getName()).isEqualTo("remit.redis.sentinel.password");
        assertThat(stray.getValue()).isEqualTo("<hidden>");
        assertThat(stray.getMessage()).doesNotContain("s3cret");
    }

    @Test
    void invalidUrlsAreShownWithoutTheirUserInfo() {
        var remitUrl = error("remit.redis.url=redis://user:Sup3rSecret@cache.internal:70000");
        assertThat(remitUrl.getName()).isEqualTo("remit.redis.url");
        assertThat(remitUrl.getValue()).isEqualTo("redis://****@cache.internal:70000");
        assertThat(remitUrl.getMessage()).doesNotContain("Sup3rSecret").contains("cache.internal:70000");

        var bootUrl = error("spring.data.redis.url=redis://user:Sup3rSecret@cache.internal:70000");
        assertThat(bootUrl.getName()).isEqualTo("spring.data.redis.url");
        assertThat(bootUrl.getMessage()).doesNotContain("Sup3rSecret").contains("cache.internal:70000");

        var sentinels = error("remit.redis.mode=sentinel", "remit.redis.sentinel.master=m",
                "remit.redis.sentinel.nodes=redis://:Sup3rSecret@s1:26500,redis://:Sup3rSecret@s2:99999");
        assertThat(sentinels.getName()).isEqualTo("remit.redis.sentinel.nodes");
        assertThat(sentinels.getMessage()).doesNotContain("Sup3rSecret").contains("s2:99999");

        var cluster = error("remit.redis.mode=cluster",
                "remit.redis.cluster.nodes=redis://:abc/Sup3rSecret@c1:7001,redis://:Sup3rSecret@c2:0");
        assertThat(cluster.getName()).isEqualTo("remit.redis.cluster.nodes");
        assertThat(cluster.getMessage()).doesNotContain("Sup3rSecret").doesNotContain("abc").contains("c2:0");

        var bootCluster = error("spring.data.redis.cluster.nodes=redis://:Sup3rSecret@c1:700x");
        assertThat(bootCluster.getName()).isEqualTo("spring.data.redis.cluster.nodes");
        assertThat(bootCluster.getMessage()).doesNotContain("Sup3rSecret").contains("c1:700x");
    }

    @Test
    void unsupportedBootSettingsAreRefusedNotIgnored() {
        assertThat(error("spring.data.redis.sentinel.master=m", "spring.data.redis.sentinel.nodes=s1:26380",
                "spring.data.redis.sentinel.username=sentinel-user").getName())
                .isEqualTo("spring.data.redis.sentinel.username");
        assertThat(error("spring.data.redis.masterreplica.nodes=p:7001,r:7002").getName())
                .isEqualTo("spring.data.redis.masterreplica.nodes");
    }
}
