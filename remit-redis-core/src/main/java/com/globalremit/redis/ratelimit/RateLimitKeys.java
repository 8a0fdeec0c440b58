package com.globalremit.redis.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.globalremit.redis.key.KeyNaming;

/**
 * Builds rate-limit keys: {@code [prefix:]rate_limit:<log|counter>:{caller}:<endpoint>:<window ms>}, the design
 * document's {@code rate_limit:{userId}:{endpoint}} with the caller as cluster hash tag (all of one caller's limits on
 * one slot), the algorithm as entity, because the log is a sorted set and the counter a hash and a tier that
 * switches algorithm must not meet a key of the other type, and the window as last part, because two limits of
 * different windows on the same caller and endpoint ("100 per minute and 1000 per hour") must each count on their
 * own: sharing one key, the log would trim the longer window's entries with the shorter window and the counter would
 * start afresh at every switch. Callers such as IPv6 addresses may contain characters a key part may not ({@code :},
 * braces, spaces): they are percent-encoded.
 */
public final class RateLimitKeys {

    private final KeyNaming naming;

    public RateLimitKeys(KeyNaming naming) {
        this.naming = Objects.requireNonNull(naming, "naming");
    }

    /**
     * @throws IllegalArgumentException when caller or endpoint is null or empty
     */
    public String key(String caller, String endpoint, RateLimit limit) {
        requireText("caller", caller);
        requireText("endpoint", endpoint);
        Objects.requireNonNull(limit, "limit");
        return naming.key("rate_limit", limit.algorithm() == RateLimitAlgorithm.SLIDING_LOG ? "log" : "counter")
                .id(encode(caller)).hashTag().sub(encode(endpoint)).suffix(Long.toString(limit.window().toMillis()))
                .build();
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Rate limit " + what + " must not be "
                    + (value == null ? "null" : "empty"));
        }
    }

    /** Keeps letters, digits and {@code . _ - @ / +}; percent-encodes every other UTF-8 byte. */
    static String encode(String part) {
        boolean clean = true;
        for (int i = 0; i < part.length() && clean; i++) {
            clean = safe(part.charAt(i));
        }
        if (clean) {
            return part;
        }
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (b >= 0 && safe(c)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean safe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '-' || c == '@' || c == '/' || c == '+';
    }
}
