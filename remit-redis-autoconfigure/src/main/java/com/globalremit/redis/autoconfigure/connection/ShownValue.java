package com.globalremit.redis.autoconfigure.connection;

import java.util.Collection;

import com.globalremit.redis.connection.RedisConnectionSettings;

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
            return RedisConnectionSettings.maskUserInfo(text);
        }
        if (value instanceof Collection<?> values) {
            return values.stream()
                    .map(v -> v instanceof String text ? RedisConnectionSettings.maskUserInfo(text) : v).toList();
        }
        return value;
    }
}
