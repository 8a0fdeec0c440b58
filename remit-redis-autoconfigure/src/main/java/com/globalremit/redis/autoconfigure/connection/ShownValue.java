package com.globalremit.redis.autoconfigure.connection;

import java.util.Collection;

/**
 * The value of a connection property as it may appear in a start-up error: a password is hidden whole, and the user
 * info of any URL ({@code redis://user:secret@host:port}) is masked, keeping scheme, host, port and path so the user
 * still sees what is wrong. Applies to single URLs and to lists of them (sentinel or cluster nodes).
 */
final class ShownValue {

    static final String HIDDEN = "<hidden>";

    private ShownValue() {
    }

    static Object of(String property, Object value) {
        if (property != null && property.endsWith("password")) {
            return HIDDEN;
        }
        if (value instanceof String text) {
            return maskUrl(text);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(v -> v instanceof String text ? maskUrl(text) : v).toList();
        }
        return value;
    }

    /**
     * {@code redis://user:secret@host:6379/0} -> {@code redis://****@host:6379/0}. The last '@' ends the user info,
     * so a password holding '/', '?', '#' or '@' is masked whole.
     */
    static String maskUrl(String value) {
        int schemeEnd = value.indexOf("://");
        int at = value.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) {
            return value;
        }
        return value.substring(0, schemeEnd + 3) + "****" + value.substring(at);
    }
}
