package com.globalremit.redis.autoconfigure.session;

/**
 * The user agent and address of the request being served, recorded with a session when its user logs in. Set by
 * {@link SessionClientInfoFilter}, which wraps Spring Session's filter so it is still there when the session is
 * saved at the end of the request.
 */
public record SessionClientInfo(String userAgent, String ipAddress) {

    private static final ThreadLocal<SessionClientInfo> CURRENT = new ThreadLocal<>();

    static SessionClientInfo current() {
        return CURRENT.get();
    }

    static void set(SessionClientInfo info) {
        CURRENT.set(info);
    }

    static void clear() {
        CURRENT.remove();
    }

    @Override
    public String toString() {
        return "SessionClientInfo[...]";
    }
}
