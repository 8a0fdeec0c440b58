package com.globalremit.teller.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.globalremit.redis.test.RedisServer;

/** The teller service limits its endpoints over real HTTP against a real Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // A generous per-check timeout: on a loaded build machine a slow answer must not become a local fallback.
        properties = {"teller.dev-redis.enabled=false", "remit.redis.rate-limit.timeout=5s"})
class TellerRateLimitTest {

    static final RedisServer REDIS = RedisServer.builder().start();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("remit.redis.url", () -> "redis://127.0.0.1:" + REDIS.port());
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tellerEndpointsCarryTheRateLimitHeaders() throws Exception {
        HttpResponse<String> response = get("/api/branches");
        assertThat(response.statusCode()).isEqualTo(200);
        // Anonymous caller (no Spring Security in this build): the unauthenticated tier, keyed by address.
        assertThat(response.headers().firstValue("X-RateLimit-Limit")).hasValue("60");
        long remaining = Long.parseLong(response.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertThat(remaining).isBetween(0L, 59L);
        long reset = Long.parseLong(response.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertThat(reset).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"unauthenticated\";q=60;w=60");
        assertThat(get("/actuator/health").headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }

    @Test
    void theExportIsDeniedAfterFiveCallsWith429AndRetryAfter() throws Exception {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> ok = get("/api/branches/export");
            assertThat(ok.statusCode()).as("export " + i).isEqualTo(200);
            assertThat(ok.body()).startsWith("id,name,country").contains("LDN-01");
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue("" + (5 - i));
        }
        HttpResponse<String> denied = get("/api/branches/export");
        assertThat(denied.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(denied.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(denied.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(denied.body()).contains("\"status\":429").contains("/api/branches/export");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
