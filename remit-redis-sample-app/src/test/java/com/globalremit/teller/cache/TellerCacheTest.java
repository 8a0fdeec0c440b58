package com.globalremit.teller.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.test.RedisServer;
import com.globalremit.teller.TellerApplication;
import com.globalremit.teller.cache.TellerRecords.ClientProfile;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two teller instances (two application contexts) on one Redis and one database: reads are cached, and a KYC
 * update on one instance is seen by the other within a second, although the other holds a near-cache copy.
 */
class TellerCacheTest {

    static RedisServer redis;
    static ConfigurableApplicationContext instanceA;
    static ConfigurableApplicationContext instanceB;

    @BeforeAll
    static void start() {
        redis = RedisServer.builder().start();
        instanceA = instance();
        instanceB = instance();
    }

    @AfterAll
    static void stop() {
        if (instanceA != null) instanceA.close();
        if (instanceB != null) instanceB.close();
        redis.close();
    }

    private static ConfigurableApplicationContext instance() {
        // Command-line arguments, not default properties: application.yml's remit.redis.url would win over those.
        // A web application on a random port, as deployed: the sample's session pages need the servlet session store.
        return new SpringApplicationBuilder(TellerApplication.class).run("--server.port=0",
                "--teller.dev-redis.enabled=false", "--remit.redis.url=redis://127.0.0.1:" + redis.port());
    }

    @Test
    void instancesUseTheTestRedis() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {instanceA, instanceB}) {
            assertThat(instance.getBean(com.globalremit.redis.connection.RemitRedisClient.class).settings().nodes())
                    .extracting(Object::toString).allMatch(node -> node.contains(Integer.toString(redis.port())));
        }
    }

    @Test
    void cachedReadsSpareTheDatabase() {
        TellerDirectory directory = instanceA.getBean(TellerDirectory.class);
        long before = directory.databaseReads();
        for (int i = 0; i < 5; i++) {
            assertThat(directory.countries()).extracting(TellerRecords.Country::code).containsExactly("GB", "KE", "PH");
            assertThat(directory.rate("GBP", "KES")).get().extracting(r -> r.rate().doubleValue()).isEqualTo(164.25);
            assertThat(directory.balance("PH-1002-PHP")).get().extracting(b -> b.currency()).isEqualTo("PHP");
            assertThat(directory.balance("NO-SUCH")).isEmpty();
        }
        assertThat(directory.databaseReads() - before).isEqualTo(4);
        MeterRegistry meters = instanceA.getBean(MeterRegistry.class);
        assertThat(meters.get("remit.cache.near.hits").tag("type", "country-list").counter().count()).isEqualTo(4);
    }

    @Test
    void kycUpdateOnOneInstanceInvalidatesTheOther() {
        TellerDirectory a = instanceA.getBean(TellerDirectory.class);
        TellerDirectory b = instanceB.getBean(TellerDirectory.class);
        assertThat(a.client(1001)).get().extracting(ClientProfile::kycStatus).isEqualTo("PENDING");
        assertThat(b.client(1001)).get().extracting(ClientProfile::kycStatus).isEqualTo("PENDING");
        long readsOfB = b.databaseReads();
        assertThat(b.client(1001)).get().extracting(ClientProfile::kycStatus).isEqualTo("PENDING");
        assertThat(b.databaseReads()).as("served from B's near cache").isEqualTo(readsOfB);

        instanceA.getBean(KycService.class).updateKycStatus(1001, "VERIFIED");

        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        String seenByB = b.client(1001).map(ClientProfile::kycStatus).orElseThrow();
        while (!seenByB.equals("VERIFIED") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            seenByB = b.client(1001).map(ClientProfile::kycStatus).orElseThrow();
        }
        assertThat(seenByB).isEqualTo("VERIFIED");
        assertThat(a.client(1001)).get().extracting(ClientProfile::kycStatus).isEqualTo("VERIFIED");
    }
}
