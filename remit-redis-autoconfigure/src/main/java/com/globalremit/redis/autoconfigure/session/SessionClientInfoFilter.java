package com.globalremit.redis.autoconfigure.session;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Makes the request's user agent and client address available while Spring Session saves the session, so a login
 * records them. The address is {@link ServletRequest#getRemoteAddr()}: behind a proxy, let the server resolve
 * {@code X-Forwarded-For} ({@code server.forward-headers-strategy}) rather than trusting the header here.
 */
public class SessionClientInfoFilter implements Filter {

    private static final int MAX_USER_AGENT = 512;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String userAgent = request instanceof HttpServletRequest http ? http.getHeader("User-Agent") : null;
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        SessionClientInfo.set(new SessionClientInfo(userAgent, request.getRemoteAddr()));
        try {
            chain.doFilter(request, response);
        } finally {
            SessionClientInfo.clear();
        }
    }
}
