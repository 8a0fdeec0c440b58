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
    UNKNOWN
}
