package com.globalremit.redis.autoconfigure.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Real HTTP requests through Spring MVC (MockMvc) against a real Redis. */
@RemitRedis
class RateLimitWebMvcTest {

    private static final List<String> TIERS = List.of("unauthenticated", "basic-teller", "senior-teller", "manager",
            "system");

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitRedisRateLimitAutoConfiguration.class, WebMvcAutoConfiguration.class))
            .withUserConfiguration(TellerController.class, Metrics.class);

    @AfterEach
    void clearSecurity() {
        SecurityContextHolder.clearContext();
    }

    @RestController
    static class TellerController {

        @GetMapping("/api/rates")
        String rates() {
            return "rates";
        }

        @PostMapping("/api/transfers")
        String transfer() {
            return "sent";
        }

        @RateLimited(group = "transfers")
        @GetMapping("/api/transfer-status")
        String status() {
            return "ok";
        }

        @RateLimited(limit = 2, window = "1m")
        @GetMapping("/api/export")
        String export() {
            return "csv";
        }

        @RateLimited(cost = 3)
        @GetMapping("/api/bulk")
        String bulk() {
            return "bulk";
        }

        @GetMapping("/actuator/health")
        String health() {
            return "UP";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Metrics {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private WebApplicationContextRunner with(RedisServer server, String... properties) {
        // A generous per-check timeout so a loaded build machine cannot turn a slow answer into a fallback;
        // the outage tests stop Redis, which fails checks at once. A test's own properties come later and win.
        return runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "remit.redis.rate-limit.timeout=5s").withPropertyValues(properties);
    }

    private static MockMvc mvc(AssertableWebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    /** Authenticates the calling thread as Spring Security's filter chain would. */
    private static void authenticate(String name, String... authorities) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name,
                "n/a", AuthorityUtils.createAuthorityList(authorities)));
    }

    private static void as(String tier) {
        switch (tier) {
            case "unauthenticated" -> SecurityContextHolder.clearContext();
            case "basic-teller" -> authenticate("bob", "ROLE_TELLER");
            case "senior-teller" -> authenticate("sue", "ROLE_SENIOR_TELLER");
            case "manager" -> authenticate("max", "ROLE_MANAGER");
            case "system" -> authenticate("ledger-service", "ROLE_SYSTEM");
            default -> throw new IllegalArgumentException(tier);
        }
    }

    private static MockHttpServletResponse perform(MockMvc mvc, MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void eachOfTheFiveTiersGetsTheDocumentsDefaultLimit(RedisServer server) {
        with(server).run(context -> {
            MockMvc mvc = mvc(context);
            long[] expected = {60, 300, 600, 1000, 5000};
            for (int i = 0; i < TIERS.size(); i++) {
                as(TIERS.get(i));
                long now = System.currentTimeMillis() / 1000;
                MockHttpServletResponse response = perform(mvc, get("/api/rates"));
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.getHeader("X-RateLimit-Limit")).as(TIERS.get(i)).isEqualTo("" + expected[i]);
                assertThat(response.getHeader("X-RateLimit-Remaining")).isEqualTo("" + (expected[i] - 1));
                assertThat(Long.parseLong(response.getHeader("X-RateLimit-Reset"))).isBetween(now + 55, now + 62);
                assertThat(response.getHeader("Retry-After")).isNull();
            }
        });
    }

    @Test
    void eachTierIsDeniedAtItsOwnLimitWith429RetryAfterAndAProblemDetail(RedisServer server) {
        // Small, distinct limits so every tier can be exhausted quickly and told apart by its limit.
        with(server, "remit.redis.rate-limit.tiers.unauthenticated.limit=2",
                "remit.redis.rate-limit.tiers.basic-teller.limit=3", "remit.redis.rate-limit.tiers.senior-teller.limit=4",
                "remit.redis.rate-limit.tiers.manager.limit=5", "remit.redis.rate-limit.tiers.system.limit=6",
                "remit.redis.rate-limit.tiers.system.window=30s").run(context -> {
                    MockMvc mvc = mvc(context);
                    for (int i = 0; i < TIERS.size(); i++) {
                        String tier = TIERS.get(i);
                        int limit = i + 2;
                        as(tier);
                        for (int n = 1; n <= limit; n++) {
                            MockHttpServletResponse ok = perform(mvc, get("/api/rates"));
                            assertThat(ok.getStatus()).as(tier + " request " + n).isEqualTo(200);
                            assertThat(ok.getHeader("X-RateLimit-Remaining")).isEqualTo("" + (limit - n));
                        }
                        MockHttpServletResponse denied = perform(mvc, get("/api/rates"));
                        assertThat(denied.getStatus()).as(tier).isEqualTo(429);
                        assertThat(denied.getHeader("X-RateLimit-Limit")).isEqualTo("" + limit);
                        assertThat(denied.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
                        long retryAfter = Long.parseLong(denied.getHeader("Retry-After"));
                        assertThat(retryAfter).isBetween(1L, tier.equals("system") ? 30L : 60L);
                        assertThat(denied.getContentType()).startsWith("application/problem+json");
                        assertThat(denied.getContentAsString()).contains("\"status\":429")
                                .contains("\"title\":\"Too Many Requests\"")
                                .contains("\"instance\":\"/api/rates\"")
                                .contains("retry after " + retryAfter + " s");
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("remit.redis.rate-limit.decisions").tag("tier", "manager")
                            .tag("outcome", "allowed").counter().count()).isEqualTo(5);
                    assertThat(registry.get("remit.redis.rate-limit.decisions").tag("tier", "manager")
                            .tag("outcome", "denied").counter().count()).isEqualTo(1);
                    assertThat(registry.get("remit.redis.rate-limit.check").tag("source", "redis").timer().count())
                            .isEqualTo(2 + 3 + 4 + 5 + 6 + 5);
                });
    }

    @Test
    void theHighestTierOfSeveralRolesWinsAndServletRolesWorkWithoutSpringSecurity(RedisServer server) {
        with(server).run(context -> {
            MockMvc mvc = mvc(context);
            authenticate("ann", "ROLE_TELLER", "ROLE_MANAGER", "ROLE_AUDITOR");
            assertThat(perform(mvc, get("/api/rates")).getHeader("X-RateLimit-Limit")).isEqualTo("1000");
            // Authenticated but no mapped role: the authenticated tier.
            authenticate("guest", "ROLE_AUDITOR");
            assertThat(perform(mvc, get("/api/rates")).getHeader("X-RateLimit-Limit")).isEqualTo("300");
            // Container security (no Spring Security authentication): principal + isUserInRole.
            SecurityContextHolder.clearContext();
            MockHttpServletResponse response = perform(mvc, get("/api/rates").principal(() -> "sam").with(r -> {
                r.addUserRole("SENIOR_TELLER");
                return r;
            }));
            assertThat(response.getHeader("X-RateLimit-Limit")).isEqualTo("600");
        });
    }

    @Test
    void aUserResolverBeanDecidesTheCallerAndTier(RedisServer server) {
        with(server).withBean(RateLimitCallerResolver.class,
                () -> request -> request.getHeader("X-Api-Key") == null ? null
                        : RateLimitCaller.user("key-" + request.getHeader("X-Api-Key"), "system"))
                .run(context -> {
                    MockMvc mvc = mvc(context);
                    assertThat(perform(mvc, get("/api/rates").header("X-Api-Key", "k1"))
                            .getHeader("X-RateLimit-Limit")).isEqualTo("5000");
                    // null from the resolver: the default resolution applies.
                    assertThat(perform(mvc, get("/api/rates")).getHeader("X-RateLimit-Limit")).isEqualTo("60");
                });
    }

    @Test
    void unauthenticatedCallersAreKeyedByAddressAndForwardedForIsIgnoredByDefault(RedisServer server) {
        with(server, "remit.redis.rate-limit.tiers.unauthenticated.limit=1").run(context -> {
            MockMvc mvc = mvc(context);
            assertThat(perform(mvc, get("/api/rates").with(remote("203.0.113.9"))).getStatus()).isEqualTo(200);
            assertThat(perform(mvc, get("/api/rates").with(remote("203.0.113.9"))).getStatus()).isEqualTo(429);
            // A spoofed header buys no fresh budget.
            assertThat(perform(mvc, get("/api/rates").with(remote("203.0.113.9"))
                    .header("X-Forwarded-For", "198.51.100.1")).getStatus()).isEqualTo(429);
            assertThat(perform(mvc, get("/api/rates").with(remote("203.0.113.10"))).getStatus()).isEqualTo(200);
        });
    }

    @Test
    void forwardedForIsHonouredFromTrustedProxiesOnly(RedisServer server) {
        with(server, "remit.redis.rate-limit.tiers.unauthenticated.limit=1",
                "remit.redis.rate-limit.trusted-proxies=10.0.0.0/8").run(context -> {
                    MockMvc mvc = mvc(context);
                    // Through the proxy: the client is the right-most untrusted hop; a forged left part is ignored.
                    assertThat(perform(mvc, get("/api/rates").with(remote("10.1.2.3"))
                            .header("X-Forwarded-For", "1.1.1.1, 198.51.100.7, 10.9.9.9")).getStatus()).isEqualTo(200);
                    assertThat(perform(mvc, get("/api/rates").with(remote("10.1.2.4"))
                            .header("X-Forwarded-For", "2.2.2.2, 198.51.100.7")).getStatus()).isEqualTo(429);
                    assertThat(perform(mvc, get("/api/rates").with(remote("10.1.2.3"))
                            .header("X-Forwarded-For", "198.51.100.8")).getStatus()).isEqualTo(200);
                });
    }

    @Test
    void endpointGroupsAnnotationsAndExclusionsShapeTheLimits(RedisServer server) {
        with(server, "remit.redis.rate-limit.endpoint-groups.transfers.paths=/api/transfers/**,/api/transfers",
                "remit.redis.rate-limit.endpoint-groups.transfers.tiers.basic-teller.limit=2").run(context -> {
                    MockMvc mvc = mvc(context);
                    as("basic-teller");
                    // The transfers group: 2 for tellers, shared by the path group and @RateLimited(group).
                    assertThat(perform(mvc, post("/api/transfers")).getHeader("X-RateLimit-Limit")).isEqualTo("2");
                    assertThat(perform(mvc, get("/api/transfer-status")).getStatus()).isEqualTo(200);
                    assertThat(perform(mvc, post("/api/transfers")).getStatus()).isEqualTo(429);
                    // Other endpoints keep their own counters and the tier's limit.
                    assertThat(perform(mvc, get("/api/rates")).getHeader("X-RateLimit-Remaining")).isEqualTo("299");
                    // Managers are not overridden on the group.
                    as("manager");
                    assertThat(perform(mvc, post("/api/transfers")).getHeader("X-RateLimit-Limit")).isEqualTo("1000");
                    // @RateLimited(limit = 2, window = "1m") applies to every tier.
                    assertThat(perform(mvc, get("/api/export")).getStatus()).isEqualTo(200);
                    assertThat(perform(mvc, get("/api/export")).getStatus()).isEqualTo(200);
                    assertThat(perform(mvc, get("/api/export")).getStatus()).isEqualTo(429);
                    // @RateLimited(cost = 3)
                    assertThat(perform(mvc, get("/api/bulk")).getHeader("X-RateLimit-Remaining")).isEqualTo("997");
                    // Excluded by default: health.
                    MockHttpServletResponse health = perform(mvc, get("/actuator/health"));
                    assertThat(health.getStatus()).isEqualTo(200);
                    assertThat(health.getHeader("X-RateLimit-Limit")).isNull();
                });
    }

    @Test
    void errorDispatchesAreNotCountedAgain(RedisServer server) {
        // After a controller fails, the container re-dispatches to the error page: that must not cost a second unit.
        with(server, "remit.redis.rate-limit.tiers.manager.limit=5").run(context -> {
            MockMvc mvc = mvc(context);
            as("manager");
            MockHttpServletResponse error = perform(mvc, get("/api/rates").with(r -> {
                r.setDispatcherType(jakarta.servlet.DispatcherType.ERROR);
                return r;
            }));
            assertThat(error.getStatus()).isEqualTo(200);
            assertThat(error.getHeader("X-RateLimit-Limit")).isNull();
            assertThat(perform(mvc, get("/api/rates")).getHeader("X-RateLimit-Remaining")).isEqualTo("4");
        });
    }

    @Test
    void ietfDraftHeadersOnRequest(RedisServer server) {
        with(server, "remit.redis.rate-limit.web.ietf-headers=true").run(context -> {
            as("senior-teller");
            MockHttpServletResponse response = perform(mvc(context), get("/api/rates"));
            assertThat(response.getHeader("RateLimit-Policy")).isEqualTo("\"senior-teller\";q=600;w=60");
            assertThat(response.getHeader("RateLimit")).matches("\"senior-teller\";r=599;t=(59|60|61)");
        });
        with(server).run(context -> assertThat(perform(mvc(context), get("/api/rates")).getHeader("RateLimit"))
                .isNull());
        // Whole seconds rounded up: a 1500 ms window is not advertised as 1 s (more requests than allowed).
        with(server, "remit.redis.rate-limit.web.ietf-headers=true",
                "remit.redis.rate-limit.tiers.manager.window=1500ms").run(context -> {
                    as("manager");
                    assertThat(perform(mvc(context), get("/api/rates")).getHeader("RateLimit-Policy"))
                            .isEqualTo("\"manager\";q=1000;w=2");
                });
    }

    @Test
    void failClosedAnswers503WhileRedisIsDownAndRecovers(RedisServer server) {
        with(server, "remit.redis.rate-limit.failure-policy=fail-closed", "remit.redis.rate-limit.probe-interval=0s")
                .run(context -> {
                    MockMvc mvc = mvc(context);
                    as("manager");
                    assertThat(perform(mvc, get("/api/rates")).getStatus()).isEqualTo(200);
                    server.stop();
                    MockHttpServletResponse down = perform(mvc, get("/api/rates"));
                    assertThat(down.getStatus()).isEqualTo(503);
                    assertThat(down.getHeader("Retry-After")).isEqualTo("1");
                    assertThat(down.getContentAsString()).contains("\"status\":503");
                    server.restart();
                    awaitStatus(mvc, 200);
                    assertThat(context.getBean(MeterRegistry.class).get("remit.redis.rate-limit.decisions")
                            .tag("outcome", "fallback").tag("allowed", "false").counter().count()).isPositive();
                });
    }

    @Test
    void failOpenServesWithinLocalLimitsWhileRedisIsDown(RedisServer server) {
        with(server, "remit.redis.rate-limit.tiers.manager.limit=3", "remit.redis.rate-limit.probe-interval=0s")
                .run(context -> {
                    MockMvc mvc = mvc(context);
                    as("manager");
                    server.stop();
                    for (int i = 0; i < 3; i++) {
                        MockHttpServletResponse ok = perform(mvc, get("/api/rates"));
                        assertThat(ok.getStatus()).isEqualTo(200);
                        assertThat(ok.getHeader("X-RateLimit-Remaining")).isEqualTo("" + (2 - i));
                    }
                    assertThat(perform(mvc, get("/api/rates")).getStatus()).isEqualTo(429);
                    assertThat(context.getBean(MeterRegistry.class).get("remit.redis.rate-limit.decisions")
                            .tag("outcome", "fallback").tag("allowed", "true").counter().count()).isEqualTo(3);
                    assertThat(context.getBean(MeterRegistry.class).get("remit.redis.rate-limit.redis-failures")
                            .functionCounter().count()).isGreaterThanOrEqualTo(4);
                    server.restart();
                    // Back on Redis (empty after the restart): a fresh budget from the shared limiter.
                    MockHttpServletResponse back = awaitStatus(mvc, 200);
                    assertThat(back.getHeader("X-RateLimit-Remaining")).isEqualTo("2");
                });
    }

    @Test
    void badSettingsFailAtStartUpNamingThePropertyAndValue(RedisServer server) {
        assertStartupFailure(with(server, "remit.redis.rate-limit.tiers.manager.limit=0"),
                "remit.redis.rate-limit.tiers.manager.limit", "0");
        assertStartupFailure(with(server, "remit.redis.rate-limit.tiers.system.window=0s"),
                "remit.redis.rate-limit.tiers.system.window", "PT0S");
        assertStartupFailure(with(server, "remit.redis.rate-limit.role-tiers.ROLE_AUDITOR=auditor"),
                "remit.redis.rate-limit.role-tiers.ROLE_AUDITOR", "auditor");
        assertStartupFailure(with(server, "remit.redis.rate-limit.trusted-proxies=proxy.internal"),
                "remit.redis.rate-limit.trusted-proxies", "proxy.internal");
        assertStartupFailure(with(server, "remit.redis.rate-limit.timeout=0ms"), "remit.redis.rate-limit.timeout",
                "PT0S");
        assertStartupFailure(with(server, "remit.redis.rate-limit.tiers.partner.window=1m"),
                "remit.redis.rate-limit.tiers.partner.limit", null);
        with(server).withUserConfiguration(BadAnnotationController.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("@RateLimited on BadAnnotationController.x")
                    .contains("'ten seconds'");
        });
    }

    @Test
    void webIntegrationAndTheWholeFeatureCanBeSwitchedOff(RedisServer server) {
        with(server, "remit.redis.rate-limit.web.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(com.globalremit.redis.ratelimit.SlidingWindowRateLimiter.class)
                    .doesNotHaveBean(RateLimitInterceptor.class);
            assertThat(perform(mvc(context), get("/api/rates")).getHeader("X-RateLimit-Limit")).isNull();
        });
        with(server, "remit.redis.rate-limit.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(com.globalremit.redis.ratelimit.SlidingWindowRateLimiter.class));
    }

    @Test
    void aCostAboveTheLimitIsRefusedNotCappedAtTheLimit(RedisServer server) {
        // The annotation's own limit, and a fixed group's tier limits: known at start-up.
        with(server).withUserConfiguration(CostAboveOwnLimitController.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("@RateLimited on CostAboveOwnLimitController.x").contains("cost 10 is above its limit 5");
        });
        with(server, "remit.redis.rate-limit.endpoint-groups.exports.tiers.basic-teller.limit=5")
                .withUserConfiguration(CostAboveGroupLimitController.class).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure()))
                            .contains("@RateLimited on CostAboveGroupLimitController.x")
                            .contains("cost 10 is above the limit 5 of tier 'basic-teller' on group 'exports'");
                });
        // A path-based group is known per request only: refused then, uncounted, never charged the limit.
        with(server, "remit.redis.rate-limit.tiers.manager.limit=2").run(context -> {
            MockMvc mvc = mvc(context);
            as("manager");
            MockHttpServletResponse bulk = perform(mvc, get("/api/bulk")); // cost 3, limit 2
            assertThat(bulk.getStatus()).isEqualTo(429);
            assertThat(bulk.getHeader("Retry-After")).isNull();
            assertThat(bulk.getContentAsString()).contains("costs 3 units, more than the limit of 2");
            assertThat(perform(mvc, get("/api/rates")).getHeader("X-RateLimit-Remaining")).isEqualTo("1");
        });
    }

    @RestController
    static class CostAboveOwnLimitController {
        @RateLimited(limit = 5, window = "1m", cost = 10)
        @GetMapping("/x")
        String x() {
            return "x";
        }
    }

    @RestController
    static class CostAboveGroupLimitController {
        @RateLimited(group = "exports", cost = 10)
        @GetMapping("/x")
        String x() {
            return "x";
        }
    }

    @RestController
    static class BadAnnotationController {
        @RateLimited(window = "ten seconds")
        @GetMapping("/x")
        String x() {
            return "x";
        }
    }

    private static void assertStartupFailure(WebApplicationContextRunner runner, String property, String value) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable t = context.getStartupFailure();
            while (t != null && !(t instanceof org.springframework.boot.context.properties.source
                    .InvalidConfigurationPropertyValueException)) {
                t = t.getCause();
            }
            assertThat(t).as("InvalidConfigurationPropertyValueException for " + property).isNotNull();
            var error = (org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException) t;
            assertThat(error.getName()).isEqualTo(property);
            assertThat(error.getValue() == null ? null : error.getValue().toString()).isEqualTo(value);
        });
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor remote(String address) {
        return r -> {
            r.setRemoteAddr(address);
            return r;
        };
    }

    private static MockHttpServletResponse awaitStatus(MockMvc mvc, int status) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        MockHttpServletResponse last = null;
        while (System.nanoTime() < deadline) {
            last = perform(mvc, get("/api/rates"));
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still " + (last == null ? "nothing" : last.getStatus()) + " after 15 s");
    }
}
