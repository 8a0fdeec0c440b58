package com.globalremit.redis.queue;

import java.util.Locale;

/** The three priorities of a queue; each is one sorted set, FIFO inside. */
public enum JobPriority {
    HIGH, MEDIUM, LOW;

    /** The name used in Redis keys and job records ({@code high}, {@code medium}, {@code low}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code high}/{@code HIGH}... */
    public static JobPriority fromCode(String code) {
        if (code == null) {
            throw new IllegalArgumentException("priority must be one of high, medium, low, but was null");
        }
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("priority must be one of high, medium, low, but was '" + code + "'");
        }
    }
}
