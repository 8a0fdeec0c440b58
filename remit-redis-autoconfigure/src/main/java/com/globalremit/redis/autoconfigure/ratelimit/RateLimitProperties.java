package com.globalremit.redis.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.globalremit.redis.ratelimit.FailurePolicy;
import com.globalremit.redis.ratelimit.RateLimitAlgorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limiting ({@code remit.redis.rate-limit.*}): tiers, how callers map to them, endpoint groups, the web
 * integration and what happens when Redis fails.
 */
@ConfigurationProperties("remit.redis.rate-limit")
public class RateLimitProperties {

    /** Turn rate limiting (the limiter bean and the Spring MVC interceptor) on or off. */
    private boolean enabled = true;

    /**
     * What a check answers when Redis fails or is slower than the timeout: fail-open (this instance's in-memory
     * limiter with the same limits) or fail-closed (deny; HTTP 503).
     */
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;

    /** Longest wait for Redis per check, independent of remit.redis.command-timeout. */
    private Duration timeout = Duration.ofMillis(200);

    /** After a failure, how long checks skip Redis before probing it again (0 to try Redis on every check). */
    private Duration probeInterval = Duration.ofSeconds(1);

    /** At most one log line about a Redis outage per interval. */
    private Duration outageLogInterval = Duration.ofMinutes(1);

    /**
     * Answer a caller that Redis has just denied without asking Redis again until the request that blocks it
     * leaves the window. Exact (denials change nothing in Redis and entries leave only with time); saves the
     * round trip for clients that keep retrying. A key deleted by hand is noticed only when that time comes.
     */
    private boolean rememberDenials = true;

    /**
     * Tiers by name. Built in, per minute, sliding log: unauthenticated 60, basic-teller 300, senior-teller 600,
     * manager 1000, system 5000. Setting one field of a built-in tier keeps its other defaults.
     */
    private Map<String, Tier> tiers = new LinkedHashMap<>();

    /**
     * Authority (Spring Security) or role (servlet request) to tier. When a caller has several, the tier with
     * the highest rate wins. Default: ROLE_TELLER basic-teller, ROLE_SENIOR_TELLER senior-teller, ROLE_MANAGER
     * manager, ROLE_SYSTEM system.
     */
    private Map<String, String> roleTiers = new LinkedHashMap<>(Map.of("ROLE_TELLER", "basic-teller",
            "ROLE_SENIOR_TELLER", "senior-teller", "ROLE_MANAGER", "manager", "ROLE_SYSTEM", "system"));

    /** Tier of an authenticated caller none of whose roles is in role-tiers. */
    private String authenticatedTier = "basic-teller";

    /** Tier of unauthenticated callers, who are keyed by client IP address. */
    private String unauthenticatedTier = "unauthenticated";

    /**
     * Addresses (IPs or CIDR ranges such as 10.0.0.0/8) of reverse proxies whose X-Forwarded-For header is
     * believed. Empty (the default): the header is ignored, since any client can send it.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * Endpoint groups by name, each with its own counters per caller (the key's endpoint part) and optional limit
     * overrides. The first group whose paths match a request applies.
     */
    private Map<String, EndpointGroup> endpointGroups = new LinkedHashMap<>();

    /** Group of requests that match no endpoint group and carry no @RateLimited group. */
    private String defaultGroup = "default";

    private final Web web = new Web();

    /** A tier's limit. Unset fields take the built-in tier's value, else 1 minute and sliding-log. */
    public static class Tier {

        /** Requests per window. */
        private Long limit;

        /** Length of the sliding window. */
        private Duration window;

        /** sliding-log (exact) or sliding-window-counter (O(1) memory, approximate). */
        private RateLimitAlgorithm algorithm;

        public Long getLimit() { return limit; }
        public void setLimit(Long limit) { this.limit = limit; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
        public RateLimitAlgorithm getAlgorithm() { return algorithm; }
        public void setAlgorithm(RateLimitAlgorithm algorithm) { this.algorithm = algorithm; }
    }

    /** Paths sharing counters, with optional overrides of the tiers' limits. */
    public static class EndpointGroup {

        /** Spring path patterns, e.g. /api/transfers/**. */
        private List<String> paths = new ArrayList<>();

        /** Limit for every tier on this group (unset: each tier's own). */
        private Long limit;

        /** Window for every tier on this group (unset: each tier's own). */
        private Duration window;

        /** Algorithm for every tier on this group (unset: each tier's own). */
        private RateLimitAlgorithm algorithm;

        /** Per-tier overrides on this group; they win over limit/window/algorithm above. */
        private Map<String, Tier> tiers = new LinkedHashMap<>();

        public List<String> getPaths() { return paths; }
        public void setPaths(List<String> paths) { this.paths = paths; }
        public Long getLimit() { return limit; }
        public void setLimit(Long limit) { this.limit = limit; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
        public RateLimitAlgorithm getAlgorithm() { return algorithm; }
        public void setAlgorithm(RateLimitAlgorithm algorithm) { this.algorithm = algorithm; }
        public Map<String, Tier> getTiers() { return tiers; }
        public void setTiers(Map<String, Tier> tiers) { this.tiers = tiers; }
    }

    /** Spring MVC integration. */
    public static class Web {

        /** Check every Spring MVC request and add rate-limit headers (servlet applications only). */
        private boolean enabled = true;

        /** Paths never limited (Spring path patterns). */
        private List<String> excludePaths = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**"));

        /**
         * Also send the IETF draft headers RateLimit-Policy ("tier";q=limit;w=window seconds) and RateLimit
         * ("tier";r=remaining;t=seconds until capacity returns).
         */
        private boolean ietfHeaders;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getExcludePaths() { return excludePaths; }
        public void setExcludePaths(List<String> excludePaths) { this.excludePaths = excludePaths; }
        public boolean isIetfHeaders() { return ietfHeaders; }
        public void setIetfHeaders(boolean ietfHeaders) { this.ietfHeaders = ietfHeaders; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public FailurePolicy getFailurePolicy() { return failurePolicy; }
    public void setFailurePolicy(FailurePolicy failurePolicy) { this.failurePolicy = failurePolicy; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getProbeInterval() { return probeInterval; }
    public void setProbeInterval(Duration probeInterval) { this.probeInterval = probeInterval; }
    public Duration getOutageLogInterval() { return outageLogInterval; }
    public void setOutageLogInterval(Duration outageLogInterval) { this.outageLogInterval = outageLogInterval; }
    public boolean isRememberDenials() { return rememberDenials; }
    public void setRememberDenials(boolean rememberDenials) { this.rememberDenials = rememberDenials; }
    public Map<String, Tier> getTiers() { return tiers; }
    public void setTiers(Map<String, Tier> tiers) { this.tiers = tiers; }
    public Map<String, String> getRoleTiers() { return roleTiers; }
    public void setRoleTiers(Map<String, String> roleTiers) { this.roleTiers = roleTiers; }
    public String getAuthenticatedTier() { return authenticatedTier; }
    public void setAuthenticatedTier(String authenticatedTier) { this.authenticatedTier = authenticatedTier; }
    public String getUnauthenticatedTier() { return unauthenticatedTier; }
    public void setUnauthenticatedTier(String unauthenticatedTier) { this.unauthenticatedTier = unauthenticatedTier; }
    public List<String> getTrustedProxies() { return trustedProxies; }
    public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
    public Map<String, EndpointGroup> getEndpointGroups() { return endpointGroups; }
    public void setEndpointGroups(Map<String, EndpointGroup> endpointGroups) { this.endpointGroups = endpointGroups; }
    public String getDefaultGroup() { return defaultGroup; }
    public void setDefaultGroup(String defaultGroup) { this.defaultGroup = defaultGroup; }
    public Web getWeb() { return web; }
}
