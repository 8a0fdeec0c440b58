package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedisConnectionSettingsTest {

    @Test
    void defaults() {
        RedisConnectionSettings s = RedisConnectionSettings.standalone("redis://localhost:7001").build();
        assertThat(s.mode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.requestQueueSize()).isEqualTo(10_000);
        assertThat(s.verifyPeer()).isTrue();
        assertThat(s.ssl()).isFalse();
        assertThat(s.clusterAdaptiveRefresh()).isTrue();
        assertThat(s.clusterRefreshPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.clusterAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.clusterDynamicRefreshSources()).isTrue();
        assertThat(s.deadConnectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.password()).isNull();
    }

    @Test
    void deadConnectionTimeoutBelowOneSecondIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:7000")
                        .deadConnectionTimeout(Duration.ofMillis(999)).build())
                .withMessage("deadConnectionTimeout must be at least 1s, but was PT0.999S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:7000").deadConnectionTimeout(null).build())
                .withMessage("deadConnectionTimeout must be at least 1s, but was null");
    }

    @Test
    void nonPositiveAdaptiveRefreshTimeoutIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("h:7000").clusterAdaptiveRefreshTimeout(Duration.ZERO)
                        .build())
                .withMessage("clusterAdaptiveRefreshTimeout must be a positive duration, but was PT0S");
    }

    @Test
    void sentinelWithoutMasterNameIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.builder().mode(RedisMode.SENTINEL).nodes("h:27001").build())
                .withMessage("sentinelMasterName is required in SENTINEL mode, but was null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.sentinel("  ", "h:27001").build())
                .withMessage("sentinelMasterName is required in SENTINEL mode, but was '  '");
    }

    @Test
    void masterNameOutsideSentinelModeIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("h:7000").sentinelMasterName("m").build())
                .withMessage("sentinelMasterName is only used in SENTINEL mode, but was 'm' in CLUSTER mode");
    }

    @Test
    void nodeAddressesAreValidatedAndNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisConnectionSettings.cluster().build())
                .withMessage("nodes must name at least one CLUSTER node, but was empty");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("h1:7000", "h2:70000").build())
                .withMessage("nodes[1] port must be 1..65535, but was 70000 in 'h2:70000'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("h1:abc").build())
                .withMessage("nodes[0] has an invalid port in 'h1:abc'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("http://h:7001").build())
                .withMessage("nodes[0] must use the redis:// or rediss:// scheme, but was 'http://h:7001'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.builder().nodes("a:1", "b:2").build())
                .withMessageStartingWith("nodes must hold exactly one address in STANDALONE mode");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("h1:7000", null).build())
                .withMessageStartingWith("nodes[1] must be").withMessageEndingWith("but was null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("::1:7000").build())
                .withMessageContaining("write IPv6 as [addr]:port");
    }

    @Test
    void urlWithABadPortIsRefusedWithoutEchoingItsPassword() {
        // Lettuce would take "cache:notaport" for a host name and fail only at connect time, with a DNS error.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("redis://:s3cret@cache:notaport/0").build())
                .withMessage("nodes[0] has an invalid port in 'cache:notaport'");
        assertThat(RedisConnectionSettings.standalone("redis://[::1]:7001/1").build().nodes()).hasSize(1);
    }

    @Test
    void readFromAndSslOptionsTakePartInEquality() {
        io.lettuce.core.SslOptions ssl = io.lettuce.core.SslOptions.builder().build();
        RedisConnectionSettings plain = RedisConnectionSettings.standalone("h:7001").build();
        RedisConnectionSettings replicas = plain.toBuilder().readFrom(io.lettuce.core.ReadFrom.REPLICA).build();
        assertThat(replicas).isNotEqualTo(plain).isEqualTo(replicas.toBuilder().build());
        assertThat(plain.toBuilder().sslOptions(ssl).build()).isNotEqualTo(plain)
                .isEqualTo(plain.toBuilder().sslOptions(ssl).build());
        assertThat(LettuceConfig.clientOptions(plain.toBuilder().sslOptions(ssl).build()).getSslOptions())
                .isSameAs(ssl);
    }

    @Test
    void acceptsUrlsHostPortAndBracketedIpv6() {
        assertThat(RedisConnectionSettings.standalone("rediss://:pw@cache:6380/2").build().nodes())
                .containsExactly("rediss://:pw@cache:6380/2");
        assertThat(RedisConnectionSettings.cluster(" h1:7000 ", "[::1]:7001", "h3").build().nodes())
                .containsExactly("h1:7000", "[::1]:7001", "h3");
    }

    @Test
    void otherInvalidValuesNameTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.cluster("h:1").database(3).build())
                .withMessageContaining("database must be 0 in CLUSTER mode").withMessageEndingWith("but was 3");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:1").commandTimeout(Duration.ZERO).build())
                .withMessage("commandTimeout must be a positive duration, but was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:1").connectTimeout(null).build())
                .withMessage("connectTimeout must be a positive duration, but was null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:1").requestQueueSize(0).build())
                .withMessage("requestQueueSize must be >= 1, but was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:1").username("app").build())
                .withMessage("username 'app' is set but password is missing");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:1").clientName("my app").build())
                .withMessage("clientName must be printable ASCII without spaces, but was 'my app'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("h:1").database(-1).build())
                .withMessage("database must be >= 0, but was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.builder().mode(null).nodes("h:1").build())
                .withMessageStartingWith("mode must be one of [STANDALONE, SENTINEL, CLUSTER]");
    }

    @Test
    void toStringNeverShowsPasswords() {
        RedisConnectionSettings s = RedisConnectionSettings.standalone("redis://app:url-secret@cache:7001")
                .username("app").password("field-secret").build();
        assertThat(s.toString()).doesNotContain("url-secret").doesNotContain("field-secret")
                .contains("password=****").contains("redis://****@cache:7001");
        RedisConnectionSettings sentinel = RedisConnectionSettings.sentinel("m", "h:27001")
                .sentinelPassword("sentinel-secret".toCharArray()).build();
        assertThat(sentinel.toString()).doesNotContain("sentinel-secret").contains("sentinelPassword=****");
    }

    @Test
    void badUrlErrorDoesNotEchoThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("redis://:top-secret@").build())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("top-secret"));
    }

    @Test
    void passwordHoldingASlashIsNotShownAsTheHost() {
        // The user info must go before the path is split off: "redis://:abc/Sup3rSecret@host" once gave
        // "nodes[0] has an invalid host: ':abc'", half the password.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("redis://:abc/Sup3rSecret@cache.internal:70000")
                        .build())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc").doesNotContain("Sup3rSecret")
                        .contains("cache.internal:70000"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConnectionSettings.standalone("redis://u:p?q#Secret@cache.internal:x").build())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Secret").doesNotContain("p?q")
                        .contains("cache.internal:x"));
    }

    @Test
    void passwordIsCopiedInAndOut() {
        char[] secret = "s3cret".toCharArray();
        RedisConnectionSettings s = RedisConnectionSettings.standalone("h:1").password(secret).build();
        secret[0] = 'X';
        char[] out = s.password();
        assertThat(out).containsExactly("s3cret".toCharArray());
        out[0] = 'Y';
        assertThat(s.password()).containsExactly("s3cret".toCharArray());
    }

    @Test
    void equalityComparesPasswordContentAndToBuilderRoundTrips() {
        RedisConnectionSettings a = RedisConnectionSettings.cluster("h1:7000", "h2:7001").password("pw")
                .clusterRefreshPeriod(Duration.ZERO).build();
        RedisConnectionSettings b = RedisConnectionSettings.cluster("h1:7000", "h2:7001").password("pw")
                .clusterRefreshPeriod(Duration.ZERO).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(a.toBuilder().password("other").build()).isNotEqualTo(a);
        assertThat(a.nodes()).isEqualTo(List.of("h1:7000", "h2:7001"));
    }
}
