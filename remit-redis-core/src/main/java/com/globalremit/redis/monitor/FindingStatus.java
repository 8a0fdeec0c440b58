package com.globalremit.redis.monitor;

/** Outcome of one advisor check. */
public enum FindingStatus {
    /** Matches the recommended profile. */
    OK,
    /** Differs in a way that degrades safety or performance. */
    WARN,
    /** Differs in a way that loses data or exposes the server. */
    CRITICAL,
    /** Could not be determined with this user's permissions or on this server (CONFIG refused, old version). */
    UNKNOWN;

    /** Severity order, for "the worst of": OK 0, UNKNOWN 1, WARN 2, CRITICAL 3 (not the declaration order). */
    public int rank() {
        return switch (this) {
            case OK -> 0;
            case UNKNOWN -> 1;
            case WARN -> 2;
            case CRITICAL -> 3;
        };
    }
}
