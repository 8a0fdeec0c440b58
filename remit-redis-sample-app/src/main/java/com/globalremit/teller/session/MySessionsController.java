package com.globalremit.teller.session;

import java.security.Principal;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import com.globalremit.redis.session.RedisSession;
import com.globalremit.redis.session.RedisSessionStore;

/** "My sessions": where the teller is logged in, and "log out everywhere". */
@RestController
@RequestMapping("/sessions")
class MySessionsController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final RedisSessionStore store;

    MySessionsController(RedisSessionStore store) {
        this.store = store;
    }

    @GetMapping(produces = MediaType.TEXT_HTML_VALUE)
    String page(Principal principal, HttpSession current, HttpServletRequest request) {
        List<RedisSession> sessions = store.sessionsOf(principal.getName());
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>My sessions</title></head><body>");
        html.append("<h1>My sessions</h1><p>Logged in as <b>").append(esc(principal.getName())).append("</b></p>");
        html.append("<table border=\"1\" cellpadding=\"4\"><tr><th></th><th>Role</th><th>Created</th>")
                .append("<th>Last activity</th><th>Ends if idle</th><th>Ends at the latest</th>")
                .append("<th>Remember me</th><th>Browser</th><th>Address</th></tr>");
        for (RedisSession s : sessions) {
            html.append("<tr><td>").append(s.id().equals(current.getId()) ? "this session" : "")
                    .append("</td><td>").append(esc(s.role()))
                    .append("</td><td>").append(TIME.format(s.createdAt()))
                    .append("</td><td>").append(TIME.format(s.lastActivity()))
                    .append("</td><td>").append(TIME.format(s.expiresAt()))
                    .append("</td><td>").append(TIME.format(s.absoluteExpiresAt()))
                    .append("</td><td>").append(s.rememberMe() ? "yes" : "no")
                    .append("</td><td>").append(esc(s.userAgent()))
                    .append("</td><td>").append(esc(s.ipAddress())).append("</td></tr>");
        }
        html.append("</table>");
        html.append("<form method=\"post\" action=\"/sessions/logout-everywhere\">");
        if (csrf != null) {
            html.append("<input type=\"hidden\" name=\"").append(esc(csrf.getParameterName())).append("\" value=\"")
                    .append(esc(csrf.getToken())).append("\">");
        }
        html.append("<button type=\"submit\">Log out everywhere</button></form>");
        html.append("<form method=\"post\" action=\"/logout\">");
        if (csrf != null) {
            html.append("<input type=\"hidden\" name=\"").append(esc(csrf.getParameterName())).append("\" value=\"")
                    .append(esc(csrf.getToken())).append("\">");
        }
        html.append("<button type=\"submit\">Log out</button></form></body></html>");
        return html.toString();
    }

    /** The current teller and how many sessions they have (JSON, for scripts and tests). */
    @GetMapping(path = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> me(Principal principal, HttpSession current) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", principal.getName());
        body.put("role", store.peek(current.getId()).map(RedisSession::role).orElse(null));
        body.put("rememberMe", store.peek(current.getId()).map(RedisSession::rememberMe).orElse(false));
        body.put("sessions", store.sessionsOf(principal.getName()).size());
        return body;
    }

    @PostMapping("/logout-everywhere")
    org.springframework.http.ResponseEntity<Void> logoutEverywhere(Principal principal, HttpServletRequest request) {
        store.invalidateAll(principal.getName());
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyGone) {
                // Ended by invalidateAll above: nothing more to do.
            }
        }
        return org.springframework.http.ResponseEntity.status(302)
                .header("Location", "/login?logout").build();
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s);
    }
}
