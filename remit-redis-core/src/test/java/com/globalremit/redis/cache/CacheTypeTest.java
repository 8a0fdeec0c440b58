package com.globalremit.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheTypeTest {

    @Test
    void defaultsAreTheStrategyTable() {
        CacheTypes types = CacheTypes.defaults();
        assertThat(types.get("client-profile").ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(types.get("account-balance").ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(types.get("exchange-rate").ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(types.get("country-list").ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(types.get("currency-list").ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(types.get("transaction-history").ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(types.get("compliance-data").ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(types.get("anything-else").ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(types.get("country-list").nearCache()).isTrue();
        assertThat(types.get("currency-list").nearCache()).isTrue();
        assertThat(types.get("client-profile").nearCache()).isFalse();
        assertThat(types.get("client-profile").cacheAbsent()).isTrue();
    }

    @Test
    void configuredTypesWinAndShortTypesCapTheirNearAndAbsentTtls() {
        CacheType balance = CacheType.builder("account-balance").ttl(Duration.ofSeconds(10)).nearCache(true)
                .nearCacheTtl(Duration.ofMinutes(5)).absentTtl(Duration.ofMinutes(1)).build();
        CacheTypes types = CacheTypes.of(List.of(balance), b -> b.jitterPercent(0));
        assertThat(types.get("account-balance").nearCacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(types.get("account-balance").absentTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(types.get("account-balance").jitterPercent()).isEqualTo(10);
        assertThat(types.get("new-type").jitterPercent()).isZero();
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatIllegalArgumentException().isThrownBy(() -> CacheType.builder("x").jitterPercent(60).build())
                .withMessageContaining("jitterPercent");
        assertThatIllegalArgumentException().isThrownBy(() -> CacheType.builder("x").ttl(Duration.ZERO).build())
                .withMessageContaining("ttl");
        assertThatIllegalArgumentException().isThrownBy(() -> CacheType.defaults("Client Profile"))
                .withMessageContaining("Client Profile");
        assertThatIllegalArgumentException().isThrownBy(() -> CacheType.defaults("cache-lease"))
                .withMessageContaining("reserved");
    }

    @Test
    void typesInAnotherFeaturesNamespaceAreRefusedWithTheirName() {
        // session-data would be session:data:{id}, the session store's own keys; same for queue and rate_limit.
        for (String name : List.of("session-data", "queue-wait", "rate_limit-counter", "rate_limit-x")) {
            assertThatIllegalArgumentException().isThrownBy(() -> CacheType.defaults(name))
                    .withMessageContaining("\"" + name + "\"").withMessageContaining("namespace");
            assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.of(name, "1"))
                    .withMessageContaining("\"" + name + "\"");
        }
        assertThat(CacheType.defaults("sessions-data").name()).isEqualTo("sessions-data");
        assertThat(CacheType.defaults("session").name()).isEqualTo("session"); // cache:session:{id}
    }

    @Test
    void keysFollowTheNamingConventionWithTheIdAsHashTag() {
        CacheKeys keys = new CacheKeys(com.globalremit.redis.key.KeyNaming.withPrefix("teller"));
        assertThat(keys.value(CacheKey.of("client-profile", "123"))).isEqualTo("teller:client:profile:{123}");
        assertThat(keys.value(CacheKey.of("transaction-history", "123", "recent")))
                .isEqualTo("teller:transaction:history:{123}:recent");
        assertThat(keys.value(CacheKey.of("rates", "USD"))).isEqualTo("teller:cache:rates:{USD}");
        assertThat(keys.lease(CacheKey.of("client-profile", "123"))).isEqualTo("teller:cache:lease:{123}:client-profile");
        assertThat(keys.index("123")).isEqualTo("teller:cache:index:{123}");
        assertThat(keys.groupPattern("12*")).isEqualTo("teller:*:*:{12\\*}*");
    }
}
