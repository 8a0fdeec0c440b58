package com.globalremit.redis.session;

/** Why a session ended on its own. */
public enum ExpiryReason {
    /** Not used for longer than its idle timeout. */
    IDLE,
    /** Reached its absolute deadline, however active it was. */
    ABSOLUTE
}
