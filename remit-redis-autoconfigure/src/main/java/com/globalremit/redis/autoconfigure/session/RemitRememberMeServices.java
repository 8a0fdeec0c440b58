package com.globalremit.redis.autoconfigure.session;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.session.security.web.authentication.SpringSessionRememberMeServices;

/**
 * Spring Session's remember-me (the session itself is remembered, no extra token cookie) that also switches the
 * session to remit-redis's remember-me policy: idle timeout and own absolute limit both
 * {@code remit.redis.session.remember-me-timeout}. Plug it into Spring Security with
 * {@code http.rememberMe(r -> r.rememberMeServices(rememberMeServices))}.
 */
public class RemitRememberMeServices extends SpringSessionRememberMeServices {

    @Override
    protected boolean rememberMeRequested(HttpServletRequest request, String parameter) {
        boolean requested = super.rememberMeRequested(request, parameter);
        if (requested) {
            request.getSession().setAttribute(RemitSessionRepository.REMEMBER_ME_ATTRIBUTE, Boolean.TRUE);
        }
        return requested;
    }
}
