package com.globalremit.redis.autoconfigure.ratelimit;

import java.util.List;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Reads the current Spring Security authentication; only loaded when Spring Security is on the classpath. */
final class SpringSecurityCaller {

    record Authenticated(String name, List<String> authorities) {
    }

    private SpringSecurityCaller() {
    }

    /** The authenticated, non-anonymous caller of this thread, or {@code null}. */
    static Authenticated current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
                || auth.getName() == null || auth.getName().isEmpty()) {
            return null;
        }
        List<String> authorities = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a != null).toList();
        return new Authenticated(auth.getName(), authorities);
    }
}
