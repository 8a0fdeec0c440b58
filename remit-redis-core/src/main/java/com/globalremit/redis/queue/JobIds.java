package com.globalremit.redis.queue;

import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids, dedup keys, type and queue names become parts of Redis keys: keep them to a safe alphabet. */
final class JobIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@-]{1,200}");

    private JobIds() {
    }

    static String requireValid(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-200 characters of A-Z a-z 0-9 . _ @ -, but was "
                    + (value == null ? "null" : "'" + value.replaceAll("[^\\x20-\\x7e]", "?") + "'"));
        }
        return value;
    }

    static String generate() {
        return UUID.randomUUID().toString();
    }
}
