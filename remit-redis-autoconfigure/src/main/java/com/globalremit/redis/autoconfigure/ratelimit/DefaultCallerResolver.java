package com.globalremit.redis.autoconfigure.ratelimit;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.ClassUtils;

/**
 * The built-in caller resolution. An authenticated caller is keyed by name and gets the highest tier any of its
 * roles maps to (remit.redis.rate-limit.role-tiers), or the authenticated tier. Roles come from Spring Security's
 * authorities when Spring Security is on the classpath and has authenticated the request, otherwise from the
 * servlet container ({@code getUserPrincipal()}, {@code isUserInRole}). Anyone else is keyed by client address
 * in the unauthenticated tier.
 */
final class DefaultCallerResolver implements RateLimitCallerResolver {

    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.context.SecurityContextHolder", DefaultCallerResolver.class.getClassLoader());

    private final RateLimitTiers tiers;
    private final TrustedProxies proxies;

    DefaultCallerResolver(RateLimitTiers tiers, TrustedProxies proxies) {
        this.tiers = tiers;
        this.proxies = proxies;
    }

    @Override
    public RateLimitCaller resolve(HttpServletRequest request) {
        if (SPRING_SECURITY) {
            SpringSecurityCaller.Authenticated auth = SpringSecurityCaller.current();
            if (auth != null) {
                return RateLimitCaller.user(auth.name(), tierFor(auth.authorities()));
            }
        }
        Principal principal = request.getUserPrincipal();
        if (principal != null && principal.getName() != null && !principal.getName().isEmpty()) {
            List<String> roles = new ArrayList<>();
            for (String role : tiers.roleTiers().keySet()) {
                if (request.isUserInRole(role)
                        || (role.startsWith("ROLE_") && request.isUserInRole(role.substring("ROLE_".length())))) {
                    roles.add(role);
                }
            }
            return RateLimitCaller.user(principal.getName(), tierFor(roles));
        }
        return unauthenticated(request);
    }

    RateLimitCaller unauthenticated(HttpServletRequest request) {
        return RateLimitCaller.address(proxies.clientAddress(request), tiers.unauthenticatedTier());
    }

    private String tierFor(Collection<String> roles) {
        Map<String, String> map = tiers.roleTiers();
        List<String> candidates = new ArrayList<>();
        for (String role : roles) {
            String tier = map.get(role);
            if (tier != null) {
                candidates.add(tier);
            }
        }
        String best = tiers.highest(candidates);
        return best != null ? best : tiers.authenticatedTier();
    }
}
