package com.globalremit.redis.autoconfigure.cache;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns method arguments and SpEL results into cache ids. Ids are URL-encoded, so any value (with {@code :},
 * spaces, braces, ...) makes a valid key part that cannot hijack the hash tag or the key structure; plain ids
 * ({@code 123}, {@code USD}, {@code a-b_c.d}) stay as they are, which keeps them equal to the ids code passes to
 * {@link com.globalremit.redis.cache.RemitCache} directly.
 */
final class CacheIds {

    private CacheIds() {
    }

    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof Object[] array ? Arrays.stream(array).map(String::valueOf)
                .collect(Collectors.joining(",")) : String.valueOf(value);
        if (text.isEmpty()) {
            return "%"; // never produced by URL encoding, so it cannot collide with a real id
        }
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The default id of a method call: its arguments joined with {@code ,}, {@code all} without arguments. */
    static String ofArguments(Object[] args) {
        if (args.length == 0) {
            return "all";
        }
        return args.length == 1 ? of(args[0]) : of(args);
    }
}
