package com.globalremit.redis.autoconfigure.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.globalremit.redis.ratelimit.RateLimit;
import com.globalremit.redis.ratelimit.RateLimitDecision;
import com.globalremit.redis.ratelimit.SlidingWindowRateLimiter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Checks every Spring MVC request: adds {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (epoch seconds) to every response (optionally the IETF draft's
 * {@code RateLimit-Policy} and {@code RateLimit}), and answers a denied request itself: 429 with
 * {@code Retry-After} and an RFC 9457 problem-detail body, or 503 when Redis is unavailable and the policy is
 * fail-closed. Only the original request dispatch is counted, not error or async re-dispatches.
 */
public class RateLimitInterceptor implements HandlerInterceptor {

    /** What applies to one handler method, worked out once. */
    record Target(String group, Long limit, Duration window, long cost) {
    }

    private record Group(String name, List<PathPattern> patterns) {
    }

    private static final Target NO_ANNOTATION = new Target(null, null, null, 1);

    private final SlidingWindowRateLimiter limiter;
    private final RateLimitTiers tiers;
    private final RateLimitCallerResolver userResolver;
    private final DefaultCallerResolver defaultResolver;
    private final RateLimitMetrics metrics;
    private final List<PathPattern> excluded;
    private final List<Group> groups;
    private final String defaultGroup;
    private final boolean ietfHeaders;
    private final Map<HandlerMethod, Target> targets = new ConcurrentHashMap<>();

    RateLimitInterceptor(SlidingWindowRateLimiter limiter, RateLimitTiers tiers, RateLimitProperties properties,
            RateLimitCallerResolver userResolver, DefaultCallerResolver defaultResolver, RateLimitMetrics metrics) {
        this.limiter = limiter;
        this.tiers = tiers;
        this.userResolver = userResolver;
        this.defaultResolver = defaultResolver;
        this.metrics = metrics;
        this.excluded = properties.getWeb().getExcludePaths().stream()
                .map(p -> parse(p, "remit.redis.rate-limit.web.exclude-paths")).toList();
        this.groups = properties.getEndpointGroups().entrySet().stream()
                .map(e -> new Group(e.getKey(), e.getValue().getPaths().stream()
                        .map(p -> parse(p, "remit.redis.rate-limit.endpoint-groups." + e.getKey() + ".paths"))
                        .toList()))
                .toList();
        this.defaultGroup = properties.getDefaultGroup();
        if (defaultGroup == null || defaultGroup.isBlank()) {
            throw new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
                    "remit.redis.rate-limit.default-group", defaultGroup, "must not be empty");
        }
        this.ietfHeaders = properties.getWeb().isIetfHeaders();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        PathContainer path = PathContainer.parsePath(pathWithinApplication(request));
        for (PathPattern pattern : excluded) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        Target target = handler instanceof HandlerMethod method ? targets.computeIfAbsent(method, this::target)
                : NO_ANNOTATION;
        String group = target.group() != null ? target.group() : group(path);

        RateLimitCaller caller = userResolver != null ? userResolver.resolve(request) : null;
        if (caller == null) {
            caller = defaultResolver.resolve(request);
        }
        RateLimit limit = tiers.limit(caller.tier(), group);
        if (target.limit() != null || target.window() != null) {
            limit = new RateLimit(target.limit() != null ? target.limit() : limit.limit(),
                    target.window() != null ? target.window() : limit.window(), limit.algorithm());
        }
        if (target.cost() > limit.limit()) {
            // Never admitted, whatever the count: refused without counting (the annotation's own limit and a fixed
            // group's tier limits are checked at start-up; this is a path-based group's limit for this tier).
            rejectCostAboveLimit(request, response, limit, target.cost());
            return false;
        }
        long start = System.nanoTime();
        RateLimitDecision decision = limiter.check(caller.id(), group, limit, target.cost());
        metrics.record(caller.tier(), decision, System.nanoTime() - start);

        writeHeaders(response, caller.tier(), limit, decision);
        if (decision.allowed()) {
            return true;
        }
        reject(request, response, limit, decision);
        return false;
    }

    /** Validates every @RateLimited at start-up, so a bad window fails the application rather than a request. */
    void validate(Iterable<HandlerMethod> methods) {
        for (HandlerMethod method : methods) {
            targets.computeIfAbsent(method, this::target);
        }
    }

    private Target target(HandlerMethod method) {
        RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class);
        }
        if (annotation == null) {
            return NO_ANNOTATION;
        }
        String where = "@RateLimited on " + method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
        Long limit = null;
        if (annotation.limit() < 0) {
            throw new IllegalStateException(where + ": limit must be at least 1 (or 0 for the tier's), but was "
                    + annotation.limit());
        } else if (annotation.limit() > 0) {
            limit = annotation.limit();
        }
        Duration window = null;
        if (!annotation.window().isEmpty()) {
            try {
                window = DurationStyle.detectAndParse(annotation.window());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": window '" + annotation.window()
                        + "' is not a duration such as 30s, 1m or PT1H", e);
            }
            if (window.isNegative() || window.isZero() || window.toNanos() % 1_000_000 != 0) {
                throw new IllegalStateException(where + ": window must be a positive whole number of milliseconds,"
                        + " but was '" + annotation.window() + "'");
            }
        }
        if (annotation.cost() < 1) {
            throw new IllegalStateException(where + ": cost must be at least 1, but was " + annotation.cost());
        }
        String group = annotation.group().isEmpty() ? null : annotation.group();
        if (group == null && (limit != null || window != null)) {
            group = method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
        }
        if (group != null) {
            requireCostWithinLimits(where, group, limit, annotation.cost());
        }
        return new Target(group, limit, window, annotation.cost());
    }

    /**
     * A request costing more than its limit could never be admitted: refused at start-up where the group, and so
     * every tier's limit, is known from the annotation. The limiter refuses such a cost, and capping it at the limit
     * would silently charge less than the annotation says.
     */
    private void requireCostWithinLimits(String where, String group, Long annotationLimit, long cost) {
        if (annotationLimit != null) {
            if (cost > annotationLimit) {
                throw new IllegalStateException(where + ": cost " + cost + " is above its limit " + annotationLimit
                        + ", so such a request could never be admitted");
            }
            return;
        }
        for (String tier : tiers.tiers().keySet()) {
            long tierLimit = tiers.limit(tier, group).limit();
            if (cost > tierLimit) {
                throw new IllegalStateException(where + ": cost " + cost + " is above the limit " + tierLimit
                        + " of tier '" + tier + "' on group '" + group + "' (remit.redis.rate-limit.tiers / "
                        + "endpoint-groups), so such a request could never be admitted");
            }
        }
    }

    private String group(PathContainer path) {
        for (Group group : groups) {
            for (PathPattern pattern : group.patterns()) {
                if (pattern.matches(path)) {
                    return group.name();
                }
            }
        }
        return defaultGroup;
    }

    private void writeHeaders(HttpServletResponse response, String tier, RateLimit limit, RateLimitDecision d) {
        response.setHeader("X-RateLimit-Limit", Long.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
        if (ietfHeaders) {
            long untilReset = d.allowed() ? Math.max(0, d.resetEpochSeconds() - System.currentTimeMillis() / 1000)
                    : d.retryAfterSeconds();
            String name = '"' + tier + '"';
            // w is whole seconds: rounded up, so a 1500 ms window is never advertised as a shorter one (w=1).
            response.setHeader("RateLimit-Policy", name + ";q=" + limit.limit() + ";w="
                    + Math.max(1, (limit.window().toMillis() + 999) / 1000));
            response.setHeader("RateLimit", name + ";r=" + d.remaining() + ";t=" + untilReset);
        }
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, RateLimit limit,
            RateLimitDecision d) throws IOException {
        boolean unavailable = d.source() == RateLimitDecision.Source.UNAVAILABLE;
        int status = unavailable ? 503 : 429;
        String title = unavailable ? "Service Unavailable" : "Too Many Requests";
        String detail = unavailable
                ? "Rate limiting is unavailable and this service denies requests until it returns."
                : "Rate limit of " + limit.limit() + " requests per " + describe(limit.window())
                        + " exceeded; retry after " + d.retryAfterSeconds() + " s.";
        response.setHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
        writeProblem(request, response, status, title, detail);
    }

    private static void rejectCostAboveLimit(HttpServletRequest request, HttpServletResponse response,
            RateLimit limit, long cost) throws IOException {
        // 429 without Retry-After: no wait makes this request fit.
        response.setHeader("X-RateLimit-Limit", Long.toString(limit.limit()));
        String detail = "This request costs " + cost + " units, more than the limit of " + limit.limit()
                + " per " + describe(limit.window()) + "; it is never admitted.";
        writeProblem(request, response, 429, "Too Many Requests", detail);
    }

    /** An RFC 9457 problem-detail body with its status. */
    private static void writeProblem(HttpServletRequest request, HttpServletResponse response, int status,
            String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\",\"instance\":\"" + json(request.getRequestURI()) + "\"}");
    }

    private static String describe(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length())
                : uri;
    }

    private static PathPattern parse(String pattern, String property) {
        try {
            return PathPatternParser.defaultInstance.parse(pattern);
        } catch (RuntimeException e) {
            throw new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
                    property, pattern, "not a valid path pattern: " + e.getMessage());
        }
    }
}
