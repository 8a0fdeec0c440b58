package com.globalremit.redis.key;

import java.util.Objects;

/**
 * Helpers for Redis glob patterns ({@code SCAN MATCH}, {@code KEYS}, {@code PSUBSCRIBE}).
 *
 * <p>Redis globs give {@code * ? [ ] \} a meaning; an id such as {@code 12*} pasted into a pattern unescaped
 * would match {@code 123}, {@code 1299}, ... and widen a delete or an invalidation to other clients' keys.
 * {@link KeyBuilder#pattern()} escapes every literal part with {@link #escapeGlob(String)}; a wildcard has to be
 * asked for explicitly with {@link #ANY}.
 */
public final class KeyPatterns {

    /**
     * The wildcard token: pass it where a part is expected ({@code .id(KeyPatterns.ANY)},
     * {@code .sub(KeyPatterns.ANY)}) to get {@code *} in {@link KeyBuilder#pattern()}. It is recognised by
     * identity, so a literal {@code "*"} coming from user input stays a literal (escaped to {@code \*}).
     * {@link KeyBuilder#build()} refuses it. Note that {@code *} in a Redis glob also matches the separator: a
     * wildcard id matches ids and anything after them.
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    public static final String ANY = new String("*"); // a distinct instance on purpose: see above

    private static final String GLOB_SPECIAL = "*?[]\\";

    private KeyPatterns() {
    }

    /** Escapes {@code * ? [ ] \} with a backslash so the text matches only itself in a Redis glob. */
    public static String escapeGlob(String literal) {
        Objects.requireNonNull(literal, "literal");
        StringBuilder out = null;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (GLOB_SPECIAL.indexOf(c) >= 0) {
                if (out == null) {
                    out = new StringBuilder(literal.length() + 8).append(literal, 0, i);
                }
                out.append('\\');
            }
            if (out != null) {
                out.append(c);
            }
        }
        return out == null ? literal : out.toString();
    }

    static boolean isAny(String part) {
        return part == ANY; // identity, not equals: see ANY
    }
}
