package com.globalremit.redis.autoconfigure.cache;

import java.lang.reflect.Array;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Turns method arguments and SpEL results into cache ids. Ids are URL-encoded, so any value (with {@code :},
 * spaces, braces, ...) makes a valid key part that cannot hijack the hash tag or the key structure; plain ids
 * ({@code 123}, {@code USD}, {@code a-b_c.d}) stay as they are, which keeps them equal to the ids code passes to
 * {@link com.globalremit.redis.cache.RemitCache} directly.
 * <p>
 * Several values (arguments, array elements) are each encoded first and then joined with {@code ,}: URL encoding
 * turns a {@code ,} inside a value into {@code %2C}, so ("a,b", "c") and ("a", "b,c") get different ids. Marks
 * URL encoding never produces keep the other cases apart: {@code %null} for {@code null} (not the string
 * "null"), {@code %} for the empty string, {@code [..]} around a nested array. Arrays, primitive ones included,
 * are keyed by their content, never by their identity hash.
 */
final class CacheIds {

    /** URL encoding never writes a {@code %} that is not followed by two hex digits. */
    private static final String NULL = "%null";
    private static final String EMPTY = "%";

    private CacheIds() {
    }

    static String of(Object value) {
        if (value != null && value.getClass().isArray()) {
            return elements(value);
        }
        return element(value);
    }

    /** The default id of a method call: its arguments, each encoded, joined with {@code ,}; {@code all} without. */
    static String ofArguments(Object[] args) {
        if (args.length == 0) {
            return "all";
        }
        return args.length == 1 ? of(args[0]) : elements(args);
    }

    private static String elements(Object array) {
        int length = Array.getLength(array);
        if (length == 0) {
            return "[]";
        }
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < length; i++) {
            joined.add(element(Array.get(array, i)));
        }
        return joined.toString();
    }

    private static String element(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value.getClass().isArray()) {
            return "[" + elements(value) + "]";
        }
        String text = String.valueOf(value);
        if (text.isEmpty()) {
            return EMPTY;
        }
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
