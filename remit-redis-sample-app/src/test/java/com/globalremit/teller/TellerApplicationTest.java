package com.globalremit.teller;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.test.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The teller service starts against a real Redis and reports it in the health endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "teller.dev-redis.enabled=false")
class TellerApplicationTest {

    // Started before the Spring context, which needs its address; one server for the class.
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

    @Test
    void healthIsUpWithRedisUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JsonMapper.shared().readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("remitRedis").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void servesBranchesFromItsDatabase() throws Exception {
        HttpResponse<String> response = get("/api/branches");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("LDN-01").contains("Nairobi Central");
    }

    /** The starter brings Netty's native epoll for Linux x86_64 and aarch64, and Lettuce picks it up. */
    @Test
    void lettuceRunsOnNativeEpollOnLinux() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "the starter ships epoll for Linux x86_64 and aarch64 only; here " + os + " " + arch);
        assertThat(io.netty.channel.epoll.Epoll.isAvailable())
                .as("epoll unavailable: %s", io.netty.channel.epoll.Epoll.unavailabilityCause()).isTrue();
        assertThat(io.lettuce.core.resource.Transports.socketChannelClass())
                .isEqualTo(io.netty.channel.epoll.EpollSocketChannel.class);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
