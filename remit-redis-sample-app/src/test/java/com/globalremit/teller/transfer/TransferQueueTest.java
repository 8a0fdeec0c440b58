package com.globalremit.teller.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.globalremit.redis.test.RedisServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A transfer goes through the job queue end to end: POST enqueues transaction-processing, whose handler books it and
 * enqueues notification and compliance-check. With the demo switch on, compliance checks reach the dead letters and
 * are retried through the actuator endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "teller.dev-redis.enabled=false",
        "remit.redis.queue.types.compliance-check.backoff-delay=50ms",
        "remit.redis.queue.types.compliance-check.max-retries=1"})
class TransferQueueTest {

    static final RedisServer REDIS = RedisServer.builder().start();
    static final JsonMapper JSON = JsonMapper.shared();

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
    void aTransferIsBookedNotifiedAndCleared() throws Exception {
        HttpResponse<String> accepted = post("/api/transfers", """
                {"fromAccount":"GB29NWBK60161331926819","toAccount":"KE12ABCD0000001","amountCents":25000,
                 "currency":"GBP"}""", "client-req-1");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).path("transferId").asString();

        // The client retries (timeout on its side): same transfer, nothing enqueued twice.
        HttpResponse<String> retry = post("/api/transfers", """
                {"fromAccount":"GB29NWBK60161331926819","toAccount":"KE12ABCD0000001","amountCents":25000,
                 "currency":"GBP"}""", "client-req-1");
        assertThat(JSON.readTree(retry.body()).path("transferId").asString()).isEqualTo(id);
        assertThat(JSON.readTree(retry.body()).path("duplicate").asBoolean()).isTrue();

        await(() -> {
            JsonNode s = JSON.readTree(get("/api/transfers/" + id).body());
            return s.path("status").asString().equals("COMPLETED") && s.path("notified").asBoolean()
                    && s.path("compliance").asString().equals("CLEARED");
        });
    }

    @Test
    void failingComplianceChecksReachTheDeadLettersAndAreRetriedThroughActuator() throws Exception {
        put("/api/transfers/demo/fail-compliance?enabled=true");
        try {
            String id = JSON.readTree(post("/api/transfers", """
                    {"fromAccount":"A1","toAccount":"B2","amountCents":900,"currency":"EUR"}""", null).body())
                    .path("transferId").asString();
            await(() -> JSON.readTree(get("/actuator/remitqueue/jobs?type=compliance-check").body())
                    .path("total").asInt() == 1);
            JsonNode dead = JSON.readTree(get("/actuator/remitqueue/jobs?type=compliance-check").body())
                    .path("jobs").get(0);
            assertThat(dead.path("id").asString()).isEqualTo("aml-" + id);
            assertThat(dead.path("lastError").asString()).contains("AML screening service unavailable");
            assertThat(dead.path("history")).hasSize(2);
            assertThat(JSON.readTree(get("/api/transfers/" + id).body()).path("compliance").asString())
                    .isEqualTo("PENDING");

            put("/api/transfers/demo/fail-compliance?enabled=false");
            HttpResponse<String> retried = post("/actuator/remitqueue/jobs",
                    "{\"action\":\"retry-all\",\"type\":\"compliance-check\"}", null);
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(retried.body()).path("jobs").asInt()).isEqualTo(1);
            await(() -> JSON.readTree(get("/api/transfers/" + id).body()).path("compliance").asString()
                    .equals("CLEARED"));
            assertThat(JSON.readTree(get("/actuator/remitqueue").body()).path("jobs").path("dead").asInt()).isZero();
        } finally {
            put("/api/transfers/demo/fail-compliance?enabled=false");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition within 15s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
